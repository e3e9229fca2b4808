"""Importing Google reviews from the admin: upload, check what changes, confirm; idempotent."""

import html
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags

from reviews.models import Review
from tests.conftest import assert_fits_both_widths
from tests.reviews_factories import google_review, google_reviews_file
from tests.test_reviews import MALFORMED

IMPORT = "/admin/reviews/review/import/"


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def upload(client, data, name="reviews.json"):
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content, "application/json")})


def confirm(client, checked):
    """Post the confirmation form the check page rendered."""
    data = checked.context["confirm"].initial["data"]
    return client.post(IMPORT, {"data": data, "_confirm": "1"}, follow=True)


def page_text(response):
    """Return the page as words, tags dropped, so sentences read as staff see them."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


@pytest.mark.django_db
def test_upload_shows_what_will_be_added_then_imports_on_confirm(staff_client):
    data = google_reviews_file(
        google_review("one"), google_review("two", reviewer={"displayName": "Lea Brandt"})
    )

    checked = upload(staff_client, data)

    text = page_text(checked)
    assert "adds 2 new reviews" in text
    assert "Lea Brandt" in text
    assert 'value="Import 2 new and update 0"' in checked.content.decode()
    assert Review.objects.count() == 0  # nothing is saved before the confirmation

    done = confirm(staff_client, checked)
    assert "Imported 2 new and updated 0 existing reviews." in page_text(done)
    assert set(Review.objects.values_list("source_review_id", flat=True)) == {"one", "two"}


@pytest.mark.django_db
def test_uploading_the_same_file_again_changes_nothing(staff_client):
    data = google_reviews_file(google_review("one"), google_review("two"))
    confirm(staff_client, upload(staff_client, data))
    Review.objects.filter(source_review_id="one").update(is_visible=False, is_featured=True)
    before = list(Review.objects.order_by("pk").values())

    again = upload(staff_client, data)

    text = page_text(again)
    assert "adds 0 new reviews" in text and "updates 0" in text and "leaves 2 as they are" in text
    assert "Nothing to import" in text and "_confirm" not in again.content.decode()
    confirm(staff_client, again)  # even confirmed, a second import duplicates nothing
    assert list(Review.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_review_edited_on_google_is_listed_as_changed(staff_client):
    confirm(staff_client, upload(staff_client, google_reviews_file(google_review("one"))))
    edited = google_review("one", comment="Even better on the second visit.")

    checked = upload(staff_client, google_reviews_file(edited, google_review("two")))

    text = page_text(checked)
    assert "adds 1 new review" in text and "updates 1" in text
    confirm(staff_client, checked)
    assert Review.objects.get(source_review_id="one").comment == "Even better on the second visit."


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), MALFORMED)
def test_malformed_file_gets_the_commands_message_and_imports_nothing(staff_client, data, message):
    response = upload(staff_client, b"{not json" if data is None else data)

    assert response.status_code == 200
    text = page_text(response)
    assert "Please correct the error below." in text
    if data is None:
        assert "This is not a JSON file" in text
    else:
        assert message in text and "Nothing was imported." in text
    assert Review.objects.count() == 0


@pytest.mark.django_db
def test_list_offers_the_import_and_other_staff_may_not_use_it(staff_client, client):
    assert IMPORT in staff_client.get("/admin/reviews/review/").content.decode()
    client.force_login(User.objects.create_user("frontdesk", "f@example.com", "pw", is_staff=True))
    assert client.get(IMPORT).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_in_the_browser_at_both_widths(staff_browser_page, live_server, tmp_path):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(google_reviews_file(google_review("one"), google_review("two"))))
    page = staff_browser_page
    page.goto(f"{live_server.url}/admin/reviews/review/")
    page.get_by_role("link", name="Import from Google").click()
    page.get_by_label("Google reviews file (JSON)").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()

    assert page.get_by_role("table", name="New reviews").locator("tbody tr").count() == 2
    assert page.console_errors == []
    assert_fits_both_widths(page, "reviews-import")
    page.get_by_role("button", name="Import 2 new and update 0").click()
    page.wait_for_load_state()
    assert "Imported 2 new" in page.get_by_role("listitem").filter(has_text="Imported").inner_text()
    assert Review.objects.count() == 2
