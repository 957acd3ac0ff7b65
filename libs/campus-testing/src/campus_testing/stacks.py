"""A running stack (campus_stack.Stack) with an access token per role from a real sign-in, as
the fuzz and drill suites use it."""

from __future__ import annotations

from dataclasses import dataclass

from campus_stack.stack import Stack
from campus_testing.services import service_token


@dataclass
class SignedInStack:
    stack: Stack
    # role -> access token (campus_stack.flows.role_tokens)
    tokens: dict[str, str]

    def url(self, name: str) -> str:
        return self.stack.url(name)

    def bearer(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def service_token(self, caller: str, callee: str) -> str:
        return service_token(caller, callee)
