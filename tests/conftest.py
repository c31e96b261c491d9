import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the whole run."""
    from articles.extraction import load_nlp

    return load_nlp()
