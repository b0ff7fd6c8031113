// The settings form's model: the form as typed (a draft), and one pure check that turns it
// into what the main process saves, naming every bad part. Server lists go through the same
// parser as the CLI, so the form accepts and refuses exactly what the CLI does.
import { parseServerList } from '../../shared/server-list';
import type { ParsedServerList } from '../../shared/server-list';
import { SETTING_BOUNDS } from '../../shared/settings';
import { headerNameProblem, headerValueProblem } from '../../shared/header-syntax';
import type { NotifySettings, NumericSettingKey } from '../../shared/settings';
import type { HeaderView, ServerOptionsView, SettingsInput, SettingsView } from '../../shared/ipc';
import type { Policy } from '../../shared/types';

/** Settings stored in milliseconds and typed in seconds. */
export const DURATION_KEYS = ['intervalMs', 'timeoutMs', 'recheckMs', 'downMaxMs', 'slowMs'] as const;
export type DurationKey = (typeof DURATION_KEYS)[number];
export const COUNT_KEYS = ['fall', 'rise'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export interface HeaderDraft extends HeaderView {
  /** Stable React key while rows are added and removed. */
  id: number;
}

export interface ServerDraft {
  url: string;
  headers: HeaderDraft[];
  trustSelfSigned: boolean;
}

export interface SettingsDraft {
  primary: string;
  backups: string;
  /** Per-server options by normalised URL: kept while an entry is edited away and back. */
  servers: Record<string, ServerDraft>;
  /** As typed: seconds for durations, a count for fall and rise. */
  numbers: Record<NumericSettingKey, string>;
  policy: Policy;
  notify: NotifySettings;
  launchAtLogin: boolean;
  startMinimised: boolean;
}

export interface DraftCheck {
  primary: ParsedServerList;
  backups: ParsedServerList;
  /** Normalised URLs of the valid servers, primary first. */
  serverUrls: string[];
  /** Field (`primary`, `backups`, `intervalMs`, `servers[1].headers[0]`...) -> what is wrong. */
  errors: Record<string, string>;
  /** What to save; null while anything is wrong. */
  input: SettingsInput | null;
}

let nextHeaderId = 1;

export function headerDraft(
  header: HeaderView = { name: '', value: '', secret: false, hasStoredValue: false },
) {
  return { ...header, id: nextHeaderId++ } satisfies HeaderDraft;
}

export function emptyServerDraft(url: string): ServerDraft {
  return { url, headers: [], trustSelfSigned: false };
}

/** Seconds without float noise: 1500 ms -> "1.5". */
export function msToSeconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

export function draftFromView(view: SettingsView): SettingsDraft {
  const numbers = {} as Record<NumericSettingKey, string>;
  for (const key of DURATION_KEYS) numbers[key] = msToSeconds(view[key]);
  for (const key of COUNT_KEYS) numbers[key] = String(view[key]);
  const servers: Record<string, ServerDraft> = {};
  for (const server of view.servers) {
    servers[server.url] = {
      url: server.url,
      trustSelfSigned: server.trustSelfSigned,
      headers: server.headers.map((header) => headerDraft(header)),
    };
  }
  return {
    primary: view.primary,
    backups: view.backups,
    servers,
    numbers,
    policy: view.policy,
    notify: { ...view.notify },
    launchAtLogin: view.launchAtLogin,
    startMinimised: view.startMinimised,
  };
}

function checkDuration(key: DurationKey, text: string): { ms: number } | { error: string } {
  const { min, max } = SETTING_BOUNDS[key];
  const seconds = Number(text.trim());
  const range = `between ${msToSeconds(min)} and ${msToSeconds(max)} seconds`;
  if (text.trim() === '' || !Number.isFinite(seconds))
    return { error: `Enter a number of seconds, ${range}.` };
  const ms = Math.round(seconds * 1000);
  if (ms < min || ms > max) return { error: `Must be ${range}.` };
  return { ms };
}

function checkCount(key: CountKey, text: string): { count: number } | { error: string } {
  const { min, max } = SETTING_BOUNDS[key];
  const count = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(count) || count < min || count > max) {
    return { error: `Enter a whole number from ${min} to ${max}.` };
  }
  return { count };
}

