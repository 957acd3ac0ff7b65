"""A whole local Campus stack for the test and measurement harnesses (`Stack`), the sign-in flow
through the dev mailbox (`flows`), and `make run`'s process supervisor (`supervise`)."""

from campus_stack.stack import (
    ROOT,
    SERVICES,
    VENV_BIN,
    Ports,
    Stack,
    free_port,
    procfile,
    recreate_postgres,
    shell_exports,
)

__all__ = [
    "ROOT",
    "SERVICES",
    "VENV_BIN",
    "Ports",
    "Stack",
    "free_port",
    "procfile",
    "recreate_postgres",
    "shell_exports",
]
