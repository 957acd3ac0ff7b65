/**
 * The rubric editor's working copy: criteria and levels with ids of their own (so React keys,
 * focus and field messages follow an item when it moves), and the conversions to and from the API.
 */
import type { RubricIn } from "../../../api/types";
import { t } from "../../../i18n";
import { ApiError } from "../../../lib/problem";

export interface LevelDraft {
  id: string;
  score: number;
  label: string;
  descriptor: string;
}

export interface CriterionDraft {
  id: string;
  /** The stored key; a new criterion has none until it is saved (made from its name). */
  key: string | null;
  name: string;
  description: string;
  scale_min: number;
  scale_max: number;
  weight: number;
  levels: LevelDraft[];
}

export interface RubricDraft {
  name: string;
  criteria: CriterionDraft[];
}

export const MAX_CRITERIA = 20;
export const MAX_LEVELS = 11;
export const MAX_SCORE = 10;
export const MAX_WEIGHT = 10;

let counter = 0;
export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
}

/** A rubric as the API gives it or a file holds it (every field but the names may be left out). */
export interface RubricShape {
  name: string;
  criteria: CriterionShape[];
}
interface CriterionShape {
  key?: string;
  name: string;
  description?: string;
  scale_min?: number;
  scale_max?: number;
  weight?: number;
  levels?: LevelShape[];
}
interface LevelShape {
  score: number;
  label: string;
  descriptor?: string;
}

function levelDraft(level: LevelShape): LevelDraft {
  return { id: newId("l"), score: level.score, label: level.label, descriptor: level.descriptor ?? "" };
}

function criterionDraft(criterion: CriterionShape, keepKey: boolean): CriterionDraft {
  return {
    id: newId("c"),
    key: keepKey ? (criterion.key ?? null) : null,
    name: criterion.name,
    description: criterion.description ?? "",
    scale_min: criterion.scale_min ?? 1,
    scale_max: criterion.scale_max ?? 5,
    weight: criterion.weight ?? 1,
    levels: (criterion.levels ?? []).map(levelDraft),
  };
}

/** The editor's copy of a saved rubric (or of an imported file, whose keys are kept too). */
export function fromRubric(rubric: RubricShape): RubricDraft {
  return { name: rubric.name, criteria: rubric.criteria.map((c) => criterionDraft(c, true)) };
}

export function newCriterion(taken: number): CriterionDraft {
  return criterionDraft({ name: t("admin.rubric.criterion.heading", { n: taken + 1 }), levels: [] }, false);
}

/** The next level of a criterion: one score above its highest level (or its lowest score). */
export function newLevel(criterion: CriterionDraft): LevelDraft {
  const scores = criterion.levels.map((l) => l.score);
  const score = scores.length ? Math.min(Math.max(...scores) + 1, MAX_SCORE) : criterion.scale_min;
  return levelDraft({ score, label: "" });
}

