"""Events PPID publishes (written by services.py through the outbox) and consumes (none yet)."""

from chassis.consumer import Handlers

PUBLISHES = ("ppid.request.submitted.v1",)

handlers = Handlers()
