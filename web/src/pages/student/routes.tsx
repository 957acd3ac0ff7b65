import type { PrivateRoute } from "../../routeTypes";
import { ToFeedback } from "../feedback/FeedbackRoute";
import { RequestFeedbackPage } from "./RequestFeedbackPage";
import { SelfAssessmentPage } from "./SelfAssessmentPage";
import { StudentHome } from "./StudentHome";

export const studentRoutes: PrivateRoute[] = [
  { path: "student", roles: ["student"], element: <StudentHome /> },
  { path: "student/requests", roles: ["student"], element: <RequestFeedbackPage /> },
  { path: "student/self-assessment", roles: ["student"], element: <SelfAssessmentPage /> },
  { path: "student/feedback/:id", element: <ToFeedback /> },
];
