"""Comments beside each criterion's score: their keys must be criteria of the feedback's rubric
version (a 422 naming the field otherwise); an empty comment is no comment."""

from __future__ import annotations

from campus_common.errors import Unprocessable
from feedback_service.store.records import RubricVersion


def check_comments(rubric: RubricVersion, comments: dict[str, str]) -> dict[str, str]:
    """The comments as stored (blank ones dropped), or 422 `unknown-criterion` whose `errors`
    locate each key that is not a criterion of this rubric version."""
    keys = {c.key for c in rubric.criteria}
    unknown = [k for k in comments if k not in keys]
    if unknown:
        raise Unprocessable(
            f"'{unknown[0]}' is not a criterion of rubric version {rubric.version}.",
            slug="unknown-criterion",
            errors=[
                {
                    "loc": ["body", "criterion_comments", key],
                    "msg": f"not a criterion of rubric version {rubric.version}",
                    "type": "unknown_criterion",
                }
                for key in unknown
            ],
        )
    return {k: v for k, v in comments.items() if v.strip()}


def checked_patch(rubric: RubricVersion, requested: dict[str, object]) -> None:
    """A patch's `criterion_comments` checked in place (left out when null: unchanged)."""
    comments = requested.pop("criterion_comments", None)
    if isinstance(comments, dict):
        requested["criterion_comments"] = check_comments(rubric, comments)
