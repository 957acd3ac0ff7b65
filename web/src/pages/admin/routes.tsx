import type { PrivateRoute } from "../../routeTypes";
import { AllFeedbackPage } from "./AllFeedbackPage";
import { AssignmentsPage } from "./AssignmentsPage";
import { AuditPage } from "./AuditPage";
import { CohortSettingsPage } from "./CohortSettingsPage";
import { CommentsPage } from "./CommentsPage";
import { HeldFeedbackPage } from "./HeldFeedbackPage";
import { ImportUsersPage } from "./ImportUsersPage";
import { NotificationsPage } from "./NotificationsPage";
import { RubricPage } from "./RubricPage";
import { RubricLibraryPage } from "./rubric/RubricLibraryPage";
import { UsersPage } from "./UsersPage";

export const adminRoutes: PrivateRoute[] = [
  { path: "admin/users", roles: ["admin"], element: <UsersPage /> },
  { path: "admin/users/import", roles: ["admin"], element: <ImportUsersPage /> },
  { path: "admin/assignments", roles: ["admin"], element: <AssignmentsPage /> },
  { path: "admin/rubric", roles: ["admin"], element: <RubricPage /> },
  { path: "admin/rubrics", roles: ["admin"], element: <RubricLibraryPage /> },
  { path: "admin/rubrics/:rubricId", roles: ["admin"], element: <RubricPage /> },
  { path: "admin/cohorts", roles: ["admin"], element: <CohortSettingsPage /> },
  { path: "admin/comments", roles: ["admin"], element: <CommentsPage /> },
  { path: "admin/feedback", roles: ["admin"], element: <AllFeedbackPage /> },
  { path: "admin/release", roles: ["admin"], element: <HeldFeedbackPage /> },
  { path: "admin/audit", roles: ["admin"], element: <AuditPage /> },
  { path: "admin/notifications", roles: ["admin"], element: <NotificationsPage /> },
];
