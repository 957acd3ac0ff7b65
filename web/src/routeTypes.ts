import type { ReactNode } from "react";

import type { Role } from "./auth/session";

/** A page of the app. Private ones need a signed-in user (of one of `roles`, when given). */
export interface AppRoute {
  path: string;
  element: ReactNode;
}

export interface PrivateRoute extends AppRoute {
  roles?: Role[];
}
