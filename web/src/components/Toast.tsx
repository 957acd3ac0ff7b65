/**
 * One message at a time, in a polite live region at the bottom of the page: the success of an action
 * ("Role changed") and, for a reversible one, an Undo button for a few seconds that really calls the
 * API back. The countdown pauses while the pointer or the keyboard focus is on the message.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

import { t } from "../i18n";
import { describeError } from "../lib/problem";

export const TOAST_MS = 5_000;
export const UNDO_MS = 8_000;

export type ToastOptions = {
  message: string;
  /** Offered for reversible actions: `run` calls the API back; `done` is said once it has. */
  undo?: { run: () => Promise<unknown>; done: string };
};

type Shown = ToastOptions & { id: number; tone: "success" | "error" };

const ToastContext = createContext<((options: ToastOptions) => void) | null>(null);

export function useToast(): (options: ToastOptions) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast needs a <ToastProvider> above it");
  return show;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<Shown | null>(null);
  const [paused, setPaused] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const next = useRef(0);

  const show = useCallback((options: ToastOptions) => {
    next.current += 1;
    setUndoing(false);
    setToast({ ...options, id: next.current, tone: "success" });
  }, []);

  useEffect(() => {
    if (!toast || paused || undoing) return;
    const timer = window.setTimeout(() => setToast(null), toast.undo ? UNDO_MS : TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [toast, paused, undoing]);

  const undo = async (shown: Shown) => {
    if (!shown.undo) return;
    setUndoing(true);
    try {
      await shown.undo.run();
      setToast({ id: shown.id, message: shown.undo.done, tone: "success" });
    } catch (error) {
      setToast({ id: shown.id, message: t("toast.undoFailed", { error: describeError(error) }), tone: "error" });
    } finally {
      setUndoing(false);
      setPaused(false);
    }
  };

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        className="toast-region"
        role="status"
        aria-live="polite"
        onMouseEnter={() => setPaused(true)}
        onMouseLeave={() => setPaused(false)}
        onFocus={() => setPaused(true)}
        onBlur={() => setPaused(false)}
      >
        {toast ? (
          <div className={`toast toast-${toast.tone}`} key={toast.id} data-testid="toast">
            <span>{toast.message}</span>
            {toast.undo ? (
              <button type="button" className="button-link toast-undo" disabled={undoing} onClick={() => void undo(toast)}>
                {undoing ? t("toast.undoing") : t("toast.undo")}
              </button>
            ) : null}
            <button type="button" className="button-link toast-close" onClick={() => setToast(null)}>
              <span aria-hidden="true">×</span>
              <span className="visually-hidden">{t("toast.dismiss")}</span>
            </button>
          </div>
        ) : null}
      </div>
    </ToastContext.Provider>
  );
}
