"""Property-based fuzzing of the API against its own OpenAPI schema
(schemathesis): every endpoint and every parameter, with values the schema
allows and values it forbids. Each response must be no 5xx, a documented
status with a JSON body, and match the schema.

It runs in-process on the WSGI app and the test database, with a few
articles, people, countries and quotes, and a bounded number of examples per
endpoint so the suite stays quick. (Schemathesis's own pytest plugin does not
run under pytest 9 yet, so this drives its Python API with Hypothesis.)"""

from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests import factories as f
from tests.test_api_events import event, store

EXAMPLES = 40

SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
OPERATIONS = {operation.ok().label: operation.ok() for operation in SCHEMA.get_all_operations()}


@pytest.fixture
def small_world(db):
    sochi, lavrov, _ = f.lavrov_article()
    paris = f.article("Lavrov in Paris", 'Sergey Lavrov arrived in Paris.\n\nHe called it "a useful visit".', published=None)
    f.person_mention(paris, lavrov, as_written="Sergey Lavrov")
    f.country_mention(paris, "FR", as_written="Paris")
    f.quote(paris, "a useful visit", lavrov, partial=True)
    f.article("Old news", "Nothing here.", published=date(2001, 1, 1), source="Other Wire")
    # Events (one undated) with people, a body and an organisation, stored as ingestion stores them.
    store("Talks in Sochi", "Pompeo met Lavrov in Sochi.", date(2019, 5, 15),
          event("meeting", ["RU", "US"], "Pompeo met Lavrov in Sochi.", "2019-05-14", people=["Mike Pompeo"],
                bodies=["G20"], place={"name": "Sochi", "country": "RU"}))
    store("Sanctions to come", "Washington will impose sanctions.", None,
          event("sanction", ["RU", "US"], "Washington will impose sanctions.", actors=["US"], targets=["RU"],
                status="planned"))
    # As Django's test client does: the WSGI handler would otherwise close the
    # connection after each request, and with it the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_it_fuzzes_every_endpoint():
    assert len(OPERATIONS) == 12


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_it_answers_every_generated_request_as_its_schema_says(small_world, label, mode):
    @given(case=OPERATIONS[label].as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # no .hypothesis folder in the project
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # Every check but "schema-valid data is accepted": a well-formed slug
        # naming nobody, or a string that is no cursor of ours, is a 400 by
        # design (the schema cannot list every person).
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
