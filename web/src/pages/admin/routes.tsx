import type { PrivateRoute } from "../../routes";

export const adminRoutes: PrivateRoute[] = [];
