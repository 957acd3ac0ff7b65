import type { PrivateRoute } from "../../routeTypes";
import { ToFeedback } from "../feedback/FeedbackRoute";
import { StudentHome } from "./StudentHome";

export const studentRoutes: PrivateRoute[] = [
  { path: "student", roles: ["student"], element: <StudentHome /> },
  { path: "student/feedback/:id", element: <ToFeedback /> },
];
