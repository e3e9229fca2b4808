"""Fifty clients booking one time at once through real gunicorn, on SQLite and PostgreSQL."""

import json
import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest

from tests.servers import ROOT, app_servers, fetch, post_form_fields, shared_servers_env

CLIENTS = 50
# Three clinicians work every day, one of them only in the afternoon: two are free at 10:00.
SEED = """
from datetime import time
from base.models import BusinessProfile, OpeningHours, Person
from consultations.models import BookingSettings, Clinician, WorkingHours
profile = BusinessProfile.objects.create(
    name="Solenne Med Spa", phone="(503) 555-0142", phone_e164="+15035550142",
    email="hello@solenne.example", street_address="418 NW Alder Street", locality="Portland",
    region="OR", postal_code="97209", medical_disclaimer="General information only.",
)
for weekday in range(7):
    OpeningHours.objects.create(profile=profile, weekday=weekday, opens=time(8), closes=time(20))
BookingSettings.objects.create(minimum_notice_hours=0)
for number, (starts, ends) in enumerate([(9, 17), (9, 17), (13, 17)]):
    person = Person.objects.create(name=f"Nurse {number}", slug=f"n{number}", role="Nurse", bio=".")
    clinician = Clinician.objects.create(person=person)
    for weekday in range(7):
        WorkingHours.objects.create(
            clinician=clinician, weekday=weekday, starts=time(starts), ends=time(ends)
        )
"""
BOOKINGS = """
import json
from consultations.models import Booking
print(json.dumps([[b.clinician_id, b.starts_at.isoformat()] for b in Booking.objects.all()]))
"""
SLOT = re.compile(
    r'name="slot" value="([^"]+)"><span><span class="visually-hidden">[^<]*</span>10:00 AM'
)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "spa_site.settings"},
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout


def sqlite_env(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "TMPDIR")},
        "DEBUG": "true",
        "SECRET_KEY": "server-test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "COOKIES_SECURE": "false",
        "HOME": str(tmp_path),
        # Calendar invites attached to the emails: in the test's folder, not the project's.
        "PRIVATE_FILES_ROOT": str(tmp_path / "private"),
    }
    manage(env, "migrate", "--noinput", "-v0")
    return env


def test_on_sqlite_fifty_clients_booking_one_time_book_each_free_clinician_once(tmp_path):
    fifty_clients_book_one_time(sqlite_env(tmp_path), tmp_path)


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_fifty_clients_booking_one_time_book_each_free_clinician_once(
    settings, tmp_path
):
    from django.db import connection

    fifty_clients_book_one_time(shared_servers_env(settings, connection), tmp_path)


def fifty_clients_book_one_time(server_env, tmp_path):
    """Post one time from 50 clients at once: each free clinician is booked once, no 5xx."""
    server_env.update(FORM_RATE_LIMIT="off", FORM_MIN_FILL_SECONDS="0", WEB_CONCURRENCY="2")
    manage(server_env, "shell", "-v0", "-c", SEED)
    with app_servers(1, env=server_env, log_dir=tmp_path) as (server,):
        forms = []
        for number in range(CLIENTS):
            opener = build_opener(HTTPCookieProcessor(), _NoRedirect())
            html = fetch(f"{server.url}/consultation/", opener)
            slot = SLOT.search(html)[1]  # the first 10:00 on offer
            fields = dict(post_form_fields(html))
            fields.update(
                name=f"Client {number}",
                email=f"client{number}@example.com",
                phone="(971) 555-0188",
                contact_method="call",
                consent="on",
                slot=slot,
            )
            forms.append((opener, fields))
        start = threading.Barrier(CLIENTS)

        def post(form):
            opener, fields = form
            request = Request(f"{server.url}/consultation/", data=urlencode(fields).encode())
            start.wait(timeout=60)
            try:
                with opener.open(request, timeout=60) as response:
                    return response.status, response.read().decode()
            except HTTPError as error:
                return error.code, error.read().decode()

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            answers = list(pool.map(post, forms))

        statuses = sorted(status for status, _ in answers)
        booked = json.loads(manage(server_env, "shell", "-v0", "-c", BOOKINGS).splitlines()[-1])
        assert statuses == [303] * 2 + [409] * (CLIENTS - 2), server.log_text()[-3000:]
        assert all("That time was just booked" in body for status, body in answers if status == 409)
        assert len(booked) == 2
        assert len({clinician for clinician, _ in booked}) == 2
        assert len({starts_at for _, starts_at in booked}) == 1
        # The same submission posted again books nothing more and answers the same page.
        opener, fields = next(
            form for form, (status, _) in zip(forms, answers, strict=True) if status == 303
        )
        request = Request(f"{server.url}/consultation/", data=urlencode(fields).encode())
        try:
            opener.open(request, timeout=30)
        except HTTPError as error:
            assert error.code == 303
        assert (
            len(json.loads(manage(server_env, "shell", "-v0", "-c", BOOKINGS).splitlines()[-1]))
            == 2
        )
