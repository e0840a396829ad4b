"""The OpenAPI side of every service: error answers documented as what they are, RFC 9457 problem+json.

flask-smorest documents its default error responses as ``application/json`` with its own error shape, while every
service answers ``application/problem+json`` (``chassis.problems``): generated clients and schemathesis would then
expect the wrong type and shape. Here the error responses carry the problem's type and fields instead.
"""

from __future__ import annotations

import http

from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import INCLUDE, Schema, fields

from chassis.problems import PROBLEM_JSON


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
