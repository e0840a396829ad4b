"""The registry's OpenAPI document is valid OpenAPI (generated clients and the fuzzers read it)."""

from __future__ import annotations

from openapi_spec_validator import validate


def test_the_registry_openapi_document_is_valid(client):
    spec = client.get("/api/registry/openapi.json").json
    validate(spec)
    band = spec["components"]["schemas"]["ScoreBandIn"]["properties"]["min"]
    assert band["minimum"] == 0 and not isinstance(band["minimum"], str)
    assert "multipart/form-data" in spec["paths"]["/api/registry/proofs"]["post"]["requestBody"]["content"]
