import { describe, expect, it } from "vitest";

import { toRows } from "./TrendChart";

describe("toRows", () => {
  it("makes one row per feedback in date order with a column per criterion", () => {
    const point = (id: string, date: string, score: number) => ({
      feedback_id: id,
      title: `Review ${id}`,
      date,
      score,
      running_average: score,
    });
    const rows = toRows({
      student_id: "s",
      feedback_count: 2,
      overall: [],
      criteria: [
        { key: "code", name: "Code", points: [point("b", "2026-10-14T00:00:00Z", 3), point("a", "2026-10-01T00:00:00Z", 2)] },
        { key: "talk", name: "Talk", points: [point("a", "2026-10-01T00:00:00Z", 4)] },
      ],
    });
    expect(rows).toEqual([
      { date: "2026-10-01T00:00:00Z", label: "Review a", code: 2, talk: 4 },
      { date: "2026-10-14T00:00:00Z", label: "Review b", code: 3 },
    ]);
  });
});
