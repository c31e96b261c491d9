import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_the_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Diplomatic News Browser" in response.content
