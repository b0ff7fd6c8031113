// Between the stored settings and the settings window: the view (secrets replaced by a
// placeholder flag) and the save (the form's texts parsed and checked, secrets sealed).
// A save with any bad part is refused as a whole and names every bad part, so the form keeps
// what the user typed and nothing already stored is lost.
import type { FieldError, HeaderView, SettingsInput, SettingsView } from '../shared/ipc';
import { headerNameProblem, headerValueProblem } from '../shared/header-syntax';
import { parseServerList } from '../shared/server-list';
import type { ParsedServer } from '../shared/server-list';
import { SETTING_BOUNDS, SETTINGS_VERSION } from '../shared/settings';
import type { NotifySettings, NumericSettingKey, ServerConfig, Settings } from '../shared/settings';
import { validateSettings } from '../shared/settings-file';
import { isSealed } from './secrets';

export interface ViewContext {
  path: string;
  notices: string[];
  secretsAvailable: boolean;
}

/**
 * The known switches only: the input comes from the renderer (which must not add keys to the
 * file), and a file's unknown ones would make the form's input fail the IPC check.
 */
function notifySwitches({ failover, allDown, recovery, rebalance, network }: NotifySettings): NotifySettings {
  return { failover, allDown, recovery, rebalance, network };
}

export function settingsView(settings: Settings, context: ViewContext): SettingsView {
  const [primary, ...backups] = settings.servers;
  return {
    primary: primary.url,
    backups: backups.map((server) => server.url).join('\n'),
    servers: settings.servers.map((server) => ({
      url: server.url,
      trustSelfSigned: server.trustSelfSigned,
      headers: Object.entries(server.headers).map(([name, value]) =>
        isSealed(value)
          ? { name, value: '', secret: true, hasStoredValue: true }
          : { name, value, secret: false, hasStoredValue: false },
      ),
    })),
    intervalMs: settings.intervalMs,
    timeoutMs: settings.timeoutMs,
    fall: settings.fall,
    rise: settings.rise,
    recheckMs: settings.recheckMs,
    downMaxMs: settings.downMaxMs,
    slowMs: settings.slowMs,
    policy: settings.policy,
    notify: notifySwitches(settings.notify),
    launchAtLogin: settings.launchAtLogin,
    startMinimised: settings.startMinimised,
    ...context,
    notices: [...context.notices],
  };
}

export interface SecretSealer {
  available: boolean;
  seal(plain: string): Promise<string>;
}

export type FormResult =
  { ok: true; settings: Settings; notices: string[] } | { ok: false; errors: FieldError[] };

const AUTHORIZATION = 'Authorization';

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The URLs of the form: exactly one primary, then the backups not equal to it. */
function serverList(input: SettingsInput, errors: FieldError[], notices: string[]): ParsedServer[] {
  const primary = parseServerList(input.primary);
  const backups = parseServerList(input.backups);
  for (const issue of primary.errors) errors.push({ field: 'primary', message: issue.message });
  for (const issue of backups.errors) errors.push({ field: 'backups', message: issue.message });
  if (primary.errors.length === 0 && primary.servers.length !== 1) {
    errors.push({
      field: 'primary',
      message:
        primary.servers.length === 0
          ? 'Enter the primary server’s URL.'
          : 'Enter one URL as the primary and list the others under Backups.',
    });
  }
  notices.push(...primary.notices.map((issue) => `Primary: ${issue.message}`));
  notices.push(...backups.notices.map((issue) => `Backups: ${issue.message}`));
  const first = primary.servers[0];
  const rest = backups.servers.filter((server) => {
    if (server.url !== first?.url) return true;
    notices.push(`Backups: ${server.url} is the primary already, skipped`);
    return false;
  });
  return first ? [first, ...rest] : rest;
}

function checkNumbers(input: SettingsInput, errors: FieldError[]): void {
  for (const key of Object.keys(SETTING_BOUNDS) as NumericSettingKey[]) {
    const { min, max } = SETTING_BOUNDS[key];
    const value = input[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push({ field: key, message: `Must be a whole number from ${min} to ${max} (got ${value}).` });
    }
  }
}

/** A header value as it will be stored: plain, sealed later, or the stored ciphertext kept. */
type PendingValue = { plain: string } | { seal: string } | { sealed: string };

