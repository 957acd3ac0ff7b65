import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { usePeopleSearch, type Person, type PersonRole } from "../queries/users";
import "./PersonPicker.css";

/** What a picker holds: the text typed, and the person chosen from the list (null while typing). */
export type PickerValue = { text: string; person: Person | null };
export const EMPTY_PICK: PickerValue = { text: "", person: null };

/** How long typing pauses before the directory (or a filtered list) is asked. */
export const SEARCH_DELAY_MS = 250;

export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** How a chosen person reads in the field. */
export function personLabel(person: Person): string {
  return `${person.name} (${person.email})`;
}

/**
 * Choose a person by typing part of their name or email (any case, with or without accents):
 * the WAI-ARIA combobox pattern with a list of suggestions. Arrow keys move through the list,
 * Enter or a click chooses, Escape closes the list (and clears the field when it is already
 * closed), Tab leaves. Typing a full email address and pressing Enter without choosing still
 * submits the form with that address (`value.person` stays null).
 */
export function PersonPicker({
  id,
  label,
  role,
  value,
  onChange,
  required = false,
}: {
  id: string;
  label: string;
  role?: PersonRole;
  value: PickerValue;
  onChange: (value: PickerValue) => void;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const listId = `${id}-listbox`;
  const hintId = `${id}-hint`;
  const statusId = useId();
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = value.person ? "" : value.text;
  const text = useDebounced(typed, SEARCH_DELAY_MS);
  const search = usePeopleSearch(text, role);
  const settled = text.trim() !== "" && text === typed && !search.isFetching;
  const people = typed.trim() && search.data ? search.data : [];
  const open = focused && !dismissed && people.length > 0;
  const noneMatch = focused && !dismissed && settled && search.isSuccess && people.length === 0;

  useEffect(() => setActive(-1), [search.data]);

  const type = (next: string) => {
    setDismissed(false);
    setActive(-1);
    onChange({ text: next, person: null });
  };
  const choose = (person: Person) => {
    onChange({ text: personLabel(person), person });
    setDismissed(true);
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        event.preventDefault();
        setDismissed(false);
        if (!people.length) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((current) => (current + step + people.length + (current < 0 && step < 0 ? 1 : 0)) % people.length);
        return;
      }
      case "Enter":
        if (open && active >= 0 && people[active]) {
          event.preventDefault();
          choose(people[active]);
        }
        return;
      case "Escape":
        if (open || noneMatch) {
          event.preventDefault();
          setDismissed(true);
          setActive(-1);
        } else if (value.text) {
          event.preventDefault();
          onChange(EMPTY_PICK);
        }
        return;
      case "Tab":
        setDismissed(true);
        return;
    }
  };

  return (
    <div className="field person-picker">
      <label htmlFor={id}>{label}</label>
      <div className="person-picker-anchor">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          required={required}
          maxLength={254}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
          aria-describedby={`${hintId} ${statusId}`}
          value={value.text}
          onChange={(event) => type(event.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => {
            setFocused(false);
            setActive(-1);
          }}
        />
        <ul id={listId} role="listbox" aria-label={label} className="person-picker-list" hidden={!open}>
          {open
            ? people.map((person, index) => (
                <li
                  key={person.id}
                  id={`${id}-option-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? "person-picker-option active" : "person-picker-option"}
                  // Keep the focus in the field: the click chooses, the blur would close first.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(person)}
                  onMouseEnter={() => setActive(index)}
                >
                  <span className="person-picker-name">{person.name}</span>
                  <span className="person-picker-email">{person.email}</span>
                </li>
              ))
            : null}
        </ul>
      </div>
      <p id={hintId} className="hint">
        {t("personPicker.hint")}
      </p>
      <p id={statusId} role="status" className="person-picker-status">
        {noneMatch ? t("personPicker.noneMatch", { text: text.trim() }) : ""}
        {open ? <span className="visually-hidden">{t("personPicker.suggestions", { count: people.length })}</span> : null}
      </p>
    </div>
  );
}
