import type { PrivateRoute } from "../../routes";

export const studentRoutes: PrivateRoute[] = [];
