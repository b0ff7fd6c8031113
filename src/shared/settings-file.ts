// Reads and checks a settings file without Electron: the app's store validates with it and the
// CLI reads the app's config.json through it. Reading never writes: recovering a corrupt file is
// the app's job (DESIGN.md "Settings").
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { findJsonSyntaxError } from './json-syntax';
import { DEFAULT_SETTINGS, SETTINGS_JSON_SCHEMA, SETTINGS_VERSION } from './settings';
import type { NotifySettings, ServerConfig, Settings } from './settings';

/** What the schema lets through: every key optional, servers' options too. */
interface SettingsFileShape extends Partial<Omit<Settings, 'servers' | 'notify'>> {
  servers?: (Pick<ServerConfig, 'url'> & Partial<ServerConfig>)[];
  notify?: Partial<NotifySettings>;
}

export type ValidateSettingsResult = { ok: true; settings: Settings } | { ok: false; errors: string[] };

export type SettingsFileProblem =
  | { kind: 'missing' }
  /** Exists but cannot be read (a directory, no permission). */
  | { kind: 'unreadable'; reason: string }
  /** line/column are 1-based; null when the file is empty. */
  | { kind: 'invalid-json'; line: number | null; column: number | null; reason: string }
  | { kind: 'invalid-settings'; errors: string[] };

export type ReadSettingsResult =
  | { ok: true; path: string; settings: Settings }
  /** `message` is one sentence for people that names the file and what is wrong. */
  | ({ ok: false; path: string; message: string } & SettingsFileProblem);

const ajv = new Ajv({ allErrors: true, verbose: true });
// Compiled on first use: ajv generates code, which only Node (never the renderer) runs.
let validateShape: ValidateFunction<SettingsFileShape> | undefined;

/** Checks parsed settings against the schema; missing keys take DEFAULT_SETTINGS. Errors name the field. */
export function validateSettings(raw: unknown): ValidateSettingsResult {
  validateShape ??= ajv.compile<SettingsFileShape>(SETTINGS_JSON_SCHEMA);
  if (!validateShape(raw)) return { ok: false, errors: (validateShape.errors ?? []).map(describeError) };
  return { ok: true, settings: withDefaults(raw) };
}

function withDefaults(file: SettingsFileShape): Settings {
  const d = DEFAULT_SETTINGS;
  return {
    version: SETTINGS_VERSION,
    servers: (file.servers ?? d.servers).map((server) => ({
      url: server.url,
      headers: { ...server.headers },
      trustSelfSigned: server.trustSelfSigned ?? false,
    })),
    intervalMs: file.intervalMs ?? d.intervalMs,
    timeoutMs: file.timeoutMs ?? d.timeoutMs,
    fall: file.fall ?? d.fall,
    rise: file.rise ?? d.rise,
    recheckMs: file.recheckMs ?? d.recheckMs,
    downMaxMs: file.downMaxMs ?? d.downMaxMs,
    slowMs: file.slowMs ?? d.slowMs,
    policy: file.policy ?? d.policy,
    notify: { ...d.notify, ...file.notify },
    launchAtLogin: file.launchAtLogin ?? d.launchAtLogin,
    startMinimised: file.startMinimised ?? d.startMinimised,
  };
}

/** `/servers/0/headers/X-Key` -> `servers[0].headers.X-Key`; the root is `settings`. */
function fieldName(instancePath: string): string {
  if (instancePath === '') return 'settings';
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function describeError(error: ErrorObject): string {
  const field = fieldName(error.instancePath);
  const got = `(got ${describeValue(error.data)})`;
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      return `${field === 'settings' ? missing : `${field}.${missing}`} is required`;
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return `${field} must be one of ${allowed} ${got}`;
    }
    case 'minItems':
      return `${field} must list at least ${String(error.params.limit)} ${got}`;
    case 'minLength':
      return `${field} must not be empty`;
    default:
      return `${field} ${error.message ?? 'is not valid'} ${got}`;
  }
}

/**
 * A settings file's text as settings, or why it cannot be used: invalid JSON (with the line and
 * column) or a schema violation. `path` only names the file in the message.
 */
export function parseSettingsText(text: string, path: string): ReadSettingsResult {
  const fail = (problem: SettingsFileProblem, message: string): ReadSettingsResult => ({
    ok: false,
    path,
    message,
    ...problem,
  });

  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  const json = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // V8's message may quote the text (credentials included): describe the spot ourselves.
    const empty = json.trim() === '';
    const where = empty ? null : findJsonSyntaxError(json);
    const reason = where?.message ?? (empty ? 'the file is empty' : 'not JSON');
    const at = where ? ` at line ${where.line}, column ${where.column}` : '';
    return fail(
      { kind: 'invalid-json', line: where?.line ?? null, column: where?.column ?? null, reason },
      `the settings file ${path} is not valid JSON${at}: ${reason}`,
    );
  }

  const checked = validateSettings(raw);
  if (!checked.ok) {
    return fail(
      { kind: 'invalid-settings', errors: checked.errors },
      `the settings file ${path} is not valid: ${checked.errors.join('; ')}`,
    );
  }
  return { ok: true, path, settings: checked.settings };
}

/** Reads and validates a settings file; missing, unreadable, invalid JSON and schema violations are told apart. */
export function readSettingsFile(path: string): ReadSettingsResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { ok: false, path, kind: 'missing', message: `no settings file at ${path}` };
    }
    const reason = code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    return {
      ok: false,
      path,
      kind: 'unreadable',
      reason,
      message: `cannot read the settings file ${path}: ${reason}`,
    };
  }
  return parseSettingsText(text, path);
}
