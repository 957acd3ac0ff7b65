import type { PrivateRoute } from "../../routes";
import { FeedbackPage } from "../feedback/FeedbackPage";
import { FeedbackEditor } from "./FeedbackEditor";
import { MentorHome } from "./MentorHome";
import { StudentTimeline } from "./StudentTimeline";

export const mentorRoutes: PrivateRoute[] = [
  { path: "mentor", roles: ["mentor"], element: <MentorHome /> },
  { path: "mentor/students/:studentId", roles: ["mentor", "admin"], element: <StudentTimeline /> },
  { path: "mentor/feedback/:id/edit", roles: ["mentor"], element: <FeedbackEditor /> },
  { path: "mentor/feedback/:id", roles: ["mentor", "admin"], element: <FeedbackPage /> },
];
