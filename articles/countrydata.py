"""ISO 3166-1 countries and every spelling that points to one, built from pycountry
and countryinfo plus the short forms and institutions in data/country_extras.json.

The data migration loads this once; the extraction tests use it without a database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
from countryinfo import CountryInfo

from articles.text import normalise_alias

EXTRAS_PATH = Path(__file__).parent / "data" / "country_extras.json"

# When two countries claim one spelling ("American" for the US and its minor
# outlying islands), the stronger kind wins, then the more populous country.
KIND_PRIORITY = {"name": 0, "short": 1, "institution": 2, "capital": 3, "demonym": 4}
ALIAS_KINDS = tuple(KIND_PRIORITY)


@dataclass(frozen=True)
class CountryRow:
    code: str
    alpha3: str
    name: str
    population: int


def _info(code: str) -> dict:
    try:
        return CountryInfo(code).info() or {}
    except Exception:  # countryinfo raises several kinds for the codes it lacks
        return {}


@lru_cache(maxsize=1)
def _extras() -> dict:
    return json.loads(EXTRAS_PATH.read_text(encoding="utf-8"))


def _common_name(country) -> str:
    return getattr(country, "common_name", None) or country.name


def _display_name(country) -> str:
    return _extras()["display_name"].get(country.alpha_2) or _common_name(country)


@lru_cache(maxsize=1)
def country_rows() -> tuple[CountryRow, ...]:
    return tuple(
        CountryRow(
            code=country.alpha_2,
            alpha3=country.alpha_3,
            name=_display_name(country),
            population=int(_info(country.alpha_2).get("population") or 0),
        )
        for country in pycountry.countries
    )


def _library_aliases(country) -> list[tuple[str, str]]:
    info = _info(country.alpha_2)
    names = [
        country.name,
        _common_name(country),
        _display_name(country),
        getattr(country, "official_name", None),
        info.get("name"),
    ]
    short = [spelling for spelling in info.get("altSpellings") or [] if spelling.isascii()]
    capital = info.get("capital")
    demonym = info.get("demonym")
    pairs = [(name, "name") for name in names if name and "," not in name]
    pairs += [(spelling, "short") for spelling in short if "," not in spelling and len(spelling) > 2]
    if capital:
        pairs.append((capital, "capital"))
    if demonym:
        pairs.append((demonym, "demonym"))
    return pairs


def _extra_aliases(code: str) -> list[tuple[str, str]]:
    return [
        (spelling, kind)
        for kind in ALIAS_KINDS
        for spelling in _extras().get(kind, {}).get(code, [])
    ]


@lru_cache(maxsize=1)
def alias_rows() -> tuple[tuple[str, str, str], ...]:
    """(alpha-2 code, alias as written, kind), one row per normalised spelling."""
    populations = {row.code: row.population for row in country_rows()}
    chosen: dict[str, tuple[str, str, str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for spelling, kind in _library_aliases(country) + _extra_aliases(code):
            key = normalise_alias(spelling)
            candidate = (code, spelling.strip(), kind)
            current = chosen.get(key)
            if current is None or _stronger(candidate, current, populations):
                chosen[key] = candidate
    return tuple(sorted(chosen.values()))


def _stronger(candidate, current, populations) -> bool:
    def strength(row):
        code, _, kind = row
        return (-KIND_PRIORITY[kind], populations.get(code, 0))

    return strength(candidate) > strength(current)


def alias_map() -> dict[str, str]:
    """normalised alias -> alpha-2 code, as extraction's Lookups expects."""
    return {normalise_alias(alias): code for code, alias, _ in alias_rows()}
