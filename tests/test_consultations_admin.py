"""The staff side: who may see requests, the list, status actions, CSV export, index count."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from post_office.models import STATUS, Email

from base.csv_export import csv_safe
from consultations.models import STAFF_GROUP, ConsultationRequest
from tests.consultations_factories import make_consultation

CHANGELIST = "/admin/consultations/consultationrequest/"


def make_staff(username="frontdesk", *, in_group=True, **fields):
    user = User.objects.create_user(username, password="pw-for-tests", is_staff=True, **fields)
    if in_group:
        user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("in_group", "superuser", "status"),
    [(True, False, 200), (False, False, 403), (False, True, 200)],
)
def test_only_consultation_staff_and_superusers_see_requests(client, in_group, superuser, status):
    consultation = make_consultation()
    client.force_login(make_staff(in_group=in_group, is_superuser=superuser))
    assert client.get(CHANGELIST).status_code == status
    assert client.get(f"{CHANGELIST}{consultation.pk}/change/").status_code == status


@pytest.mark.django_db
def test_staff_group_may_follow_up_but_not_add_or_delete(staff_client):
    consultation = make_consultation()
    assert staff_client.get(f"{CHANGELIST}add/").status_code == 403
    assert staff_client.get(f"{CHANGELIST}{consultation.pk}/delete/").status_code == 403
    response = staff_client.post(
        f"{CHANGELIST}{consultation.pk}/change/",
        {"status": "contacted", "new_note": "Left a voicemail.", "assigned_to": ""},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "contacted"
    assert consultation.notes.get(kind="note").text == "Left a voicemail."


@pytest.mark.django_db
def test_client_details_cannot_be_rewritten_in_the_admin(staff_client):
    consultation = make_consultation(name="Original Name")
    staff_client.post(
        f"{CHANGELIST}{consultation.pk}/change/",
        {"status": "new", "name": "Changed", "email": "changed@example.com", "assigned_to": ""},
    )
    consultation.refresh_from_db()
    assert consultation.name == "Original Name"


@pytest.mark.django_db
def test_list_shows_search_and_filters_requests(staff_client):
    make_consultation(name="Ingrid Vasquez", contact_method="text")
    make_consultation(name="Tomas Berg", status="booked")
    html = staff_client.get(CHANGELIST).content.decode()
    assert "Ingrid Vasquez" in html and "Tomas Berg" in html
    assert "Text message" in html
    searched = staff_client.get(CHANGELIST, {"q": "Vasquez"}).content.decode()
    assert "Ingrid Vasquez" in searched and "Tomas Berg" not in searched
    filtered = staff_client.get(CHANGELIST, {"status__exact": "booked"}).content.decode()
    assert "Tomas Berg" in filtered and "Ingrid Vasquez" not in filtered


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["contacted", "booked", "closed", "declined"])
def test_status_actions_update_the_selected_requests(staff_client, status):
    chosen, other = make_consultation(), make_consultation()
    response = staff_client.post(
        CHANGELIST, {"action": f"mark_{status}", "_selected_action": [chosen.pk]}
    )
    assert response.status_code == 302
    assert ConsultationRequest.objects.get(pk=chosen.pk).status == status
    assert ConsultationRequest.objects.get(pk=other.pk).status == "new"


@pytest.mark.django_db
def test_csv_export_streams_rows_with_formulas_defused(staff_client):
    make_consultation(
        name='=HYPERLINK("http://evil.example","click")',
        message="+1+1\n@SUM(A1)",
        phone="+15035550142",
    )
    make_consultation(name="-2+3", message="Plain")
    ignored = make_consultation(name="Not selected")
    selected = ConsultationRequest.objects.exclude(pk=ignored.pk).values_list("pk", flat=True)

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": list(selected)}
    )

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Received", "Name", "Email"]
    assert len(rows) == 3
    names = {row[1] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("http://evil.example","click")', "'-2+3"}
    first = next(row for row in rows[1:] if "HYPERLINK" in row[1])
    assert first[3] == "(503) 555-0142"
    assert first[7] == "'+1+1\n@SUM(A1)"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ann", "Ann"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_csv_safe_prefixes_formula_starts(value, safe):
    assert csv_safe(value) == safe


def test_csv_safe_writes_times_in_the_spa_time_zone(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    noon_utc = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)

    assert csv_safe(noon_utc) == "2026-07-01 05:00"


@pytest.mark.django_db
def test_admin_index_counts_new_requests_for_consultation_staff(client):
    make_consultation()
    make_consultation()
    make_consultation(status="booked")
    client.force_login(make_staff())
    html = client.get("/admin/").content.decode()
    assert "2 new consultation requests" in html
    assert f'href="{CHANGELIST}?status__exact=new"' in html
    assert "0 follow-ups due today or overdue" in html


@pytest.mark.django_db
def test_admin_index_hides_the_count_from_other_staff(client):
    make_consultation()
    client.force_login(make_staff(in_group=False))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "new consultation" not in response.content.decode()


@pytest.mark.django_db
def test_change_page_shows_failed_email_delivery(client):
    consultation = make_consultation()
    failed = Email.objects.create(
        from_email="hello@example.com",
        to=["frontdesk@example.com"],
        subject="New consultation request from the website",
        status=STATUS.failed,
    )
    consultation.emails.add(failed)
    client.force_login(make_staff())
    html = client.get(f"{CHANGELIST}{consultation.pk}/change/").content.decode()
    assert "Staff notification: failed" in html