function checkHeaders(server: ServerDraft, field: string, errors: Record<string, string>): HeaderView[] {
  const seen = new Set<string>();
  return server.headers.map((header, index) => {
    const at = `${field}.headers[${index}]`;
    const name = header.name.trim();
    const nameProblem = headerNameProblem(name);
    if (nameProblem !== null) {
      errors[`${at}.name`] = nameProblem;
    } else if (seen.has(name.toLowerCase())) {
      errors[`${at}.name`] = `"${name}" is set twice for this server.`;
    }
    seen.add(name.toLowerCase());
    const valueProblem = headerValueProblem(name, header.value);
    if (valueProblem !== null) {
      errors[`${at}.value`] = valueProblem;
    } else if (header.value === '' && !(header.secret && header.hasStoredValue)) {
      errors[`${at}.value`] = 'Enter a value.';
    }
    // An empty secret with a stored value means "keep the stored one".
    return { name, value: header.value, secret: header.secret, hasStoredValue: header.hasStoredValue };
  });
}

export function checkDraft(draft: SettingsDraft): DraftCheck {
  const errors: Record<string, string> = {};
  const primary = parseServerList(draft.primary);
  const backups = parseServerList(draft.backups);

  if (primary.errors.length > 0) {
    errors.primary = primary.errors.map((issue) => issue.message).join(' ');
  } else if (primary.servers.length === 0) {
    errors.primary = 'Enter the primary server’s URL.';
  } else if (primary.servers.length > 1) {
    errors.primary = 'Enter one URL here and list the others under Backups.';
  }
  if (backups.errors.length > 0) {
    const count = backups.errors.length;
    errors.backups = `${count} ${count === 1 ? 'entry is' : 'entries are'} not valid: fix or remove ${count === 1 ? 'it' : 'them'}.`;
  }

  const primaryUrl = primary.servers.length === 1 ? primary.servers[0].url : null;
  const serverUrls = [
    ...(primaryUrl ? [primaryUrl] : []),
    ...backups.servers.map((server) => server.url).filter((url) => url !== primaryUrl),
  ];

  const servers: ServerOptionsView[] = serverUrls.map((url, index) => {
    const server = draft.servers[url] ?? emptyServerDraft(url);
    return {
      url,
      headers: checkHeaders(server, `servers[${index}]`, errors),
      trustSelfSigned: server.trustSelfSigned,
    };
  });

  const numbers = {} as Record<NumericSettingKey, number>;
  for (const key of DURATION_KEYS) {
    const result = checkDuration(key, draft.numbers[key]);
    if ('error' in result) errors[key] = result.error;
    else numbers[key] = result.ms;
  }
  for (const key of COUNT_KEYS) {
    const result = checkCount(key, draft.numbers[key]);
    if ('error' in result) errors[key] = result.error;
    else numbers[key] = result.count;
  }

  const input: SettingsInput | null =
    Object.keys(errors).length > 0
      ? null
      : {
          // The main process parses these texts again with the same parser; credentials
          // typed in a URL must reach it to be moved into a header there.
          primary: draft.primary.trim(),
          backups: draft.backups,
          servers,
          ...numbers,
          policy: draft.policy,
          notify: { ...draft.notify },
          launchAtLogin: draft.launchAtLogin,
          startMinimised: draft.startMinimised,
        };
  return { primary, backups, serverUrls, errors, input };
}

/**
 * The valid entries of a list, one a line, dropping the bad ones (the "keep valid" fix). Each is
 * kept exactly as typed: `ParsedServer.input` has the credentials stripped, and the main process
 * needs them to move them into a sealed Authorization header.
 */
export function keepValidEntries(text: string): string {
  return parseServerList(text)
    .servers.map((server) => server.typed)
    .join('\n');
}