function checkHeaders(
  headers: HeaderView[],
  field: string,
  stored: ServerConfig | undefined,
  sealer: SecretSealer,
  errors: FieldError[],
): Map<string, PendingValue> {
  const result = new Map<string, PendingValue>();
  headers.forEach((header, index) => {
    const at = `${field}.headers[${index}]`;
    const name = header.name.trim();
    if (name === '' && header.value === '' && !header.hasStoredValue) return;
    const nameProblem = headerNameProblem(name);
    if (nameProblem !== null) {
      errors.push({ field: `${at}.name`, message: nameProblem });
      return;
    }
    if ([...result.keys()].some((seen) => sameName(seen, name))) {
      errors.push({ field: `${at}.name`, message: `"${name}" is set twice for this server.` });
      return;
    }
    const valueProblem = headerValueProblem(name, header.value);
    if (valueProblem !== null) {
      errors.push({ field: `${at}.value`, message: valueProblem });
      return;
    }
    if (!header.secret) {
      result.set(name, { plain: header.value });
    } else if (header.value !== '') {
      if (!sealer.available) {
        errors.push({
          field: `${at}.value`,
          message: `"${name}" cannot be kept secret: this computer offers no encryption for secrets.`,
        });
      } else {
        result.set(name, { seal: header.value });
      }
    } else {
      const kept = Object.entries(stored?.headers ?? {}).find(
        ([key, value]) => sameName(key, name) && isSealed(value),
      );
      if (kept) result.set(name, { sealed: kept[1] });
      else errors.push({ field: `${at}.value`, message: `Enter the value of "${name}".` });
    }
  });
  return result;
}

async function resolveHeaders(pending: Map<string, PendingValue>, sealer: SecretSealer) {
  const headers: Record<string, string> = {};
  for (const [name, value] of pending) {
    headers[name] =
      'plain' in value ? value.plain : 'sealed' in value ? value.sealed : await sealer.seal(value.seal);
  }
  return headers;
}

/** Checks the form against the stored settings (for kept secrets) and builds what to store. */
export async function settingsFromInput(
  input: SettingsInput,
  stored: Settings,
  sealer: SecretSealer,
): Promise<FormResult> {
  const errors: FieldError[] = [];
  const notices: string[] = [];
  const servers = serverList(input, errors, notices);
  checkNumbers(input, errors);

  const optionsByUrl = new Map(
    input.servers.map((options) => [parseServerList(options.url).servers[0]?.url ?? options.url, options]),
  );
  const pending = servers.map((server, index) => {
    const field = `servers[${index}]`;
    const options = optionsByUrl.get(server.url);
    const storedServer = stored.servers.find((candidate) => candidate.url === server.url);
    const headers = checkHeaders(options?.headers ?? [], field, storedServer, sealer, errors);
    if (server.authorization !== null) {
      // Credentials typed in a URL become this server's (secret) Authorization header.
      if (!sealer.available) {
        errors.push({
          field: index === 0 ? 'primary' : 'backups',
          message: `${server.url}: credentials in a URL must be kept secret, and this computer offers no encryption for secrets.`,
        });
      }
      for (const name of headers.keys()) if (sameName(name, AUTHORIZATION)) headers.delete(name);
      headers.set(AUTHORIZATION, { seal: server.authorization });
      notices.push(
        `${server.url}: the user name and password were moved into a secret Authorization header.`,
      );
    }
    return { url: server.url, headers, trustSelfSigned: options?.trustSelfSigned ?? false };
  });
  if (errors.length > 0) return { ok: false, errors };

  const settings: Settings = {
    version: SETTINGS_VERSION,
    servers: [],
    intervalMs: input.intervalMs,
    timeoutMs: input.timeoutMs,
    fall: input.fall,
    rise: input.rise,
    recheckMs: input.recheckMs,
    downMaxMs: input.downMaxMs,
    slowMs: input.slowMs,
    policy: input.policy,
    notify: notifySwitches(input.notify),
    launchAtLogin: input.launchAtLogin,
    startMinimised: input.startMinimised,
  };
  for (const server of pending) {
    settings.servers.push({
      url: server.url,
      headers: await resolveHeaders(server.headers, sealer),
      trustSelfSigned: server.trustSelfSigned,
    });
  }
  // The schema is the last word: the CLI reads this file too.
  const checked = validateSettings(settings);
  if (!checked.ok)
    return { ok: false, errors: checked.errors.map((message) => ({ field: 'settings', message })) };
  return { ok: true, settings: checked.settings, notices };
}
