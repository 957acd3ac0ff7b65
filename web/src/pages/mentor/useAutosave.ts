import { useCallback, useEffect, useRef, useState } from "react";

export type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "error"; error: unknown };

/**
 * Saves `value` `delay` ms after the last change, one save at a time (a change made during a save is
 * saved right after it). `flush()` saves now and resolves when everything is saved. `isDirty()` says
 * whether a change is not saved yet (waiting, being saved, or failed); `cancel()` drops what waits
 * (the draft was discarded).
 */
export function useAutosave<T>(save: (value: T) => Promise<void>, delay = 800) {
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const latest = useRef<T | null>(null);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const saving = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;

  const run = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    chain.current = chain.current.then(async () => {
      if (!dirty.current || latest.current === null) return;
      dirty.current = false;
      setState({ kind: "saving" });
      saving.current = true;
      try {
        await saveRef.current(latest.current);
        setState(dirty.current ? { kind: "saving" } : { kind: "saved", at: new Date() });
      } catch (error) {
        dirty.current = true;
        setState({ kind: "error", error });
        throw error;
      } finally {
        saving.current = false;
      }
    });
    const result = chain.current;
    chain.current = chain.current.catch(() => undefined);
    return result;
  }, []);

  const change = useCallback(
    (value: T) => {
      latest.current = value;
      dirty.current = true;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void run().catch(() => undefined), delay);
    },
    [delay, run],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const isDirty = useCallback(() => dirty.current || saving.current, []);
  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    latest.current = null;
  }, []);

  return { state, change, flush: run, isDirty, cancel };
}
