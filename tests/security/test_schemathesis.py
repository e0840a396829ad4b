"""schemathesis over every service's OpenAPI document, in-process (WSGI), with all its default checks.

Each operation gets a bounded number of generated examples (``MAX_EXAMPLES``, valid and invalid data alike),
derandomized so a CI run is the same run every time, once anonymously and once with a token holding every role of
the service and ``admin``. Part of the default run; ``-m security`` runs it with the rest of the security tests.
The operations are walked inside one test per service and caller (schemathesis's lazy pytest loader does not run on
pytest 9), and every failing operation is reported with its first failure.
"""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st

pytestmark = pytest.mark.security

MAX_EXAMPLES = 15
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    print_blob=False,
)
# positive_data_acceptance wants every schema-valid request accepted. The services answer 422 naming the field for
# rules a JSON Schema cannot state (a date or else a period, a cursor the server issued, a tracking code that must
# match a request, an action the current state allows): the house rule is that such rules live in the use case and
# its domain table, not in the document. Every other default check runs.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
ROLES = {
    "ppid": ("ppid:officer", "ppid:superior", "ppid:opd_officer", "admin"),
    "newsroom": ("newsroom:contributor", "newsroom:editor", "admin"),
    "registry": ("media:partner", "registry:verifier", "registry:approver", "admin"),
}


def fuzz(schema, headers: dict[str, str]) -> tuple[int, list[str]]:
    """(operations run, one line per operation that failed a check or could not be generated)."""
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        strategy = st.one_of(
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
        )

        @SETTINGS
        @hypothesis.given(case=strategy)
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # each operation's failures go into the report
            failures.append(f"{operation.label}: {summary(exc)}")
    return operations, failures


def summary(exc: BaseException) -> str:
    """The failures schemathesis found, one short phrase each, and how to reproduce the first."""
    found = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
    names = [f"{type(e).__name__}: {' '.join(str(e).strip().splitlines()[:3])[:300]}" for e in found]
    curl = next((line.strip() for line in str(exc).splitlines() if line.strip().startswith("curl ")), "")
    return "; ".join(names) + (f" ({curl[:300]})" if curl else "")


@pytest.mark.parametrize("caller", ["anonymous", "admin"])
@pytest.mark.parametrize("name", ["ppid", "newsroom", "registry"])
def test_every_operation_answers_generated_requests_as_its_openapi_says(name, caller, blank_service, sweep_tokens):
    service = blank_service(name)
    schema = schemathesis.openapi.from_wsgi(f"/api/{name}/openapi.json", service.app)
    headers = {}
    if caller == "admin":
        token = sweep_tokens.token(*ROLES[name], username="admin", opd="dinkes")
        headers = {"Authorization": f"Bearer {token}"}
    operations, failures = fuzz(schema, headers)
    print(f"\nschemathesis {name} as {caller}: {operations} operations, {len(failures)} failing")
    assert operations, "no operation in the OpenAPI document"
    assert not failures, f"{len(failures)} operations fail schemathesis:\n" + "\n".join(failures)
