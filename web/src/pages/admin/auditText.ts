/**
 * Audit events in words, in the reader's language: a label per event ("Role changed") and a
 * sentence per entry, with people by name ("Ada Admin made Gina Park a mentor (was a student).").
 * The feedback service's events (withdrawals, rubric versions, assignments, exports) read the same
 * way. Unknown events still read as words.
 */
import type { AuditEvent, AuditEventName } from "../../api/types";
import i18next from "../../i18n";
import en from "../../locales/en.json";
import { formatDate } from "../../lib/format";

/** The name to show for a user id, or null when the directory does not know it (yet). */
export type NameOf = (id: string | null | undefined) => string | null;

/** Every event the log knows (the names the API's event filter accepts), in the order of the
 * catalog: each has a label there, or this does not compile. */
const LABELS: Record<AuditEventName, string> = en.audit.labels;
export const EVENTS = Object.keys(LABELS) as AuditEventName[];

/** A key of the `audit` catalog that is built at run time (an event's, a role's, a reason's). */
function say(key: string, options?: Record<string, unknown>): string {
  return (i18next.t as unknown as (key: string, options?: Record<string, unknown>) => string)(`audit.${key}`, options);
}

function known(key: string): boolean {
  return i18next.exists(`audit.${key}`);
}

/** The label of every known event, in the reader's language. */
export function eventLabels(): [AuditEventName, string][] {
  return EVENTS.map((event) => [event, say(`labels.${event}`)]);
}

/** "role_changed" → "Role changed"; words from the name for events the catalog does not know. */
export function eventLabel(event: string): string {
  if (known(`labels.${event}`)) return say(`labels.${event}`);
  const words = event.replace(/[_.-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : event;
}

/** Who the entry is about: their name, else their address, else "someone". */
export function subjectOf(entry: AuditEvent, nameOf: NameOf): string {
  return nameOf(entry.subject_id) ?? entry.subject_email ?? say("someone");
}

/** Who did it: a person by name; null when nobody is recorded (the person themself). */
export function actorOf(entry: AuditEvent, nameOf: NameOf): string | null {
  if (!entry.actor_id) return entry.details["via"] === "cli" ? say("commandLine") : null;
  if (entry.actor_id === entry.subject_id) return nameOf(entry.actor_id) ?? say("they");
  if (entry.source === "feedback") return nameOf(entry.actor_id) ?? say("someoneCap");
  return nameOf(entry.actor_id) ?? say("anAdmin");
}

/** The people an entry names besides its actor and subject (a feedback's mentor). */
export function otherPeople(entry: AuditEvent): string[] {
  const mentor = entry.details["mentor_id"];
  return typeof mentor === "string" ? [mentor] : [];
}

function role(value: unknown): string {
  const name = String(value);
  return known(`roles.${name}`) ? say(`roles.${name}`) : name;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value == null ? "" : JSON.stringify(value);
}

/** An export's filters as words ("state: published, cohort: Cohort A"). */
export function describeFilters(filters: unknown, nameOf: NameOf): string {
  if (!filters || typeof filters !== "object") return say("filters.none");
  const f = filters as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(f["states"]) && f["states"].length) {
    const states = f["states"].map((s) => (known(`states.${String(s)}`) ? say(`states.${String(s)}`) : String(s)));
    parts.push(say("filters.states", { value: states.join(", ") }));
  }
  if (f["cohort"]) parts.push(say("filters.cohort", { value: text(f["cohort"]) }));
  if (Array.isArray(f["cohorts"])) parts.push(say("filters.cohorts", { value: f["cohorts"].map(text).join(", ") }));
  if (f["student_id"]) parts.push(say("filters.student", { value: nameOf(text(f["student_id"])) ?? text(f["student_id"]) }));
  if (f["mentor_id"]) parts.push(say("filters.mentor", { value: nameOf(text(f["mentor_id"])) ?? text(f["mentor_id"]) }));
  if (f["created_from"]) parts.push(say("filters.from", { value: formatDate(text(f["created_from"])) }));
  if (f["created_to"]) parts.push(say("filters.to", { value: formatDate(text(f["created_to"])) }));
  if (f["acknowledged"] === true) parts.push(say("filters.acknowledged"));
  if (f["acknowledged"] === false) parts.push(say("filters.unacknowledged"));
  return parts.length ? parts.join(", ") : say("filters.none");
}

/** The entry as one sentence, people by name. */
export function describeEvent(entry: AuditEvent, nameOf: NameOf): string {
  const who = subjectOf(entry, nameOf);
  const by = actorOf(entry, nameOf) ?? say("anAdmin");
  const d = entry.details;
  const sessions = say("sessions", { count: Number(d["count"]) || 0 });
  switch (entry.event) {
    case "code_ok":
      return say(d["purpose"] === "invite" ? "say.code_ok_invite" : "say.code_ok", { who });
    case "login_failed": {
      const reason = typeof d["reason"] === "string" && known(`reasons.${d["reason"]}`) ? d["reason"] : "default";
      return say("say.login_failed", { who, reason: say(`reasons.${reason}`) });
    }
    case "logout_all":
    case "sessions_revoked":
      return say(`say.${entry.event}`, { who, by, sessions });
    case "role_changed":
      return say(d["old"] ? "say.role_changed_from" : "say.role_changed", { by, who, role: role(d["new"]), old: role(d["old"]) });
    case "user_created":
      return say(d["role"] ? "say.user_created_as" : "say.user_created", { by, who, role: role(d["role"]) });
    case "invitation_sent":
      return say(d["self_service"] ? "say.invitation_sent_self" : "say.invitation_sent", { by, who });
    case "feedback_withdrawn":
      return say("say.feedback_withdrawn", { by, who, title: text(d["title"]), reason: text(d["reason"]) });
    case "rubric_saved":
      return say("say.rubric_saved", { by, version: text(d["version"]), name: text(d["name"]) });
    case "assignment_added":
    case "assignment_removed": {
      const mentor = nameOf(text(d["mentor_id"])) ?? (text(d["mentor_email"]) || say("someone"));
      const key = entry.event === "assignment_added" && d["cohort"] ? "say.assignment_added_cohort" : `say.${entry.event}`;
      return say(key, { by, who, mentor, cohort: text(d["cohort"]) });
    }
    case "assignments_imported":
      return say("say.assignments_imported", { by, count: Number(d["count"]) || 0 });
    case "feedback_exported":
      return say("say.feedback_exported", { by, count: Number(d["rows"]) || 0, filters: describeFilters(d["filters"], nameOf) });
    default: {
      if (known(`say.${entry.event}`)) return say(`say.${entry.event}`, { who, by });
      const details = Object.entries(d)
        .map(([key, value]) => `${key.replace(/_/g, " ")}: ${text(value)}`)
        .join(", ");
      const label = eventLabel(entry.event);
      return details ? say("say.unknown_details", { label, who, details }) : say("say.unknown", { label, who });
    }
  }
}
