/** Small pieces the rubric editor's fields share: a field's messages, the aria that ties them, a number box. */
import { useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function FieldMessages({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(" ")}
    </p>
  );
}

/** aria attributes tying a field to its messages. */
export function invalid(id: string, messages: string[]) {
  return messages.length > 0 ? { "aria-invalid": true as const, "aria-describedby": id } : {};
}

type NumberFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> & {
  value: number;
  onValue: (value: number) => void;
};

/**
 * A whole-number box that may be emptied while typing: the draft keeps its last number until the
 * box holds a new one, and the box follows the draft when it changes from elsewhere (an import).
 */
export function NumberField({ value, onValue, ...props }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  const reported = useRef(value);
  useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setText(String(value));
    }
  }, [value]);
  return (
    <input
      {...props}
      type="number"
      inputMode="numeric"
      step={1}
      value={text}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        const number = Number(next);
        if (next.trim() !== "" && Number.isInteger(number)) {
          reported.current = number;
          onValue(number);
        }
      }}
    />
  );
}

/** A labelled field with its messages; `render` gets the input's id and the aria that ties them. */
export function Field({
  id,
  label,
  messages,
  className = "field",
  render,
}: {
  id: string;
  label: string;
  messages: string[];
  className?: string;
  render: (props: { id: string } & ReturnType<typeof invalid>) => ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {render({ id, ...invalid(`${id}-error`, messages) })}
      <FieldMessages id={`${id}-error`} messages={messages} />
    </div>
  );
}

/**
 * "Move up", "Move down" and "Remove" for one item of a list, each saying which item
 * (`what`, e.g. "level 2 of Clarity"); ids `<id>-up`, `<id>-down`, `<id>-remove` let focus follow.
 */
export function ItemActions({
  id,
  what,
  index,
  count,
  canRemove = true,
  onMove,
  onRemove,
}: {
  id: string;
  what: string;
  index: number;
  count: number;
  canRemove?: boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="rubric-item-actions">
      <button type="button" className="button-secondary" id={`${id}-up`} aria-label={t("admin.rubric.actions.upOf", { what })} disabled={index === 0} onClick={() => onMove(-1)}>
        ↑ <span className="rubric-button-text">{t("admin.rubric.actions.up")}</span>
      </button>
      <button
        type="button"
        className="button-secondary"
        id={`${id}-down`}
        aria-label={t("admin.rubric.actions.downOf", { what })}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        ↓ <span className="rubric-button-text">{t("admin.rubric.actions.down")}</span>
      </button>
      <button type="button" className="button-danger" id={`${id}-remove`} aria-label={t("admin.rubric.actions.removeOf", { what })} disabled={!canRemove} onClick={onRemove}>
        {t("admin.rubric.actions.remove")}
      </button>
    </div>
  );
}
