"""A long article's body is shown a part at a time.

News articles have tens of paragraphs and are always one part. An article of
thousands of paragraphs would otherwise be one page of megabytes whose markup
(every mention linked) costs each request in proportion: a part bounds the work
and the size of every page, whatever was ingested."""

from __future__ import annotations

from dataclasses import dataclass

PARAGRAPHS_PER_PART = 150


@dataclass(frozen=True)
class Part:
    number: int  # from 1
    count: int
    first: int  # index of its first paragraph
    size: int = PARAGRAPHS_PER_PART

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def paragraphs(self) -> tuple[int, int]:
        """The first and last paragraph index it shows (for a `__range` lookup)."""
        return self.first, self.first + self.size - 1

    def holds(self, paragraph: int) -> bool:
        return self.first <= paragraph < self.first + self.size


def part_of(paragraph: int) -> int:
    """The number of the part a paragraph (counted from 0) is shown in."""
    return max(paragraph, 0) // PARAGRAPHS_PER_PART + 1


def requested_part(value: str, body: str, notices: list[str]) -> Part:
    """The part asked for by `?part=`; anything else gives the first part, or the
    last one past the end, saying so."""
    paragraphs = body.count("\n\n") + 1 if body else 0
    count = max(1, -(-paragraphs // PARAGRAPHS_PER_PART))
    number = 1
    if value:
        if not value.isdigit() or int(value) < 1:
            notices.append("The part number was not a number from 1: showing the first part.")
        elif int(value) > count:
            notices.append(f"This article has {count} part{'s' if count > 1 else ''}: showing the last.")
            number = count
        else:
            number = int(value)
    return Part(number=number, count=count, first=(number - 1) * PARAGRAPHS_PER_PART)
