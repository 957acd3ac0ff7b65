/**
 * A modal that asks before an action takes effect and says what the effect is
 * ("Gina Park will be signed out on every device"). Focus moves into it (to Cancel, the safe
 * choice), Tab stays inside, Escape or a click outside cancels, and focus goes back to what opened it.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";

export type ConfirmOptions = {
  title: string;
  /** The effect, in a sentence or two. */
  body: ReactNode;
  /** Shown above the body in a warning box: e.g. an admin about to demote themself. */
  warning?: ReactNode;
  /** The confirm button's words ("Change role"); `null` when the action cannot be done and only Close is offered. */
  confirmLabel: string | null;
  cancelLabel?: string;
  tone?: "danger" | "primary";
};

type Props = ConfirmOptions & { open: boolean; onConfirm: () => void; onCancel: () => void };

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ConfirmDialog({ open, title, body, warning, confirmLabel, cancelLabel, tone = "danger", onConfirm, onCancel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const { t } = useTranslation();

  useEffect(() => {
    if (!open) return;
    const trigger = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancel.current?.focus();
    return () => {
      if (trigger?.isConnected) trigger.focus();
    };
  }, [open]);

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== "Tab" || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div
        ref={box}
        className="dialog"
        role={tone === "danger" ? "alertdialog" : "dialog"}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div id={bodyId}>
          {warning ? (
            <div className="alert alert-warning" data-testid="dialog-warning">
              {warning}
            </div>
          ) : null}
          <div className="dialog-body">{body}</div>
        </div>
        <div className="dialog-actions">
          <button ref={cancel} type="button" className="button-secondary" onClick={onCancel}>
            {cancelLabel ?? (confirmLabel === null ? t("common.close") : t("common.cancel"))}
          </button>
          {confirmLabel === null ? null : (
            <button type="button" className={tone === "danger" ? "button-danger-solid" : "button-primary"} onClick={onConfirm}>
              {confirmLabel}
            </button>
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}

/**
 * `const [dialog, confirm] = useConfirm()`: render `dialog`, then `if (await confirm({...})) act()`.
 * The promise settles true on confirm, false on cancel, Escape or a click outside.
 */
export function useConfirm(): [ReactNode, (options: ConfirmOptions) => Promise<boolean>] {
  const [asking, setAsking] = useState<(ConfirmOptions & { resolve: (yes: boolean) => void }) | null>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) => new Promise<boolean>((resolve) => setAsking({ ...options, resolve })),
    [],
  );
  const settle = (yes: boolean) => {
    asking?.resolve(yes);
    setAsking(null);
  };
  const dialog = asking ? <ConfirmDialog {...asking} open onConfirm={() => settle(true)} onCancel={() => settle(false)} /> : null;
  return [dialog, confirm];
}
