/**
 * Audit events in words: a label per event ("Role changed") and a sentence per entry, with people
 * by name ("Ada Admin made Gina Park a mentor (was a student)."). Unknown events still read as words.
 */
import type { AuditEvent } from "../../api/types";

/** The name to show for a user id, or null when the directory does not know it (yet). */
export type NameOf = (id: string | null | undefined) => string | null;

export const EVENT_LABELS: Record<string, string> = {
  code_ok: "Signed in",
  login_password_ok: "Password accepted",
  login_failed: "Sign-in failed",
  lockout: "Account locked",
  login_locked: "Sign-in refused (locked)",
  logout: "Signed out",
  logout_all: "Signed out everywhere",
  session_revoked: "Session ended",
  sessions_revoked: "Sessions ended by an admin",
  token_reuse_detected: "Old token reused",
  role_changed: "Role changed",
  user_created: "Account created",
  user_imported: "Account imported",
  invitation_sent: "Invitation sent",
  invitation_accepted: "Invitation accepted",
  user_enabled: "Account enabled",
  user_disabled: "Account disabled",
  password_reset_requested: "Password reset asked for",
  password_reset: "Password reset",
  password_changed: "Password changed",
};

const article = (role: unknown) => (String(role).match(/^[aeiou]/i) ? "an" : "a");

/** "role_changed" → "Role changed" for events the table does not know. */
export function eventLabel(event: string): string {
  const known = EVENT_LABELS[event];
  if (known) return known;
  const words = event.replace(/[_.-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : "Event";
}

function plural(count: unknown, one: string, many: string): string {
  const n = Number(count);
  return Number.isFinite(n) ? `${n} ${n === 1 ? one : many}` : many;
}

/** Who the entry is about: their name, else their address, else "someone". */
export function subjectOf(entry: AuditEvent, nameOf: NameOf): string {
  return nameOf(entry.subject_id) ?? entry.subject_email ?? "someone";
}

/** Who did it: an admin by name for admin actions; null when it was the person themself. */
export function actorOf(entry: AuditEvent, nameOf: NameOf): string | null {
  if (!entry.actor_id) return entry.details["via"] === "cli" ? "The command line" : null;
  if (entry.actor_id === entry.subject_id) return nameOf(entry.actor_id) ?? "They";
  return nameOf(entry.actor_id) ?? "An admin";
}

const FAILURE_REASONS: Record<string, string> = {
  disabled: "the account is disabled",
  invited: "the account has not been set up yet",
  change_password: "the current password given to change it was wrong",
};

/** The entry as one sentence, people by name. */
export function describeEvent(entry: AuditEvent, nameOf: NameOf): string {
  const who = subjectOf(entry, nameOf);
  const by = actorOf(entry, nameOf) ?? "An admin";
  const d = entry.details;
  switch (entry.event) {
    case "code_ok":
      return `${who} signed in with their password and an emailed code.`;
    case "login_password_ok":
      return `${who} gave the right password; a code was emailed.`;
    case "login_failed": {
      const reason = typeof d["reason"] === "string" ? FAILURE_REASONS[d["reason"]] : undefined;
      return `A sign-in as ${who} failed: ${reason ?? "wrong email or password"}.`;
    }
    case "lockout":
      return `${who}'s account is locked for a while after repeated wrong passwords.`;
    case "login_locked":
      return `A sign-in as ${who} was refused: the account is locked for now.`;
    case "logout":
      return `${who} signed out.`;
    case "logout_all":
      return `${who} signed out everywhere (${plural(d["count"], "session", "sessions")} ended).`;
    case "session_revoked":
      return `${who} ended one of their sessions.`;
    case "sessions_revoked":
      return `${by} signed ${who} out on every device (${plural(d["count"], "session", "sessions")} ended).`;
    case "token_reuse_detected":
      return `An old sign-in token of ${who} was used again, so that session was ended.`;
    case "role_changed":
      return `${by} made ${who} ${article(d["new"])} ${String(d["new"])}${d["old"] ? ` (was ${article(d["old"])} ${String(d["old"])})` : ""}.`;
    case "user_created":
      return `${actorOf(entry, nameOf) ?? "An admin"} created ${who}'s account${d["role"] ? ` as ${article(d["role"])} ${String(d["role"])}` : ""}.`;
    case "user_imported":
      return `${by} imported ${who} from a CSV file.`;
    case "invitation_sent":
      return d["self_service"] ? `${who} asked for a new invitation code.` : `${by} sent ${who} an invitation.`;
    case "invitation_accepted":
      return `${who} accepted the invitation and chose a password.`;
    case "user_enabled":
      return `${by} enabled ${who}'s account.`;
    case "user_disabled":
      return `${by} disabled ${who}'s account and signed them out.`;
    case "password_reset_requested":
      return `${who} asked for a code to reset their password.`;
    case "password_reset":
      return `${who} chose a new password with an emailed code.`;
    case "password_changed":
      return `${who} changed their password; their other sessions were ended.`;
    default: {
      const rest = Object.entries(d)
        .map(([key, value]) => `${key.replace(/_/g, " ")}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join(", ");
      return `${eventLabel(entry.event)} for ${who}${rest ? ` (${rest})` : ""}.`;
    }
  }
}
