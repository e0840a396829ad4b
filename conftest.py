"""Root conftest: import the gateway package before pytest sees ``gateway/tests``.

With ``--import-mode=importlib`` pytest names ``gateway/tests/conftest.py``
``gateway.tests.conftest`` and would otherwise create ``gateway`` as a bare
namespace for the directory ``gateway/``, shadowing the installed package.
"""

import os

import gateway  # noqa: F401

# The tests' queues live a few seconds: dead-letter them at most once (chassis settings say why), here and in every
# suite the tests start as processes. test_quorum_queues checks the at-least-once queues deployments get.
os.environ.setdefault("EVENTS_DEAD_LETTER_STRATEGY", "at-most-once")
