import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { keys } from "./keys";

describe("query keys", () => {
  it("every key of a resource starts with its `all`, so one invalidation reaches them all", () => {
    const client = new QueryClient();
    client.setQueryData(keys.feedback.list({ sort: "-created_at" }), { items: [] });
    client.setQueryData(keys.feedback.one("f-1"), { id: "f-1" });
    client.setQueryData(keys.users.list({ offset: 0 }), { users: [] });
    void client.invalidateQueries({ queryKey: keys.feedback.lists });
    expect(client.getQueryState(keys.feedback.list({ sort: "-created_at" }))?.isInvalidated).toBe(true);
    expect(client.getQueryState(keys.feedback.one("f-1"))?.isInvalidated).toBe(false);
    void client.invalidateQueries({ queryKey: keys.feedback.all });
    expect(client.getQueryState(keys.feedback.one("f-1"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(keys.users.list({ offset: 0 }))?.isInvalidated).toBe(false);
  });

  it("one feedback, its history and a list never share a key", () => {
    const all = [keys.feedback.one("x"), keys.feedback.history("x"), keys.feedback.list({ id: "x" })].map((k) =>
      JSON.stringify(k),
    );
    expect(new Set(all).size).toBe(3);
  });
});
