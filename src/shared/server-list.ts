// The one server-list parser (DESIGN.md "Server lists"), used by the CLI, the settings form and import.
// Credentials never leave this module inside a URL: they become a Basic Authorization header.
// Runs in the renderer too (settings form): no Node APIs here.
import type { ServerConfig } from './settings';

export interface ParsedServer {
  /** Normalised, without credentials. */
  url: string;
  /** `Basic ...` when the entry carried `user:pass@`, else null. */
  authorization: string | null;
  /** 1-based position among the non-empty entries. */
  position: number;
  /** The entry as typed, credentials stripped. */
  input: string;
  /** The entry exactly as typed, credentials included: for keeping it in an editor, never for printing. */
  typed: string;
}

export interface ListIssue {
  position: number;
  /** The entry as typed, credentials stripped (and after `name:` with no `@host`, the rest hidden as `…`). */
  entry: string;
  /** A full sentence naming the entry and its position. */
  message: string;
}

export interface ParsedServerList {
  servers: ParsedServer[];
  errors: ListIssue[];
  notices: ListIssue[];
}

// An entry is a run of anything but these; a password holding one is the only exception (see `entrySpans`).
const ENTRY = /[^\s,;]+/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// What may stand before the path of an entry typed without a scheme (userinfo allowed, stripped later).
const HOST_PORT = /^(?:[^/?#]*@)?(?:[^:/?#@[\]]+:\d+|\[[0-9a-f:.]+\](?::\d+)?)$/i;
const DOTTED_HOST = /^(?:[^/?#]*@)?[^:/?#@[\]]+\.[^:/?#@[\]]+$/;
const LOCALHOST = /^(?:[^/?#]*@)?localhost(?::\d+)?$/i;
// `name:` then text that cannot be a port: the start of `user:password@host` with no `@` in sight.
const NAME_THEN_NOT_PORT = /^([^:/?#@[\]]*:)(?!\d*(?:[/?#]|$))/;

/** One entry of a list: its place in the text and what separated its parts when a password held a separator. */
interface EntrySpan {
  start: number;
  end: number;
  /** The separators inside the entry (the password held them), else the empty string. */
  inner: string;
}

/** An entry cut at its credentials. */
interface EntryParts {
  /** `scheme://`, or the empty string. */
  scheme: string;
  /**
   * Everything before the last `@`: a user name or password may hold any character (`@ / ? #`
   * included when typed raw), so only the last `@` surely ends it. Null when there is no `@`,
   * or when the entry is a path (a relative redirect such as `/login?next=a@b`).
   */
  userinfo: string | null;
  /** What follows the userinfo and its `@` (or the scheme). */
  rest: string;
}

function partsOf(entry: string): EntryParts {
  const scheme = SCHEME.exec(entry)?.[0] ?? '';
  const afterScheme = entry.slice(scheme.length);
  const at = afterScheme.lastIndexOf('@');
  if (at < 0 || (scheme === '' && /^[/?#.]/.test(afterScheme))) {
    return { scheme, userinfo: null, rest: afterScheme };
  }
  return { scheme, userinfo: afterScheme.slice(0, at), rest: afterScheme.slice(at + 1) };
}

/**
 * The entries of `text` as spans. A piece like `http://alice:pa` (a name, then no port) followed
 * by a piece holding an `@` is one URL whose password held a separator: the pieces are kept as one
 * entry (refused later), so no part of the password stands as an entry of its own.
 */
function entrySpans(text: string): EntrySpan[] {
  const pieces = [...text.matchAll(ENTRY)].map((match) => ({
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
  const spans: EntrySpan[] = [];
  for (let index = 0; index < pieces.length; index += 1) {
    const first = pieces[index];
    const { userinfo, rest } = partsOf(first.text);
    let last = index;
    if (userinfo === null && NAME_THEN_NOT_PORT.test(rest)) {
      // The first later piece that holds an `@` or starts another URL.
      const next = pieces.findIndex((later, at) => at > index && /@|:\/\//.test(later.text));
      if (next >= 0 && !pieces[next].text.includes('://')) last = next;
    }
    const between = text.slice(first.end, pieces[last].start);
    spans.push({ start: first.start, end: pieces[last].end, inner: between.replace(ENTRY, '') });
    index = last;
  }
  return spans;
}

/** The entry as shown: userinfo stripped, and after `name:` with no `@` in sight, the would-be password hidden. */
function maskEntry(entry: string): string {
  const { scheme, userinfo, rest } = partsOf(entry);
  if (userinfo !== null) return scheme + rest;
  const name = NAME_THEN_NOT_PORT.exec(rest);
  return name === null ? entry : `${scheme}${name[1]}…`;
}

/**
 * Strips `user:pass@` from every URL in `text`, for display. The text is read as a server list is:
 * what `parseServerList` would show for an entry is what this shows.
 */
export function redactUrl(text: string): string {
  let shown = '';
  let from = 0;
  for (const span of entrySpans(text)) {
    shown += text.slice(from, span.start) + maskEntry(text.slice(span.start, span.end));
    from = span.end;
  }
  return shown + text.slice(from);
}

function base64Utf8(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

type EntryResult =
  | { ok: true; url: string; authorization: string | null; addedScheme: boolean; defaultPort: boolean }
  | { ok: false; reason: string };

const CHARACTER_NAMES: Record<string, string> = {
  ' ': 'a space',
  '\t': 'a tab',
  '\n': 'a line break',
  '\r': 'a carriage return',
};

const ENDS_HOST: [string, string] = ['ends the host part', 'end the host part'];
const SEPARATES: [string, string] = ['separates entries', 'separate entries'];

function listed(items: string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Says which characters a user name or password holds raw, what they do there (`effect`, singular
 * then plural) and how to write them.
 */
function rawCharactersReason(characters: string, effect: [string, string]): string {
  const unique = [...new Set(characters)];
  const names = unique.map((character) => CHARACTER_NAMES[character] ?? `"${character}"`);
  const escapes = unique.map((character) => encodeURIComponent(character));
  const [verb, pronoun] = unique.length === 1 ? [effect[0], 'it'] : [effect[1], 'them'];
  return `the user name or password holds ${listed(names)}, which ${verb}: write ${pronoun} as ${listed(escapes)}`;
}

function parseEntry(raw: string): EntryResult {
  const scheme = SCHEME.exec(raw)?.[1].toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return { ok: false, reason: `${scheme}:// is not supported (use http:// or https://)` };
  }
  // A raw `/ ? # \` in a password would end the host part early: a different host, and the rest
  // of the password in the path.
  const endsHost = partsOf(raw).userinfo?.replace(/[^/?#\\]/g, '') ?? '';
  if (endsHost !== '') return { ok: false, reason: rawCharactersReason(endsHost, ENDS_HOST) };
  let text = raw;
  const addedScheme = scheme === undefined;
  if (addedScheme) {
    const hostPart = raw.split(/[/?#]/, 1)[0];
    if (!HOST_PORT.test(hostPart) && !DOTTED_HOST.test(hostPart) && !LOCALHOST.test(hostPart)) {
      return { ok: false, reason: 'not a server URL (write it as http://host:port)' };
    }
    text = `http://${raw}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not a valid URL (check the host and the port, 1-65535)' };
  }
  if (url.hostname === '') return { ok: false, reason: 'the URL has no host' };
  if (url.port === '0') return { ok: false, reason: 'port 0 is not a valid port (use 1-65535)' };
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, reason: 'a server URL cannot have a query (?) or a fragment (#)' };
  }
  let authorization: string | null = null;
  if (url.username !== '' || url.password !== '') {
    let user: string;
    let pass: string;
    try {
      user = decodeURIComponent(url.username);
      pass = decodeURIComponent(url.password);
    } catch {
      return { ok: false, reason: 'the user name or password has a bad %-escape' };
    }
    authorization = `Basic ${base64Utf8(`${user}:${pass}`)}`;
    url.username = '';
    url.password = '';
  }
  // URL lower-cases scheme and host, drops a default port and keeps the path's case.
  const path = url.pathname.replace(/\/+$/, '');
  return {
    ok: true,
    url: `${url.protocol}//${url.host}${path}`,
    authorization,
    addedScheme,
    defaultPort: url.port === '',
  };
}

/** Splits, normalises and checks a list of server URLs; valid entries are kept even when others are bad. */
export function parseServerList(text: string): ParsedServerList {
  const result: ParsedServerList = { servers: [], errors: [], notices: [] };
  entrySpans(text).forEach((span, index) => {
    const position = index + 1;
    const raw = text.slice(span.start, span.end);
    const entry = maskEntry(raw);
    const label = `entry ${position} ("${entry}")`;
    const parsed: EntryResult =
      span.inner === '' ? parseEntry(raw) : { ok: false, reason: rawCharactersReason(span.inner, SEPARATES) };
    if (!parsed.ok) {
      result.errors.push({ position, entry, message: `${label}: ${parsed.reason}` });
      return;
    }
    if (parsed.addedScheme) {
      const port = parsed.defaultPort ? ' (no port given: port 80)' : '';
      result.notices.push({ position, entry, message: `${label}: added http:// to ${entry}${port}` });
    }
    const earlier = result.servers.find((server) => server.url === parsed.url);
    if (earlier) {
      result.notices.push({
        position,
        entry,
        message: `${label}: duplicate of entry ${earlier.position} (${earlier.url}), skipped`,
      });
      return;
    }
    result.servers.push({
      url: parsed.url,
      authorization: parsed.authorization,
      position,
      input: entry,
      typed: raw,
    });
  });
  return result;
}

/**
 * Turns parsed servers into probe targets (the monitor's `ProbeTarget` has exactly this shape;
 * it is not imported because the renderer's project cannot see src/main). A server's own
 * credentials win over a shared Authorization header.
 */
export function toProbeTargets(
  servers: ParsedServer[],
  extra: { headers?: Record<string, string>; trustSelfSigned?: boolean } = {},
): ServerConfig[] {
  return servers.map((server) => {
    const own = server.authorization;
    const headers = Object.fromEntries(
      Object.entries(extra.headers ?? {}).filter(
        ([name]) => own === null || name.toLowerCase() !== 'authorization',
      ),
    );
    if (own !== null) headers.authorization = own;
    return { url: server.url, headers, trustSelfSigned: extra.trustSelfSigned ?? false };
  });
}
