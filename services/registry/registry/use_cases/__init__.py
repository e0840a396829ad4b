"""The registry's use cases, one module per aggregate: each function takes ``(uow, ctx, ...)`` and makes every
permission and state check of its step (the API and the pages only parse, call one of these and shape the answer)."""
