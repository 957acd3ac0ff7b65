import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { matchPath, useLocation } from "react-router";

import { useAuth } from "../auth/AuthProvider";
import { useFeedback } from "../queries/feedback";

export const APP_NAME = "Campus";

/** "Sign in · Campus"; the bare app name when the page has no title of its own. */
export function formatTitle(page: string | null | undefined): string {
  const text = page?.trim();
  return text ? `${text} · ${APP_NAME}` : APP_NAME;
}

/**
 * The title of every route, by its path pattern (the same patterns as the route files). A page
 * about one feedback is titled by the feedback itself once it is loaded (see `useDocumentTitle`);
 * the titles here are what shows until then.
 */
export const ROUTE_TITLES: Record<string, string> = {
  login: "Sign in",
  "login/code": "Enter your code",
  "forgot-password": "Forgot password",
  "reset-password": "Reset password",
  "accept-invite": "Accept an invitation",
  status: "Service status",
  account: "Account",
  notifications: "Notifications",
  feedback: "Feedback",
  "feedback/:id": "Feedback",
  student: "My feedback",
  "student/feedback/:id": "Feedback",
  "student/requests": "Ask for feedback",
  "student/self-assessment": "Self-assessment",
  mentor: "My students",
  "mentor/students/:studentId": "Student timeline",
  "mentor/feedback/:id/edit": "Edit feedback",
  "mentor/feedback/:id": "Feedback",
  "mentor/requests": "Feedback requests",
  "mentor/grading": "Grading queue",
  "admin/users": "Users",
  "admin/users/import": "Import users",
  "admin/assignments": "Assignments",
  "admin/rubric": "Rubric",
  "admin/rubrics": "Rubrics",
  "admin/rubrics/:rubricId": "Rubric",
  "admin/cohorts": "Cohorts",
  "admin/comments": "Shared comments",
  "admin/feedback": "All feedback",
  "admin/release": "Held feedback",
  "admin/audit": "Audit log",
  "admin/notifications": "Email status",
};

const NOT_FOUND = "Page not found";

/** The static title of the route at `pathname`; null for the home redirect. */
export function routeTitle(pathname: string): string | null {
  if (pathname === "/" || pathname === "") return null;
  for (const [pattern, title] of Object.entries(ROUTE_TITLES)) {
    if (matchPath({ path: `/${pattern}`, end: true }, pathname)) return title;
  }
  return NOT_FOUND;
}

/** The route pattern ("feedback/:id") matching `pathname`, if any. */
function routePattern(pathname: string): string | null {
  return Object.keys(ROUTE_TITLES).find((pattern) => matchPath({ path: `/${pattern}`, end: true }, pathname)) ?? null;
}

/** A pattern as a catalog key: "feedback/:id" → "feedback_id". */
export function titleKey(pattern: string): string {
  return pattern.replace(/[/:-]+/g, "_");
}

/** The feedback a path is about ("/feedback/f-42", "/mentor/feedback/f-42/edit"), if any. */
export function feedbackIdOf(pathname: string): { id: string; editing: boolean } | null {
  const edit = matchPath({ path: "/mentor/feedback/:id/edit", end: true }, pathname);
  // "/mentor/feedback/new/edit" writes a feedback that does not exist yet: nothing to fetch.
  if (edit?.params.id) return edit.params.id === "new" ? null : { id: edit.params.id, editing: true };
  const read = matchPath({ path: "/feedback/:id", end: true }, pathname);
  if (read?.params.id) return { id: read.params.id, editing: false };
  return null;
}

/**
 * Sets `document.title` on every navigation: the route's title, or for a feedback its own title
 * ("Week 8 review · Campus"). The feedback comes from the same query the page runs, so this asks
 * the server nothing more; signed out, it asks nothing at all.
 */
export function useDocumentTitle(): void {
  const { pathname } = useLocation();
  const { user } = useAuth();
  const about = feedbackIdOf(pathname);
  const feedback = useFeedback(about?.id ?? "", { enabled: Boolean(user && about) });
  const own = about && feedback.data?.id === about.id ? feedback.data.title : null;
  const { t } = useTranslation();
  const english = routeTitle(pathname);
  const pattern = english === null ? null : routePattern(pathname);
  const translated = pattern ? t(`titles.${titleKey(pattern)}` as "titles.login") : english && t("titles.notFound");
  const title = own ? (about?.editing ? t("titles.editing", { title: own }) : own) : translated;
  useEffect(() => {
    document.title = formatTitle(title);
  }, [title]);
}
