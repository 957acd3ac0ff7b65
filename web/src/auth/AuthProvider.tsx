import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";

import { session, type SessionUser } from "./session";

interface AuthState {
  /** False until the first silent refresh has answered. */
  ready: boolean;
  user: SessionUser | null;
}

const AuthContext = createContext<AuthState>({ ready: false, user: null });

/** Restores the session from the refresh cookie on load, then tracks sign-in and sign-out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const user = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.currentUser,
  );
  const [ready, setReady] = useState(session.currentUser !== null);

  useEffect(() => {
    if (ready) return;
    let live = true;
    void session.refresh().finally(() => {
      if (live) setReady(true);
    });
    return () => {
      live = false;
    };
  }, [ready]);

  return <AuthContext.Provider value={{ ready, user }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
