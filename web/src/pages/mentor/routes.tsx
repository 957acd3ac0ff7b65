import type { PrivateRoute } from "../../routeTypes";
import { ToFeedback } from "../feedback/FeedbackRoute";
import { FeedbackEditor } from "./FeedbackEditor";
import { GradingQueue } from "./GradingQueue";
import { MentorHome } from "./MentorHome";
import { RequestsPage } from "./RequestsPage";
import { StudentTimeline } from "./StudentTimeline";

export const mentorRoutes: PrivateRoute[] = [
  { path: "mentor", roles: ["mentor"], element: <MentorHome /> },
  { path: "mentor/grading", roles: ["mentor"], element: <GradingQueue /> },
  { path: "mentor/requests", roles: ["mentor", "admin"], element: <RequestsPage /> },
  { path: "mentor/students/:studentId", roles: ["mentor", "admin"], element: <StudentTimeline /> },
  { path: "mentor/feedback/:id/edit", roles: ["mentor"], element: <FeedbackEditor /> },
  { path: "mentor/feedback/:id", element: <ToFeedback /> },
];
