import { describe, expect, it } from "vitest";

import { arrow, scoreChanges, wordDiff, type ScoreChange } from "./diff";

const scoreText = (change: ScoreChange) => `${change.name}: ${arrow(change.before, change.after)}`;

const CRITERIA = [
  { key: "code_quality", name: "Code quality" },
  { key: "communication", name: "Communication" },
];

describe("wordDiff", () => {
  it("keeps the shared words and marks the removed and added ones", () => {
    expect(wordDiff("Good tests and clear names.", "Good tests and short names.")).toEqual([
      { text: "Good tests and ", kind: "same" },
      { text: "clear", kind: "removed" },
      { text: "short", kind: "added" },
      { text: " names.", kind: "same" },
    ]);
  });

  it("an empty side is all added or all removed", () => {
    expect(wordDiff("", "New text")).toEqual([{ text: "New text", kind: "added" }]);
    expect(wordDiff("Old text", "")).toEqual([{ text: "Old text", kind: "removed" }]);
  });
});

describe("arrow", () => {
  it("reads old → new, with none for a missing value", () => {
    expect(arrow(3, 4)).toBe("3 → 4");
    expect(arrow(null, 5)).toBe("none → 5");
    expect(arrow("", 2)).toBe("none → 2");
  });
});

describe("scoreChanges", () => {
  it("names each changed criterion, in the rubric's order, and leaves out the unchanged", () => {
    const changes = scoreChanges({ code_quality: 3, communication: 2 }, { communication: 4, code_quality: 4 }, CRITERIA);
    expect(changes.map(scoreText)).toEqual(["Code quality: 3 → 4", "Communication: 2 → 4"]);
    expect(scoreChanges({ code_quality: 3 }, { code_quality: 3 }, CRITERIA)).toEqual([]);
  });

  it("a score given or taken away reads as none, and an unknown key as itself", () => {
    const changes = scoreChanges({ code_quality: 3 }, { communication: 5, legacy: 2 }, CRITERIA);
    expect(changes.map(scoreText)).toEqual(["Code quality: 3 → none", "Communication: none → 5", "legacy: none → 2"]);
  });

  it("without the rubric the keys stand for the names", () => {
    expect(scoreChanges(null, { code_quality: 2 }).map(scoreText)).toEqual(["code_quality: none → 2"]);
  });
});
