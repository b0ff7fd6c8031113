// Where a run's servers and settings come from, in order: --servers; --config FILE or
// COMFYWATCH_CONFIG; the app's own settings file; else the default server (DESIGN.md).
// Command-line options override the file's settings. Nothing here probes or writes.
import path from 'node:path';
import { readSettingsFile } from '../shared/settings-file';
import { DEFAULT_SETTINGS, SECRET_PREFIX } from '../shared/settings';
import type { ServerConfig, Settings } from '../shared/settings';
import { parseServerList, redactUrl, toProbeTargets } from '../shared/server-list';
import type { ParsedServer } from '../shared/server-list';
import type { ProbeTarget } from '../main/monitor/types';
import type { CliOptions } from './args';
import { EXIT } from './exit-codes';

export interface RunConfig {
  targets: ProbeTarget[];
  /** The file's settings (or the defaults) with the command line's overrides applied. */
  settings: Settings;
}

type ServerTargets = { targets: ProbeTarget[]; errors: string[]; notices: string[] };

export type ConfigResult =
  | { ok: true; config: RunConfig; notices: string[] }
  /** Every problem found: bad server entries (usage) first, then the settings file's (config). */
  | { ok: false; exitCode: typeof EXIT.usage | typeof EXIT.config; errors: string[]; notices: string[] };

export interface ConfigSources {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where the app keeps its settings (defaultSettingsPath() outside tests of this module). */
  appSettingsPath: string;
}

export function resolveConfig(options: CliOptions, sources: ConfigSources): ConfigResult {
  const notices: string[] = [];
  const file = settingsFile(options, sources, notices);
  const fileUsable = file.errors.length === 0;

  if (options.servers === null && file.path !== null && !file.listsServers) {
    notices.push(
      `the settings file ${file.path} lists no servers; using the default server ${DEFAULT_SETTINGS.servers[0].url}`,
    );
  }
  // --servers is checked even when the file is unusable, so one run names both.
  const servers =
    options.servers !== null
      ? serversFromList(options.servers, options.headers)
      : fileUsable
        ? targetsFromSettings(file.settings?.servers ?? DEFAULT_SETTINGS.servers, options.headers, file.path)
        : { targets: [], errors: [], notices: [] };
  notices.push(...servers.notices);
  if (servers.errors.length > 0 || !fileUsable) {
    return {
      ok: false,
      exitCode: servers.errors.length > 0 ? EXIT.usage : EXIT.config,
      errors: [...servers.errors, ...file.errors],
      notices,
    };
  }

  const base = file.settings ?? DEFAULT_SETTINGS;
  const settings: Settings = {
    ...base,
    timeoutMs: options.timeoutMs ?? base.timeoutMs,
    intervalMs: options.intervalMs ?? base.intervalMs,
    policy: options.policy ?? base.policy,
  };
  return { ok: true, config: { targets: servers.targets, settings }, notices };
}

/**
 * The settings file to use, if any. An explicit one (--config, COMFYWATCH_CONFIG) must be usable.
 * The app's own file is read only when no servers are given, so `--servers` runs never depend
 * on (or trip over) it.
 */
function settingsFile(
  options: CliOptions,
  sources: ConfigSources,
  notices: string[],
): { path: string | null; settings: Settings | null; listsServers: boolean; errors: string[] } {
  const none = { path: null, settings: null, listsServers: false, errors: [] };
  const explicit = options.config ?? (sources.env.COMFYWATCH_CONFIG || null);
  if (explicit === null && options.servers !== null) return none;

  const read = readSettingsFile(
    explicit === null ? sources.appSettingsPath : path.resolve(sources.cwd, explicit),
  );
  if (read.ok) {
    if (explicit === null) notices.push(`using settings from ${read.path}`);
    notices.push(...read.warnings);
    return { path: read.path, settings: read.settings, listsServers: read.listsServers, errors: [] };
  }
  if (explicit === null && read.kind === 'missing') {
    notices.push(
      `no settings file found at ${read.path}; using the default server ${DEFAULT_SETTINGS.servers[0].url}`,
    );
    return none;
  }
  if (read.kind !== 'invalid-settings') return { ...none, errors: [read.message] };
  return {
    ...none,
    errors: read.errors.map((error) => `the settings file ${read.path} is not valid: ${error}`),
  };
}

