"""PPID use cases, one module per aggregate; each function takes ``(uow, ctx, ...)`` and checks its own rules.

``requests`` (submit, look up, inbox, the overdue sweep), ``actions`` (the workflow's moves, one handler per row
of the table), ``objections`` (keberatan and disputes), ``calendar`` (closed days and moved deadlines),
``public_info`` (DIP and OPD guidance), ``surveys``, ``reports`` (yearly report and obstacles), ``messages`` and
``files`` (uploads kept with a change, the file sweep's references), ``opds`` (the office's OPD list, copied from
the gateway's event: the disposition's choices and the names shown for codes).
"""
