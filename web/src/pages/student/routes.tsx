import type { PrivateRoute } from "../../routeTypes";
import { ToFeedback } from "../feedback/FeedbackRoute";
import { RequestFeedbackPage } from "./RequestFeedbackPage";
import { StudentHome } from "./StudentHome";

export const studentRoutes: PrivateRoute[] = [
  { path: "student", roles: ["student"], element: <StudentHome /> },
  { path: "student/requests", roles: ["student"], element: <RequestFeedbackPage /> },
  { path: "student/feedback/:id", element: <ToFeedback /> },
];
