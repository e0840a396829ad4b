"""The OpenAPI side of every service: error answers documented as what they are, RFC 9457 problem+json.

flask-smorest documents its default error responses as ``application/json`` with its own error shape, while every
service answers ``application/problem+json`` (``chassis.problems``): generated clients and schemathesis would then
expect the wrong type and shape. Here the error responses carry the problem's type and fields instead.
"""

from __future__ import annotations

import http

import flask_smorest
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import INCLUDE, Schema, fields
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from chassis.problems import PROBLEM_JSON


class StrictParser(FlaskParser):
    """Unknown query parameters are refused like unknown body fields (422 naming them), instead of webargs' default
    of dropping them silently: a misspelt filter (``?statu=open``) must not answer as if no filter had been asked."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None, "querystring": None}

    def _raw_load_json(self, req):
        """The body the chassis already read and bounded (``check_json_body``), not a second parse of it."""
        if not is_json_request(req) or not req.get_data(cache=True):
            return core.missing  # webargs' own answer to an empty body: the schema then names the missing fields
        return req.get_json(cache=True)


# Every service's blueprints are flask-smorest's; their ``arguments`` take the parser when a view is decorated, and
# every service imports the chassis before its views, so this one line sets the rule for all of them.
flask_smorest.Blueprint.ARGUMENTS_PARSER = StrictParser()


class FieldError(Schema):
    field = fields.String(metadata={"description": "The field, dotted for nested ones (`opds.0`), or `_body`."})
    message = fields.String(metadata={"description": "What is wrong, in Bahasa Indonesia."})
    location = fields.String(metadata={"description": "Where the field was sent: json, query, form, files."})


class ProblemSchema(Schema):
    """RFC 9457 problem details; a problem may carry more members (``current_state``, ``required_roles``, ...)."""

    class Meta:
        unknown = INCLUDE

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.List(fields.Nested(FieldError))


class ServiceApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            content_type = self.DEFAULT_RESPONSE_CONTENT_TYPE
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                content_type = PROBLEM_JSON
            prepare_response(response, self.spec, content_type)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Galat (problem+json)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def file_answer(*types: str, description: str = "Berkas", json_schema: str | None = None, status: int = 200) -> dict:
    """The OpenAPI of an answer that is a file of one of ``types`` (for ``blp.doc``), so clients and fuzzers know it;
    ``json_schema`` names the component of the JSON answer when the same operation also answers JSON."""
    content = dict.fromkeys(types, {"schema": {"type": "string", "format": "binary"}})
    if json_schema:
        content["application/json"] = {"schema": {"$ref": f"#/components/schemas/{json_schema}"}}
    return {"responses": {str(status): {"description": description, "content": content}}}


def json_answer(status: int = 200, description: str = "Berhasil", **other_types: str) -> dict:
    """The OpenAPI of a JSON object answer whose shape a view builds itself (for ``blp.doc``); ``other_types`` are
    file types the same operation also answers (``csv="text/csv"``), as chosen by its ``format`` parameter."""
    content = {"application/json": {"schema": {"type": "object"}}}
    content |= {kind: {"schema": {"type": "string", "format": "binary"}} for kind in other_types.values()}
    return {"responses": {str(status): {"description": description, "content": content}}}
