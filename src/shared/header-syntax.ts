// What makes a request header acceptable, for the CLI's --header, the settings form and the
// main process's save: one rule everywhere, and only headers undici will really send.

// Anything but an RFC 9110 token character.
const NOT_TOKEN = /[^!#$%&'*+.^_`|~0-9A-Za-z-]/u;
// Visible ASCII, space and tab. undici also sends U+0080-U+00FF, but as single Latin-1 bytes
// that servers would not read as the UTF-8 the user typed.
const NOT_SENDABLE = /[^\t\x20-\x7e]/u;

const CONNECTION = 'ComfyWatch manages its own connections';
const NO_BODY = 'ComfyWatch’s requests have no body';
/** Headers that undici or ComfyWatch set from the URL and the request itself. */
const CONTROLLED = new Map<string, string>([
  ['host', 'ComfyWatch sends the host of the server URL'],
  ['connection', CONNECTION],
  ['keep-alive', CONNECTION],
  ['proxy-connection', CONNECTION],
  ['upgrade', CONNECTION],
  ['te', CONNECTION],
  ['content-length', NO_BODY],
  ['transfer-encoding', NO_BODY],
  ['trailer', NO_BODY],
  ['expect', NO_BODY],
  // ComfyUI answers 403 to a foreign Origin on loopback: a configured one would only block us.
  ['origin', 'ComfyWatch sends none, as ComfyUI answers 403 to a foreign Origin'],
]);

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Names a character that may not be in a header; a value's own characters are not shown (it may be a secret). */
function describe(char: string, show: boolean): string {
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  if (char === '\r' || char === '\n') return 'a line break';
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `a control character (${codePoint(char)})`;
  if (code > 0x7f) return show ? `"${char}", which is not ASCII` : 'a character that is not ASCII';
  return `"${char}"`;
}

/** Why `name` cannot be a header name, or null. */
export function headerNameProblem(name: string): string | null {
  if (name === '') return 'The header name is empty.';
  const bad = NOT_TOKEN.exec(name);
  if (bad !== null) return `"${name}" is not a valid header name: it contains ${describe(bad[0], true)}.`;
  const controlled = CONTROLLED.get(name.toLowerCase());
  if (controlled !== undefined) return `"${name}" cannot be set: ${controlled}.`;
  return null;
}

/** Why `value` cannot be sent as the value of header `name` (used only to word the sentence), or null. */
export function headerValueProblem(name: string, value: string): string | null {
  const bad = NOT_SENDABLE.exec(value);
  if (bad === null) return null;
  const subject = name === '' ? 'The header value' : `The value of "${name}"`;
  const lineBreak = bad[0] === '\r' || bad[0] === '\n';
  const rule = lineBreak
    ? 'it must be on one line'
    : 'only ASCII letters, digits, punctuation, spaces and tabs can be sent';
  return `${subject} contains ${describe(bad[0], false)}: ${rule}.`;
}

/** Why the header `name: value` cannot be sent, as a sentence, or null when it can. */
export function headerProblem(name: string, value: string): string | null {
  return headerNameProblem(name) ?? headerValueProblem(name, value);
}
