import { useEffect, useRef, useState } from "react";

import { t } from "../i18n";
import { checkEmail } from "../lib/email";

/**
 * An email address field that applies the platform's one address rule as the person types: once
 * they leave the field (or submit), it says what is wrong in the services' own words, and the form
 * will not send an address the API would refuse. Defaults fit the sign-in forms (the browser
 * fills it as the username).
 */
export function EmailField({
  value,
  onChange,
  autoFocus = false,
  id = "email",
  label = t("common.email"),
  autoComplete = "username",
}: {
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
  id?: string;
  label?: string;
  autoComplete?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState(false);
  const check = checkEmail(value);
  const message = value.trim() && !check.ok ? check.message : "";
  useEffect(() => {
    input.current?.setCustomValidity(message);
  }, [message]);
  const visible = shown && message;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="email"
        autoComplete={autoComplete}
        required
        autoFocus={autoFocus}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={() => setShown(true)}
        onInvalid={() => setShown(true)}
        aria-invalid={visible ? true : undefined}
        aria-describedby={visible ? `${id}-error` : undefined}
      />
      {visible ? (
        <p id={`${id}-error`} className="field-error">
          {message}
        </p>
      ) : null}
    </div>
  );
}
