"""Every service's OpenAPI document is valid OpenAPI, so generated clients and the fuzzers can read it."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.security


@pytest.mark.parametrize("name", ["ppid", "newsroom", "registry"])
def test_the_openapi_document_of_each_service_is_valid(name, blank_service):
    document = blank_service(name).spec.document
    assert document["paths"], "no operation documented"
    validate(document)


@pytest.mark.parametrize("name", ["ppid", "newsroom", "registry"])
def test_every_operation_of_each_service_documents_its_problem_answers(name, blank_service):
    """A client learns from the document that errors come as problem+json (the chassis's ``default`` answer)."""
    service = blank_service(name)
    bare = [str(op) for op in service.operations() if "default" not in op.spec.get("responses", {})]
    assert not bare, f"operations without a documented error answer: {bare}"
