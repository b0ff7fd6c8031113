// Reads and checks a settings file without Electron: the app's store validates with it and the
// CLI reads the app's config.json through it. Reading never writes: recovering a corrupt file is
// the app's job (DESIGN.md "Settings").
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { headerProblem } from './header-syntax';
import { findJsonSyntaxError } from './json-syntax';
import { redactUrl } from './server-list';
import { isRawSettings, migrateSettings } from './settings-migrations';
import { DEFAULT_SETTINGS, SETTINGS_JSON_SCHEMA, SETTINGS_VERSION } from './settings';
import type { NotifySettings, ServerConfig, Settings } from './settings';

/** What the schema lets through: every key optional, servers' options too. */
interface SettingsFileShape extends Partial<Omit<Settings, 'servers' | 'notify'>> {
  servers?: (Pick<ServerConfig, 'url'> & Partial<ServerConfig>)[];
  notify?: Partial<NotifySettings>;
}

export type ValidateSettingsResult =
  | {
      ok: true;
      settings: Settings;
      /** What was ignored (unknown keys, parts only a newer ComfyWatch knows), one sentence each. */
      warnings: string[];
      /** False when the settings have no `servers` and the default server stands in. */
      listsServers: boolean;
    }
  | { ok: false; errors: string[] };

export type SettingsFileProblem =
  | { kind: 'missing' }
  /** Exists but cannot be read (a directory, no permission). */
  | { kind: 'unreadable'; reason: string }
  /** line/column are 1-based; null when the file is empty. */
  | { kind: 'invalid-json'; line: number | null; column: number | null; reason: string }
  | { kind: 'invalid-settings'; errors: string[] };

export type ReadSettingsResult =
  | { ok: true; path: string; settings: Settings; warnings: string[]; listsServers: boolean }
  /** `message` is one sentence for people that names the file and what is wrong. */
  | ({ ok: false; path: string; message: string } & SettingsFileProblem);

const ajv = new Ajv({ allErrors: true, verbose: true });
// Compiled on first use: ajv generates code, which only Node (never the renderer) runs.
let validateShape: ValidateFunction<SettingsFileShape> | undefined;

/**
 * Checks parsed settings against the schema and the header rules; missing keys take
 * DEFAULT_SETTINGS. Errors name the field. `source` names the settings in warnings.
 */
export function validateSettings(raw: unknown, source = 'the settings'): ValidateSettingsResult {
  validateShape ??= ajv.compile<SettingsFileShape>(SETTINGS_JSON_SCHEMA);
  if (!validateShape(raw)) return { ok: false, errors: (validateShape.errors ?? []).map(describeError) };
  const errors = unsendableHeaders(raw);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: withDefaults(raw),
    warnings: [...newerVersion(raw, source), ...unknownKeys(raw, source)],
    listsServers: raw.servers !== undefined,
  };
}

/** Headers the prober could not send (or must set itself): the file cannot be used as it is. */
function unsendableHeaders(file: SettingsFileShape): string[] {
  return (file.servers ?? []).flatMap((server, index) =>
    Object.entries(server.headers ?? {}).flatMap(([name, value]) => {
      const problem = headerProblem(name, value);
      if (problem === null) return [];
      // The sentence names the header; as a clause it joins the other errors.
      const clause = problem.charAt(0).toLowerCase() + problem.slice(1).replace(/\.$/, '');
      return [`servers[${index}].headers (${redactUrl(server.url)}): ${clause}`];
    }),
  );
}

function newerVersion(file: SettingsFileShape, source: string): string[] {
  if (file.version === undefined || file.version <= SETTINGS_VERSION) return [];
  return [
    `${source} was written by a newer ComfyWatch (settings version ${file.version}; this one knows ` +
      `version ${SETTINGS_VERSION}): the parts it does not know are ignored`,
  ];
}

const KNOWN_KEYS = Object.keys(SETTINGS_JSON_SCHEMA.properties);
const KNOWN_SERVER_KEYS = Object.keys(SETTINGS_JSON_SCHEMA.properties.servers.items.properties);
const KNOWN_NOTIFY_KEYS = Object.keys(SETTINGS_JSON_SCHEMA.properties.notify.properties);
/** conf's own bookkeeping key, which electron-store may keep in the file. */
const STORE_KEY = '__internal__';

/** A warning for each key nothing reads (a typo, most likely), with the key it probably meant. */
function unknownKeys(file: SettingsFileShape, source: string): string[] {
  const check = (object: object, known: readonly string[], prefix: string) =>
    Object.keys(object)
      .filter((key) => !known.includes(key) && !(prefix === '' && key === STORE_KEY))
      .map((key) => {
        const meant = closestKey(key, known);
        const hint = meant === null ? '' : ` (did you mean "${prefix}${meant}"?)`;
        return `unknown setting "${prefix}${key}" in ${source} ignored${hint}`;
      });
  return [
    ...check(file, KNOWN_KEYS, ''),
    ...(file.servers ?? []).flatMap((server, index) =>
      check(server, KNOWN_SERVER_KEYS, `servers[${index}].`),
    ),
    ...check(file.notify ?? {}, KNOWN_NOTIFY_KEYS, 'notify.'),
  ];
}

/** The known key a typed one is closest to, ignoring case and punctuation, if it is close at all. */
function closestKey(key: string, known: readonly string[]): string | null {
  const bare = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const typed = bare(key);
  // Two letters off at most; a short key one letter, a very short one none.
  const limit = Math.min(2, Math.floor(typed.length / 3));
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(typed, bare(candidate));
    if (distance <= limit && (best === null || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

/** Levenshtein distance: the fewest single-letter insertions, deletions or changes from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
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

/** What was found, for the message; never a secret (a header value) nor credentials in a URL. */
function describeValue(value: unknown, secret: boolean): string {
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'string' && secret) return 'a text';
  const text = JSON.stringify(typeof value === 'string' ? redactUrl(value) : value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A JSON Schema type as the noun a message needs (`must be a whole number`). */
const TYPE_NOUNS: Record<string, string> = {
  string: 'a text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function describeError(error: ErrorObject): string {
  const field = fieldName(error.instancePath);
  const got = `(got ${describeValue(error.data, /\/headers(\/|$)/.test(error.instancePath))})`;
  if (field === 'settings' && error.keyword === 'type') return `the settings must be a JSON object ${got}`;
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
      // The schema's one minimum: servers must list one.
      return `${field} must list at least one server ${got}`;
    case 'minLength':
      return `${field} must not be empty`;
    case 'type': {
      // One type, or several joined by commas.
      const types = String(error.params.type).split(',');
      return `${field} must be ${types.map((type) => TYPE_NOUNS[type] ?? type).join(' or ')} ${got}`;
    }
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

  // An older file is read as the app would migrate it (in memory: the CLI never writes).
  const migrated = isRawSettings(raw) ? migrateSettings(raw).data : raw;
  const checked = validateSettings(migrated, `the settings file ${path}`);
  if (!checked.ok) {
    return fail(
      { kind: 'invalid-settings', errors: checked.errors },
      `the settings file ${path} is not valid: ${checked.errors.join('; ')}`,
    );
  }
  const { settings, warnings, listsServers } = checked;
  return { ok: true, path, settings, warnings, listsServers };
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
