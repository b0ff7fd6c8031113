// Salvages what it can from a settings file that cannot be used as it is: the server list
// first (the one thing a user would hate to retype), then every other setting that is valid
// on its own. Pure: the store moves the file aside and writes the result.
import { parseServerList } from '../shared/server-list';
import { DEFAULT_SETTINGS } from '../shared/settings';
import type { ServerConfig, Settings } from '../shared/settings';
import { validateSettings } from '../shared/settings-file';
import { isRawSettings, migrateSettings } from '../shared/settings-migrations';
import type { RawSettings } from '../shared/settings-migrations';
import { uniqueServers } from './unique-servers';

export interface RecoveredSettings {
  settings: Settings;
  /** URLs of the servers taken over from the broken file. */
  servers: string[];
  /** What could not be kept, for the notice (credentials masked). */
  dropped: string[];
  /** One sentence per server listed again and removed. */
  duplicates: string[];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

function headersOf(value: unknown): Record<string, string> | null {
  if (value === undefined) return {};
  if (!isRawSettings(value) || !Object.values(value).every((item) => typeof item === 'string')) return null;
  return value as Record<string, string>;
}

function serversFromObject(list: unknown, dropped: string[]): ServerConfig[] {
  if (!Array.isArray(list)) return [];
  const servers: ServerConfig[] = [];
  for (const entry of list) {
    const item: RawSettings = isRawSettings(entry) ? entry : { url: entry };
    if (typeof item.url !== 'string') continue;
    const parsed = parseServerList(item.url);
    const server = parsed.servers[0];
    if (parsed.errors.length > 0 || parsed.servers.length !== 1) {
      dropped.push(...parsed.errors.map((issue) => `server ${issue.message}`));
      continue;
    }
    const headers = headersOf(item.headers);
    if (headers === null) dropped.push(`the extra headers of ${server.url}`);
    servers.push({
      // As typed (credentials stripped), so a repeat is named as the user wrote it.
      url: server.input,
      headers: headers ?? {},
      trustSelfSigned: item.trustSelfSigned === true,
    });
  }
  return servers;
}

/** From text that is not JSON: the `"url": "…"` values, else anything that looks like an http(s) URL. */
function serversFromText(text: string): ServerConfig[] {
  const urlValues = [...text.matchAll(/"url"\s*:\s*"([^"\\\n]*)"/g)].map((match) => match[1]);
  const candidates =
    urlValues.length > 0
      ? urlValues
      : [...text.matchAll(/https?:\/\/[^\s"',;\]}]+/gi)].map((match) => match[0]);
  // One value at a time: parsed as one list, repeats would vanish untold.
  return candidates.flatMap((candidate) =>
    parseServerList(candidate).servers.map((server) => ({
      url: server.input,
      headers: {},
      trustSelfSigned: false,
    })),
  );
}

export function recoverSettings(text: string): RecoveredSettings {
  const dropped: string[] = [];
  const parsed = parseJson(text);
  const data = isRawSettings(parsed) ? migrateSettings(parsed).data : null;
  const unique = uniqueServers(data ? serversFromObject(data.servers, dropped) : serversFromText(text));
  const servers = unique.servers.map((server) => ({
    ...server,
    url: parseServerList(server.url).servers[0].url,
  }));

  let settings: Settings = {
    ...DEFAULT_SETTINGS,
    servers: servers.length > 0 ? servers : DEFAULT_SETTINGS.servers,
  };
  for (const [key, value] of Object.entries(data ?? {})) {
    if (key === 'servers' || key === 'version') continue;
    const checked = validateSettings({ ...settings, [key]: value });
    if (checked.ok) settings = checked.settings;
    else dropped.push(`the setting "${key}"`);
  }
  return { settings, servers: servers.map((server) => server.url), dropped, duplicates: unique.notices };
}
