/**
 * The platform's one rule for email addresses, as the services apply it
 * (libs/campus-common/src/campus_common/email.py), with the same messages, so a form can say what
 * is wrong before it sends anything. The services stay the authority; `emailCases.json` is the
 * shared table both sides are tested against.
 */
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
  if (!address) return fail("Enter an email address.");
  for (const char of address) {
    if ((char.codePointAt(0) ?? 0) > 0x7f) {
      return fail(
        "An email address may contain only plain ASCII letters, digits and punctuation; " +
          `"${char}" (${codePoint(char)}) is not one of them, even if it looks like one.`,
      );
    }
  }
  if (SPACE_OR_CONTROL.test(address)) {
    return fail("An email address cannot contain spaces, line breaks or control characters.");
  }
  if (address.length > MAX_LENGTH) {
    return fail(`An email address can be at most ${MAX_LENGTH} characters long.`);
  }
  const parts = address.split("@");
  if (parts.length !== 2) return fail("An email address needs exactly one @, as in name@school.org.");
  const [local, domain] = parts as [string, string];
  if (!local) return fail("An email address needs a name before the @, as in name@school.org.");
  if (local.length > MAX_LOCAL_LENGTH) {
    return fail(`The part before the @ can be at most ${MAX_LOCAL_LENGTH} characters long.`);
  }
  const atoms = local.split(".");
  if (atoms.some((atom) => !atom)) {
    return fail("The part before the @ cannot start or end with a dot or have two dots in a row.");
  }
  if (!atoms.every((atom) => ATOM.test(atom))) {
    return fail(
      "The part before the @ may contain only letters, digits, dots and !#$%&'*+/=?^_`{|}~- .",
    );
  }
  if (!domain) return fail("An email address needs a domain after the @, as in name@school.org.");
  const labels = domain.split(".");
  if (labels.some((label) => !label)) {
    return fail("The domain cannot start or end with a dot or have two dots in a row.");
  }
  if (labels.length < 2) return fail("The domain needs at least two parts, as in school.org.");
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH) {
      return fail(`Each part of the domain can be at most ${MAX_LABEL_LENGTH} characters long.`);
    }
    if (!LABEL.test(label)) {
      return fail(
        "The domain may contain only letters, digits, hyphens and dots " +
          "(no underscores), and no part of it may start or end with a hyphen.",
      );
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) {
    return fail("The domain must end with a name, not a number.");
  }
  return { ok: true, value: address.toLowerCase() };
}