/** --servers: every server gets the --header headers (but its URL's credentials win). */
export function serversFromList(text: string, cliHeaders: Record<string, string>): ServerTargets {
  const list = parseServerList(text);
  const notices = list.notices.map((notice) => `server ${notice.message}`);
  const errors = list.errors.map((error) => `bad server ${error.message}`);
  if (errors.length === 0 && list.servers.length === 0) errors.push('--servers lists no server');
  if (errors.length > 0) return { targets: [], errors, notices };
  notices.push(...credentialsNotices(list.servers, cliHeaders, ''));
  return { targets: toProbeTargets(list.servers, { headers: cliHeaders }), errors, notices };
}

/**
 * A server whose URL holds credentials sends those, not --header's Authorization (toProbeTargets'
 * rule): said for each such server, as either could have been the one meant.
 */
function credentialsNotices(
  servers: readonly ParsedServer[],
  cliHeaders: Record<string, string>,
  where: string,
): string[] {
  const header = Object.keys(cliHeaders).find((name) => name.toLowerCase() === 'authorization');
  if (header === undefined) return [];
  const withCredentials = servers.filter((server) => server.authorization !== null);
  const others = withCredentials.length < servers.length ? ' (which applies to the other servers)' : '';
  return withCredentials.map(
    (server) =>
      `${where}${server.url}: the credentials in the URL are used for this server instead of --header '${header}'${others}`,
  );
}

/**
 * The settings' servers as probe targets, each with its own headers and TLS choice. Every URL
 * goes through the shared list parser; the file holds one URL per entry, so positions match.
 */
function targetsFromSettings(
  servers: ServerConfig[],
  cliHeaders: Record<string, string>,
  filePath: string | null,
): ServerTargets {
  const where = filePath === null ? '' : `${filePath}: `;
  const notOne = servers.flatMap((server, index) => {
    const tokens = server.url.split(/[\s,;]+/).filter((token) => token !== '').length;
    if (tokens === 1) return [];
    const what = tokens === 0 ? 'holds no URL' : 'holds more than one URL';
    return [`${where}bad server entry ${index + 1} ("${redactUrl(server.url.trim())}"): ${what}`];
  });
  if (notOne.length > 0) return { targets: [], errors: notOne, notices: [] };

  const list = parseServerList(servers.map((server) => server.url).join('\n'));
  const notices = list.notices.map((notice) => `${where}server ${notice.message}`);
  if (list.errors.length > 0) {
    return {
      targets: [],
      errors: list.errors.map((error) => `${where}bad server ${error.message}`),
      notices,
    };
  }
  notices.push(...credentialsNotices(list.servers, cliHeaders, where));
  const targets = list.servers.flatMap((parsed) => {
    const server = servers[parsed.position - 1];
    const { headers, warnings } = readableHeaders(parsed.url, server.headers, cliHeaders);
    notices.push(...warnings.map((warning) => `${where}${warning}`));
    return toProbeTargets([parsed], { headers, trustSelfSigned: server.trustSelfSigned });
  });
  return { targets, errors: [], notices };
}

/**
 * The file's headers the CLI can send, merged with --header (which wins, names compared without
 * case). Secret values are safeStorage ciphertext only the app can decrypt: skipped, with a warning.
 */
function readableHeaders(
  url: string,
  fileHeaders: Record<string, string>,
  cliHeaders: Record<string, string>,
): { headers: Record<string, string>; warnings: string[] } {
  const given = new Set(Object.keys(cliHeaders).map((name) => name.toLowerCase()));
  const headers: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(fileHeaders)) {
    if (given.has(name.toLowerCase())) continue;
    if (value.startsWith(SECRET_PREFIX)) {
      warnings.push(
        `the "${name}" header of ${url} is encrypted by the app and cannot be decrypted here, so it is not sent; ` +
          `pass it with --header '${name}: value' instead`,
      );
    } else {
      headers[name] = value;
    }
  }
  return { headers: { ...headers, ...cliHeaders }, warnings };
}
