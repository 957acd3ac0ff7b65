import type { PrivateRoute } from "../../routes";
import { FeedbackPage } from "../feedback/FeedbackPage";
import { StudentHome } from "./StudentHome";

export const studentRoutes: PrivateRoute[] = [
  { path: "student", roles: ["student"], element: <StudentHome /> },
  { path: "student/feedback/:id", roles: ["student"], element: <FeedbackPage /> },
];
