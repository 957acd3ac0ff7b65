import type { TFunction } from "i18next";

import type { FeedItem } from "../../queries/feed";

/** The parts of a feedback an edit names (the `changes` of a feedback_edited item). */
const FIELDS = [
  "title",
  "scores",
  "overall_rating",
  "strengths",
  "improvements",
  "comments",
  "criterion_comments",
] as const;
type Field = (typeof FIELDS)[number];
/** The types whose title is "<what happened>: <the feedback's or request's title>". */
const TITLED = [
  "feedback_published",
  "feedback_edited",
  "feedback_withdrawn",
  "message_posted",
  "feedback_acknowledged",
  "feedback_requested",
] as const;
type Titled = (typeof TITLED)[number];

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}

function isTitled(type: string): type is Titled {
  return (TITLED as readonly string[]).includes(type);
}

/** What an edit changed, in the reader's language: "overall rating, scores (Testing)". */
export function changedText(data: FeedItem["data"], t: TFunction): string {
  const fields = strings(data.changes).map((name) => (isField(name) ? t(`feed.fields.${name}`) : name.replaceAll("_", " ")));
  const criteria = strings(data.criteria);
  return fields.join(", ") + (criteria.length > 0 ? ` (${criteria.join(", ")})` : "");
}

/**
 * An item's title and summary in the reader's language, worded from its type and data. An item
 * whose data lacks what the wording needs keeps the (English) text the service stored.
 */
export function feedText(item: FeedItem, t: TFunction): { title: string; summary: string } {
  const { data } = item;
  const title = text(data.title);
  if (item.type === "assignment_added") {
    const name = text(data.name);
    const cohort = text(data.cohort);
    if (name) {
      const key = data.role === "mentor" ? "feed.types.assignment_mentor" : "feed.types.assignment_student";
      return { title: t(key, { name }), summary: cohort ? t("feed.cohort", { cohort }) : item.summary };
    }
  } else if (title && isTitled(item.type)) {
    const worded = t(`feed.types.${item.type}`, { title });
    if (item.type === "feedback_edited") return { title: worded, summary: t("feed.changed", { what: changedText(data, t) }) };
    if (item.type === "feedback_acknowledged") return { title: worded, summary: t("feed.acknowledgedSummary") };
    return { title: worded, summary: item.summary };
  }
  return { title: item.title, summary: item.summary };
}
