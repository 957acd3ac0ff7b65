import type { PrivateRoute } from "../../routes";

export const mentorRoutes: PrivateRoute[] = [];
