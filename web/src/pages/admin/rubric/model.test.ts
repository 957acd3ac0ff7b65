import { describe, expect, it } from "vitest";

import { ApiError } from "../../../lib/problem";
import { checkImport, fieldElementId, fieldErrors, fingerprint, fromRubric, keyFrom, move, newLevel, toBody } from "./model";

const RUBRIC = {
  name: "R",
  criteria: [
    { key: "a", name: "A", levels: [{ score: 1, label: "One" }] },
    { name: "Code quality", scale_min: 0, scale_max: 3 },
  ],
};

describe("rubric model", () => {
  it("move shifts one item and leaves the list alone past either end", () => {
    expect(move([1, 2, 3], 2, -1)).toEqual([1, 3, 2]);
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });

  it("keyFrom makes a key the API accepts and not one already taken", () => {
    expect(keyFrom("Code quality", new Set())).toBe("code_quality");
    expect(keyFrom("Code quality", new Set(["code_quality"]))).toBe("code_quality_2");
    expect(keyFrom("2nd try!", new Set())).toBe("nd_try");
    expect(keyFrom("Écrit", new Set())).toBe("ecrit");
    expect(keyFrom("***", new Set())).toBe("criterion");
  });

  it("toBody keeps stored keys, fills defaults and keeps the order", () => {
    const body = toBody(fromRubric(RUBRIC));
    expect(body).toEqual({
      name: "R",
      criteria: [
        { key: "a", name: "A", description: "", scale_min: 1, scale_max: 5, weight: 1, levels: [{ score: 1, label: "One", descriptor: "" }] },
        { key: "code_quality", name: "Code quality", description: "", scale_min: 0, scale_max: 3, weight: 1, levels: [] },
      ],
    });
  });

  it("the fingerprint ignores the editor's own ids", () => {
    expect(fingerprint(fromRubric(RUBRIC))).toBe(fingerprint(fromRubric(RUBRIC)));
  });

  it("a new level takes the score above the highest, or the lowest score when there is none", () => {
    const [a, b] = fromRubric(RUBRIC).criteria;
    expect(newLevel(a!).score).toBe(2);
    expect(newLevel(b!).score).toBe(0);
  });

  it("fieldErrors files each message under the id of the item it was about", () => {
    const sent = fromRubric(RUBRIC);
    const error = new ApiError(422, {
      errors: [
        { loc: ["body", "criteria", "0", "levels", "0", "label"], msg: "blank" },
        { loc: ["body", "criteria", "1", "key"], msg: "key used" },
        { loc: ["body", "criteria", "0", "levels"], msg: "too many" },
        { loc: ["body", "criteria"], msg: "too few" },
      ],
    });
    const out = fieldErrors(error, sent);
    const [a, b] = sent.criteria;
    expect(out.get(`${a!.levels[0]!.id}.label`)).toEqual(["blank"]);
    expect(out.get(`${b!.id}.name`)).toEqual(["key used"]);
    expect(out.get(`${a!.id}.levels`)).toEqual(["too many"]);
    expect(out.get("criteria")).toEqual(["too few"]);
    expect(fieldErrors(new ApiError(500, {}), sent).size).toBe(0);
  });

  it("fieldElementId names the input each message is shown beside", () => {
    expect(["name", "criteria", "c1.name", "c1.scale_min", "c1.scale_max", "c1.levels", "l2.score", "c1.weight"].map(fieldElementId)).toEqual([
      "rubric-name",
      "rubric-add-criterion",
      "c1-name",
      "c1-min",
      "c1-max",
      "c1-add-level",
      "l2-score",
      "c1-weight",
    ]);
  });

  it("checkImport names what is wrong with a file, and nothing for a good one", () => {
    expect(checkImport(RUBRIC)).toEqual([]);
    expect(checkImport([])).toEqual(["The file must hold one rubric: an object with a name and criteria."]);
    expect(checkImport({ name: 3, criteria: [] })).toEqual(["name: must be text.", "criteria: must be a list of at least one criterion."]);
    expect(
      checkImport({ name: "R", criteria: [{ name: "A", weight: 1.5, levels: [{ score: "2", label: "Two" }, { score: 3 }] }] }),
    ).toEqual([
      "criteria 1, weight: must be a whole number.",
      "criteria 1, level 1, score: must be a whole number.",
      "criteria 1, level 2, label: must be text.",
    ]);
  });
});
