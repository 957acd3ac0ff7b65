import { useEffect } from "react";
import { useBlocker, type Blocker } from "react-router";

/**
 * While `dirty`, leaving asks first: a navigation inside the app is held by the returned blocker
 * (the page asks, then `proceed()` or `reset()`), and closing or reloading the tab gets the
 * browser's own question.
 */
export function useUnsavedGuard(dirty: boolean): Blocker {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return undefined;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [dirty]);
  return blocker;
}
