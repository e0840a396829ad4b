"""The newsroom's use cases, one module per aggregate; each function takes ``(uow, ctx, ...)`` and makes every
permission and state check itself (``newsroom.domain``), so the API and the pages only parse and shape."""
