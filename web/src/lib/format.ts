import { currentLanguage } from "../i18n";

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: (language: string) => T): T {
  const language = currentLanguage();
  const id = `${language}:${key}`;
  let format = formats.get(id) as T | undefined;
  if (!format) {
    format = make(language);
    formats.set(id, format);
  }
  return format;
}

/** A date in the interface's language ("3 dic 2026"); "—" without one. */
export function formatDate(value: string | null | undefined): string {
  return value ? cached("date", (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium" })).format(new Date(value)) : "—";
}

/** A date and time in the interface's language; "—" without one. */
export function formatDateTime(value: string | null | undefined): string {
  return value
    ? cached("datetime", (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium", timeStyle: "short" })).format(new Date(value))
    : "—";
}

/** A time of day in the interface's language ("14:05" / "2:05 PM"); "—" without one. */
export function formatTime(value: string | Date | null | undefined): string {
  return value ? cached("time", (l) => new Intl.DateTimeFormat(l, { timeStyle: "short" })).format(new Date(value)) : "—";
}

/** A number in the interface's language ("3.5" / "3,5"), with at most `digits` decimals. */
export function formatNumber(value: number, digits = 2): string {
  return cached(`number:${digits}`, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: digits })).format(value);
}

/** Triggers a file download of a blob (e.g. a CSV fetched with the access token). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