/** A key for the API from a name: lower-case letters, digits and `_`, not one already taken. */
export function keyFrom(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^[^a-z]+/, "")
      .replace(/_+$/, "")
      .slice(0, 36) || "criterion";
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base.slice(0, 34)}_${n}`;
  return key;
}

/** The body of `PUT /v1/rubric`: the criteria and levels in the editor's order. */
export function toBody(draft: RubricDraft): RubricIn {
  const taken = new Set(draft.criteria.flatMap((c) => (c.key ? [c.key] : [])));
  return {
    name: draft.name,
    criteria: draft.criteria.map((c) => {
      let key = c.key;
      if (!key) {
        key = keyFrom(c.name, taken);
        taken.add(key);
      }
      return {
        key,
        name: c.name,
        description: c.description,
        scale_min: c.scale_min,
        scale_max: c.scale_max,
        weight: c.weight,
        levels: c.levels.map((l) => ({ score: l.score, label: l.label, descriptor: l.descriptor })),
      };
    }),
  };
}

/** The same text when nothing a save would send differs (new keys aside). */
export function fingerprint(draft: RubricDraft): string {
  return JSON.stringify({
    name: draft.name,
    criteria: draft.criteria.map(({ id: _id, levels, ...c }) => ({ ...c, levels: levels.map(({ id: _l, ...l }) => l) })),
  });
}

/** `items` with the one at `index` moved by `by` places (unchanged when that leaves the list). */
export function move<T>(items: T[], index: number, by: number): T[] {
  const target = index + by;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return items;
  const out = [...items];
  const [item] = out.splice(index, 1);
  out.splice(target, 0, item as T);
  return out;
}

/**
 * A refused save's messages, each under the id of the field it names: "name", "criteria",
 * "<criterion id>.name", "<criterion id>.levels", "<level id>.score". `sent` is the draft as it
 * was when saved, so a message stays with its item after the item moves.
 */
export function fieldErrors(error: unknown, sent: RubricDraft | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!sent || !(error instanceof ApiError) || error.status !== 422) return out;
  const list = error.problem["errors"];
  if (!Array.isArray(list)) return out;
  const add = (path: string, message: string) => out.set(path, [...(out.get(path) ?? []), message]);
  for (const item of list as unknown[]) {
    if (!item || typeof item !== "object") continue;
    const { loc, msg } = item as { loc?: unknown; msg?: unknown };
    if (!Array.isArray(loc) || typeof msg !== "string") continue;
    const parts = loc.map(String);
    const [field, ci, sub, li, leaf] = parts[0] === "body" ? parts.slice(1) : parts;
    if (field !== "criteria" || ci === undefined) {
      add(field ?? "name", msg);
      continue;
    }
    const criterion = sent.criteria[Number(ci)];
    if (!criterion) {
      add("criteria", msg);
      continue;
    }
    // A criterion's key is made from its name: a message about it belongs beside the name.
    const named = sub === "key" ? "name" : (sub ?? "name");
    if (named !== "levels" || li === undefined) {
      add(`${criterion.id}.${named}`, msg);
      continue;
    }
    const level = criterion.levels[Number(li)];
    if (level && leaf) add(`${level.id}.${leaf}`, msg);
    else add(`${criterion.id}.levels`, msg);
  }
  return out;
}

const SUFFIX: Record<string, string> = { scale_min: "min", scale_max: "max", levels: "add-level" };

/** The id of the input a `fieldErrors` path is shown beside (for focus after a refused save). */
export function fieldElementId(path: string): string {
  if (path === "name") return "rubric-name";
  if (path === "criteria") return "rubric-add-criterion";
  const [id = "", field = ""] = path.split(".");
  return `${id}-${SUFFIX[field] ?? field}`;
}

/** What is wrong with an imported file, in words; empty when it can be loaded. */
export function checkImport(data: unknown): string[] {
  const problems: string[] = [];
  const isText = (v: unknown) => typeof v === "string";
  const isWhole = (v: unknown) => typeof v === "number" && Number.isInteger(v);
  if (!data || typeof data !== "object" || Array.isArray(data)) return [t("admin.rubric.file.notRubric")];
  const { name, criteria } = data as { name?: unknown; criteria?: unknown };
  if (!isText(name)) problems.push(t("admin.rubric.file.text", { where: "name" }));
  if (!Array.isArray(criteria) || criteria.length === 0) {
    problems.push(t("admin.rubric.file.noCriteria"));
    return problems;
  }
  if (criteria.length > MAX_CRITERIA) problems.push(t("admin.rubric.file.tooManyCriteria", { max: MAX_CRITERIA, count: criteria.length }));
  criteria.forEach((raw: unknown, i) => {
    const at = t("admin.rubric.file.criterion", { n: i + 1 });
    if (!raw || typeof raw !== "object") {
      problems.push(t("admin.rubric.file.object", { where: at }));
      return;
    }
    const c = raw as Record<string, unknown>;
    if (!isText(c["name"])) problems.push(t("admin.rubric.file.text", { where: `${at}, name` }));
    for (const field of ["key", "description"] as const) {
      if (c[field] !== undefined && !isText(c[field])) problems.push(t("admin.rubric.file.text", { where: `${at}, ${field}` }));
    }
    for (const field of ["scale_min", "scale_max", "weight"] as const) {
      if (c[field] !== undefined && !isWhole(c[field])) problems.push(t("admin.rubric.file.whole", { where: `${at}, ${field}` }));
    }
    const levels = c["levels"];
    if (levels === undefined) return;
    if (!Array.isArray(levels)) {
      problems.push(t("admin.rubric.file.list", { where: `${at}, levels` }));
      return;
    }
    if (levels.length > MAX_LEVELS) problems.push(t("admin.rubric.file.tooManyLevels", { where: `${at}, levels`, max: MAX_LEVELS, count: levels.length }));
    levels.forEach((rawLevel: unknown, j) => {
      const lv = (rawLevel ?? {}) as Record<string, unknown>;
      const where = `${at}, ${t("admin.rubric.file.level", { n: j + 1 })}`;
      if (!isWhole(lv["score"])) problems.push(t("admin.rubric.file.whole", { where: `${where}, score` }));
      if (!isText(lv["label"])) problems.push(t("admin.rubric.file.text", { where: `${where}, label` }));
      if (lv["descriptor"] !== undefined && !isText(lv["descriptor"])) problems.push(t("admin.rubric.file.text", { where: `${where}, descriptor` }));
    });
  });
  return problems;
}
