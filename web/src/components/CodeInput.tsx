import { useEffect, useRef, type ChangeEvent } from "react";

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Called once six digits are in (typed or pasted). */
  onComplete?: (code: string) => void;
  disabled?: boolean;
  describedBy?: string;
  length?: number;
}

/**
 * One field for the emailed code: digits only, autofocus, accepts a pasted code with spaces or
 * dashes ("123 456"), and lets the browser offer the code from the email (one-time-code).
 */
export function CodeInput({ id, value, onChange, onComplete, disabled, describedBy, length = 6 }: Props) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);

  const handle = (event: ChangeEvent<HTMLInputElement>) => {
    const digits = event.target.value.replace(/\D/g, "").slice(0, length);
    if (digits === value) return;
    onChange(digits);
    if (digits.length === length) onComplete?.(digits);
  };

  return (
    <input
      ref={ref}
      id={id}
      className="code-input"
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern={`\\d{${length}}`}
      maxLength={length + 6}
      value={value}
      onChange={handle}
      disabled={disabled}
      aria-describedby={describedBy}
      spellCheck={false}
    />
  );
}
