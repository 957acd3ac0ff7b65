/**
 * The one rule for where the app may send someone after signing in (`?next=`): a path of this
 * site, never another origin. Refused (answer "/"): anything not starting with a single "/",
 * protocol-relative "//" and "/\", backslashes anywhere, control and line-separator characters,
 * encoded slashes and backslashes (%2F, %5C), malformed percent-encoding, and the sign-in pages
 * themselves (no loop).
 */
const FALLBACK = "/";
// C0 controls, DEL, C1 controls, line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const ENCODED_SLASH = /%(2f|5c)/i;
const PROBE_ORIGIN = "https://campus.invalid";

export function safeNext(value: string | null | undefined): string {
  if (!value || value[0] !== "/" || value[1] === "/" || value[1] === "\\") return FALLBACK;
  if (value.includes("\\") || CONTROL.test(value) || ENCODED_SLASH.test(value)) return FALLBACK;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return FALLBACK;
  }
  if (decoded.includes("\\") || CONTROL.test(decoded) || decoded.startsWith("//")) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== PROBE_ORIGIN) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path === "/login" || path.startsWith("/login/") || path.startsWith("/login?")) return FALLBACK;
  return path;
}
