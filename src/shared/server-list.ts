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
}

export interface ListIssue {
  position: number;
  /** The entry as typed, credentials stripped. */
  entry: string;
  /** A full sentence naming the entry and its position. */
  message: string;
}

export interface ParsedServerList {
  servers: ParsedServer[];
  errors: ListIssue[];
  notices: ListIssue[];
}

const SEPARATORS = /[\s,;]+/;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// What may stand before the path of an entry typed without a scheme (userinfo allowed, stripped later).
const HOST_PORT = /^(?:[^/?#]*@)?(?:[^:/?#@[\]]+:\d+|\[[0-9a-f:.]+\](?::\d+)?)$/i;
const DOTTED_HOST = /^(?:[^/?#]*@)?[^:/?#@[\]]+\.[^:/?#@[\]]+$/;
const LOCALHOST = /^(?:[^/?#]*@)?localhost(?::\d+)?$/i;

/** Strips `user:pass@` from every URL-looking token in `text`, for display. */
export function redactUrl(text: string): string {
  return text
    .replace(/(\/\/)[^\s/?#]*@/g, '$1')
    .replace(/(^|[\s,;("'])(?![a-z][a-z0-9+.-]*:\/\/)[^\s/?#,;("']+@(?=[^\s@])/gi, '$1');
}

function base64Utf8(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

type EntryResult =
  | { ok: true; url: string; authorization: string | null; addedScheme: boolean; defaultPort: boolean }
  | { ok: false; reason: string };

function parseEntry(raw: string): EntryResult {
  const scheme = SCHEME.exec(raw)?.[1].toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return { ok: false, reason: `${scheme}:// is not supported (use http:// or https://)` };
  }
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
  const entries = text.split(SEPARATORS).filter((entry) => entry !== '');
  entries.forEach((raw, index) => {
    const position = index + 1;
    const entry = redactUrl(raw);
    const label = `entry ${position} ("${entry}")`;
    const parsed = parseEntry(raw);
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
    result.servers.push({ url: parsed.url, authorization: parsed.authorization, position, input: entry });
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
