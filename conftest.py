"""Root conftest: import the gateway package before pytest sees ``gateway/tests``.

With ``--import-mode=importlib`` pytest names ``gateway/tests/conftest.py``
``gateway.tests.conftest`` and would otherwise create ``gateway`` as a bare
namespace for the directory ``gateway/``, shadowing the installed package.
"""

import gateway  # noqa: F401
