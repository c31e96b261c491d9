"""Text helpers shared by the models and the extraction library.

Nothing here imports Django or spaCy, so the models can use it without loading
the extraction pipeline and the extractor can use it without a database.
"""

from __future__ import annotations

import re
import unicodedata

# An article's body keeps its paragraphs separated by one blank line; every
# stored offset (mention spans, quote starts and ends) is an index into it.
PARAGRAPH_SEPARATOR = "\n\n"


def normalise_alias(text: str) -> str:
    """The key under which a spelling is stored and looked up: case, accents of
    compatibility forms, curly apostrophes and runs of spaces do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def split_paragraphs(body: str) -> list[str]:
    return body.split(PARAGRAPH_SEPARATOR) if body else []
