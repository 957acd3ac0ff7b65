import { useEffect, useState } from "react";

/** Whole seconds left until `target` (epoch ms), ticking every second; 0 once passed. */
export function useCountdown(target: number | null): number {
  const compute = () => (target ? Math.max(0, Math.ceil((target - Date.now()) / 1000)) : 0);
  const [left, setLeft] = useState(compute);
  useEffect(() => {
    setLeft(compute());
    if (!target) return;
    const id = setInterval(() => {
      const value = compute();
      setLeft(value);
      if (value === 0) clearInterval(id);
    }, 1000);
    return () => clearInterval(id);
  }, [target]);
  return left;
}

export function formatClock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}
