"""Simultaneous submissions on PostgreSQL: every request is stored exactly once."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from post_office.models import Email

from consultations.models import ConsultationRequest
from tests.conftest import BrowserClient
from tests.consultations_factories import form_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs DATABASE_URL to point at PostgreSQL",
    ),
]

SUBMISSIONS = 6
COPIES = 4  # each submission arrives this many times at once, as from a frantic double-click


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_are_each_stored_exactly_once(settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.FORM_RATE_LIMIT = "off"
    submissions = [form_data(email=f"client{i}@example.com") for i in range(SUBMISSIONS)]
    posts = [data for data in submissions for _ in range(COPIES)]
    start = threading.Barrier(len(posts))

    def post(data):
        try:
            start.wait(timeout=30)
            return BrowserClient().post("/consultation/", data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        statuses = list(pool.map(post, posts))

    assert statuses == [303] * len(posts)
    stored = ConsultationRequest.objects.values_list("submission_key", flat=True)
    assert sorted(str(key) for key in stored) == sorted(d["submission_key"] for d in submissions)
    assert Email.objects.count() == 2 * SUBMISSIONS
    for consultation in ConsultationRequest.objects.all():
        assert consultation.emails.count() == 2
