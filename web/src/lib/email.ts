/**
 * The platform's one rule for email addresses, as the services apply it
 * (libs/campus-common/src/campus_common/email.py), with the same messages, so a form can say what
 * is wrong before it sends anything (in the interface's language: `emailRule.*`). The services stay the authority; `emailCases.json` is the
 * shared table both sides are tested against.
 */
import { t } from "../i18n";

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
// eslint-disable-next-line no-control-regex
const SPACE_OR_CONTROL = /[\s\x00-\x1f\x7f]/;
// Python's str.strip(" \t\r\n\f\v"): only ASCII white space is trimmed.
const ASCII_EDGE_SPACE = /^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g;

export type EmailCheck = { ok: true; value: string } | { ok: false; message: string };

function fail(message: string): EmailCheck {
  return { ok: false, message };
}

function codePoint(char: string): string {
  return "U+" + (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

/** The canonical (trimmed, lower-cased) address, or a sentence a person can act on. */
export function checkEmail(input: string): EmailCheck {
  const address = input.replace(ASCII_EDGE_SPACE, "");
  if (!address) return fail(t("emailRule.empty"));
  for (const char of address) {
    if ((char.codePointAt(0) ?? 0) > 0x7f) {
      return fail(t("emailRule.ascii", { char, code: codePoint(char) }));
    }
  }
  if (SPACE_OR_CONTROL.test(address)) {
    return fail(t("emailRule.space"));
  }
  if (address.length > MAX_LENGTH) {
    return fail(t("emailRule.tooLong", { max: MAX_LENGTH }));
  }
  const parts = address.split("@");
  if (parts.length !== 2) return fail(t("emailRule.oneAt"));
  const [local, domain] = parts as [string, string];
  if (!local) return fail(t("emailRule.noLocal"));
  if (local.length > MAX_LOCAL_LENGTH) {
    return fail(t("emailRule.localTooLong", { max: MAX_LOCAL_LENGTH }));
  }
  const atoms = local.split(".");
  if (atoms.some((atom) => !atom)) {
    return fail(t("emailRule.localDots"));
  }
  if (!atoms.every((atom) => ATOM.test(atom))) {
    return fail(t("emailRule.localChars"));
  }
  if (!domain) return fail(t("emailRule.noDomain"));
  const labels = domain.split(".");
  if (labels.some((label) => !label)) {
    return fail(t("emailRule.domainDots"));
  }
  if (labels.length < 2) return fail(t("emailRule.domainParts"));
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH) {
      return fail(t("emailRule.labelTooLong", { max: MAX_LABEL_LENGTH }));
    }
    if (!LABEL.test(label)) {
      return fail(t("emailRule.labelChars"));
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) {
    return fail(t("emailRule.numericEnd"));
  }
  return { ok: true, value: address.toLowerCase() };
}
