import subprocess
import sys

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_renders_business_details(client, business):
    response = client.get("/")
    assert response.status_code == 200
    assert b"(503) 555-0142" in response.content
