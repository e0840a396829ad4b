"""The CloudEvents 1.0 envelope (JSON structured mode), the one event format of the suite."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from typing import Any

from chassis.logs import request_id_var

CONTENT_TYPE = "application/cloudevents+json"
REQUIRED = ("id", "source", "type", "specversion")


class InvalidEvent(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class CloudEvent:
    id: str
    source: str
    type: str
    time: str
    subject: str | None
    data: dict[str, Any]
    specversion: str = "1.0"
    datacontenttype: str = "application/json"
    # CloudEvents extension attribute: the X-Request-ID of the HTTP request that caused the event, so an operator
    # can follow one request from the gateway's access line to every consumer that handled what it caused.
    requestid: str | None = None

    @classmethod
    def new(cls, *, source: str, type: str, data: dict[str, Any], subject: str | None = None) -> CloudEvent:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return cls(
            id=str(uuid.uuid4()),
            source=source,
            type=type,
            time=now,
            subject=subject,
            data=data,
            requestid=request_id_var.get(),
        )

    def to_dict(self) -> dict[str, Any]:
        body = dataclasses.asdict(self)
        for optional in ("subject", "requestid"):
            if body[optional] is None:
                del body[optional]
        return body

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: bytes | str) -> CloudEvent:
        """Parse an envelope; attributes this version does not know are ignored."""
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidEvent(f"not JSON: {exc}") from exc
        if not isinstance(body, dict):
            raise InvalidEvent("envelope is not an object")
        missing = [name for name in REQUIRED if not body.get(name)]
        if missing:
            raise InvalidEvent(f"missing attributes: {', '.join(missing)}")
        if body["specversion"] != "1.0":
            raise InvalidEvent(f"unsupported specversion {body['specversion']!r}")
        data = body.get("data") or {}
        if not isinstance(data, dict):
            raise InvalidEvent("data is not an object")
        return cls(
            id=str(body["id"]),
            source=str(body["source"]),
            type=str(body["type"]),
            time=str(body.get("time") or ""),
            subject=body.get("subject"),
            data=data,
            datacontenttype=body.get("datacontenttype", "application/json"),
            requestid=str(body["requestid"])[:100] if body.get("requestid") else None,
        )
