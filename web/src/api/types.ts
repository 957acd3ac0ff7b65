/** Short names for the generated schema types the pages use (nothing hand-written here). */
import type { components as Auth, operations as AuthOperations } from "./auth";
import type { components as Feedback } from "./feedback";
import type { components as Notification } from "./notification";

export type User = Auth["schemas"]["UserOut"];
export type UserSession = Auth["schemas"]["SessionOut"];
export type AuditEvent = Auth["schemas"]["AuditEventOut"];
/** Every event name the audit log knows: what its event filter accepts. */
export type AuditEventName = NonNullable<
  NonNullable<AuthOperations["audit_log_admin_audit_get"]["parameters"]["query"]>["event"]
>[number];
export type UserImportReport = Auth["schemas"]["ImportReport"];

export type FeedbackItem = Feedback["schemas"]["FeedbackOut"];
export type FeedbackPatch = Feedback["schemas"]["FeedbackPatch"];
export type Rubric = Feedback["schemas"]["RubricOut"];
export type RubricIn = Feedback["schemas"]["RubricIn"];
export type LibraryRubric = Feedback["schemas"]["LibraryRubricOut"];
export type CohortSettings = Feedback["schemas"]["CohortSettingsOut"];
export type CohortSettingsIn = Feedback["schemas"]["CohortSettingsIn"];
export type Criterion = Feedback["schemas"]["CriterionOut"];
export type StudentTrend = Feedback["schemas"]["StudentTrend"];
export type Assignment = Feedback["schemas"]["AssignmentOut"];
export type Revision = Feedback["schemas"]["RevisionOut"];
export type AssignmentImport = Feedback["schemas"]["ImportResult"];

export type EmailStatus = Notification["schemas"]["StatusSummary"];
export type Delivery = Notification["schemas"]["Delivery"];
