"""MongoDB adapter of the comment bank: one document of `comments` per comment, its folded text
(`search`) beside it for the accent- and case-insensitive substring search."""

from __future__ import annotations

import re
from datetime import datetime

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from feedback_service.comments.repository import BANK_LIMIT, Comment, as_row, fold, to_comment
from feedback_service.store.mongo import Doc, MongoBase


class MongoComments(MongoBase):
    @property
    def comments(self) -> AsyncCollection[Doc]:
        return self.feedback.database["comments"]

    async def start(self) -> None:
        await super().start()
        await self.comments.create_index(
            [("owner_id", ASCENDING), ("usage_count", DESCENDING), ("created_at", DESCENDING)]
        )

    async def add_comment(self, comment: Comment) -> None:
        doc = as_row(comment)
        doc["_id"] = doc.pop("id")
        await self.comments.insert_one(doc)

    async def get_comment(self, comment_id: str) -> Comment | None:
        doc = await self.comments.find_one({"_id": comment_id})
        return to_comment(doc) if doc else None

    async def list_comments(
        self, *, owner_id: str, query: str = "", limit: int = BANK_LIMIT
    ) -> list[Comment]:
        where: Doc = {"owner_id": {"$in": [owner_id, None]}}
        if query:
            where["search"] = {"$regex": re.escape(fold(query))}
        cursor = (
            self.comments.find(where)
            .sort([("usage_count", DESCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [to_comment(d) for d in await cursor.to_list()]

    async def update_comment(
        self, comment_id: str, *, text: str, criterion: str | None, at: datetime
    ) -> Comment | None:
        doc = await self.comments.find_one_and_update(
            {"_id": comment_id},
            {
                "$set": {
                    "text": text,
                    "search": fold(text),
                    "criterion": criterion,
                    "updated_at": at,
                }
            },
            return_document=ReturnDocument.AFTER,
        )
        return to_comment(doc) if doc else None

    async def delete_comment(self, comment_id: str) -> bool:
        result = await self.comments.delete_one({"_id": comment_id})
        return result.deleted_count == 1

    async def count_comment_use(self, comment_id: str) -> Comment | None:
        doc = await self.comments.find_one_and_update(
            {"_id": comment_id},
            {"$inc": {"usage_count": 1}},
            return_document=ReturnDocument.AFTER,
        )
        return to_comment(doc) if doc else None
