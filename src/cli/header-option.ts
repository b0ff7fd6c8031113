// `--header 'Name: value'` (repeatable): split at the first colon, then held to the shared
// header rules, so a header that cannot be sent is refused here instead of failing every probe.
import { headerProblem } from '../shared/header-syntax';

export interface HeaderOptions {
  /** A later header with the same name wins. */
  headers: Record<string, string>;
  errors: string[];
}

/** The value may be a secret: keep what names the header, hide the rest (`X-Key=…` too). */
function masked(text: string): string {
  const end = text.search(/[:=\s]/);
  return end < 0 || end === text.length - 1 ? text : `${text.slice(0, end + 1)}…`;
}

/** headerProblem's sentence (it names the header) as the end of a CLI message. */
function clause(sentence: string | null): string | null {
  return sentence && sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, '');
}

export function parseHeaderOptions(texts: readonly string[]): HeaderOptions {
  const headers: Record<string, string> = {};
  const errors: string[] = [];
  for (const text of texts) {
    const colon = text.indexOf(':');
    const name = text.slice(0, Math.max(colon, 0)).trim();
    const value = text.slice(colon + 1).trim();
    const problem =
      colon < 0
        ? "expected 'Name: value' with a colon after the name"
        : name === ''
          ? "expected 'Name: value' with a name before the colon"
          : clause(headerProblem(name, value));
    if (problem === null) headers[name] = value;
    else errors.push(`bad --header "${masked(text)}": ${problem}`);
  }
  return { headers, errors };
}
