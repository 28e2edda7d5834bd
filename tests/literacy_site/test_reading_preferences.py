import pytest

pytestmark = pytest.mark.django_db


def test_text_size_and_contrast_choices_are_kept_without_javascript(client, home_site):
    response = client.post("/tampilan/", {"text_size": "largest", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    client.post("/tampilan/", {"contrast": "high", "next": "/"})

    html = client.get("/").content.decode()

    assert 'class="text-largest contrast-high"' in html


def test_unknown_choices_and_foreign_addresses_are_ignored(client, home_site):
    response = client.post(
        "/tampilan/", {"text_size": "huge", "next": "https://example.com/"}
    )

    assert response["Location"] == "/"
    assert 'class="text-normal contrast-normal"' in client.get("/").content.decode()


def test_a_missing_page_explains_itself_in_indonesian(client, home_site):
    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
