// The app's settings: electron-store over config.json in userData, validated by the shared
// schema. A file that cannot be used is never wiped (clearInvalidConfig would): it is moved
// aside to config.corrupt-<time>.json, what can be saved of it is kept, and the user is told.
// Top-level keys this version does not know are told and written back as they were (the file
// may gain keys, never rename them: a newer ComfyWatch or the user may have put them there).
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import ElectronStore from 'electron-store';
import type { Schema } from 'electron-store';
import type { SaveSettingsResult, SettingsInput, SettingsView } from '../shared/ipc';
import { findJsonSyntaxError } from '../shared/json-syntax';
import { parseServerList } from '../shared/server-list';
import { DEFAULT_SETTINGS, SETTINGS_JSON_SCHEMA, SETTINGS_VERSION } from '../shared/settings';
import type { Settings } from '../shared/settings';
import { validateSettings } from '../shared/settings-file';
import { SETTINGS_FILE_NAME } from '../shared/settings-path';
import type { SecretBox } from './secrets';
import { settingsFromInput, settingsView } from './settings-form';
import { isRawSettings, migrateSettings, settingsVersionOf } from '../shared/settings-migrations';
import type { RawSettings } from '../shared/settings-migrations';
import { recoverSettings } from './settings-recovery';
import { uniqueServers } from './unique-servers';

export interface SettingsStoreOptions {
  /** The folder of config.json: Electron's userData in the app, a temporary folder in tests. */
  cwd: string;
  secrets: SecretBox;
  now?: () => Date;
}

interface LoadedFile {
  /** null when there is no file (the store writes the defaults). */
  settings: Settings | null;
  /** The file's top-level keys this version does not know, kept for every rewrite. */
  unknown: RawSettings;
  /** The file must be rewritten: migrated, completed with defaults, or recovered. */
  rewrite: boolean;
  /** Credentials found in a server URL, to move into a sealed header. */
  credentials: Map<string, string>;
  notices: string[];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const KNOWN_KEYS = new Set(Object.keys(SETTINGS_JSON_SCHEMA.properties));

/** The top-level keys of a (migrated) file that this version does not know. */
function unknownKeysOf(raw: unknown): RawSettings {
  if (!isRawSettings(raw)) return {};
  return Object.fromEntries(
    Object.entries(migrateSettings(raw).data).filter(([key]) => !KNOWN_KEYS.has(key)),
  );
}

/** A validator warning as a sentence for the settings window. */
const asNotice = (warning: string) => `${warning.charAt(0).toUpperCase()}${warning.slice(1)}.`;

type Verdict = { reason: string } | { settings: Settings; warnings: string[] };

/** The settings in a parsed file (and what in it was ignored), or why it cannot be used as it is. */
function problemOf(raw: unknown): Verdict {
  if (!isRawSettings(raw)) return { reason: 'it is not a JSON object' };
  const checked = validateSettings(migrateSettings(raw).data, 'the settings file');
  if (!checked.ok) return { reason: checked.errors.join('; ') };
  for (const [index, server] of checked.settings.servers.entries()) {
    const parsed = parseServerList(server.url);
    if (parsed.errors[0]) return { reason: `servers[${index}].url: ${parsed.errors[0].message}` };
    if (parsed.servers.length !== 1) return { reason: `servers[${index}].url must hold one URL` };
  }
  return { settings: checked.settings, warnings: checked.warnings };
}

function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = path.join(path.dirname(file), `config.corrupt-${stamp}.json`);
  for (let n = 2; fs.existsSync(target); n++) {
    target = path.join(path.dirname(file), `config.corrupt-${stamp}-${n}.json`);
  }
  fs.renameSync(file, target);
  return target;
}

// Headers may hold tokens (secret ones are sealed, plain ones are not): owner only.
const FILE_MODE = 0o600;

/** What is written: the settings, then the unknown keys as they were. */
function fileContent(settings: Settings, unknown: RawSettings): Settings {
  return { ...settings, ...unknown };
}

/** A temporary file renamed over the old one: a crash never leaves half a settings file. */
function writeAtomically(file: string, content: Settings): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(content, null, '\t'), { mode: FILE_MODE });
  fs.renameSync(temporary, file);
}

function loadFile(file: string, now: Date): LoadedFile {
  const loaded: LoadedFile = {
    settings: null,
    unknown: {},
    rewrite: false,
    credentials: new Map(),
    notices: [],
  };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return loaded;
    throw error;
  }
  const json = text.replace(/^\uFEFF/, '');
  let verdict: Verdict;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
    verdict = problemOf(raw);
    loaded.unknown = unknownKeysOf(raw);
  } catch {
    const where = findJsonSyntaxError(json);
    verdict = {
      reason:
        json.trim() === ''
          ? 'the file is empty'
          : `it is not valid JSON${where ? ` (line ${where.line}, column ${where.column}: ${where.message})` : ''}`,
    };
  }

  if ('settings' in verdict) {
    const settings = verdict.settings;
    const newer = isRawSettings(raw) && settingsVersionOf(raw) > SETTINGS_VERSION;
    loaded.notices.push(
      ...verdict.warnings.map(asNotice),
      ...(newer
        ? [
            `Saving the settings here rewrites the file for ComfyWatch settings version ${SETTINGS_VERSION}; the settings it does not know at the top level are kept.`,
          ]
        : []),
    );
    const unique = uniqueServers(settings.servers);
    settings.servers = unique.servers;
    loaded.notices.push(...unique.notices);
    // Normalise URLs as the CLI reads them; credentials typed into a URL are sealed by open().
    for (const server of settings.servers) {
      const parsed = parseServerList(server.url).servers[0];
      if (parsed.authorization !== null) loaded.credentials.set(parsed.url, parsed.authorization);
      server.url = parsed.url;
    }
    loaded.settings = settings;
    // Left as it is: rewriting would drop what this version does not know below the top level.
    if (newer) return loaded;
    loaded.rewrite = !isDeepStrictEqual(raw, fileContent(settings, loaded.unknown));
    return loaded;
  }

  const backup = moveAside(file, now);
  const recovered = recoverSettings(json);
  const kept =
    recovered.servers.length > 0
      ? `${plural(recovered.servers.length, 'server')} recovered (${recovered.servers.join(', ')})`
      : 'no server could be recovered, so the default server is used';
  const lost = recovered.dropped.length > 0 ? ` Not recovered: ${recovered.dropped.join('; ')}.` : '';
  loaded.notices.push(
    `The settings file could not be used: ${verdict.reason}. It was moved to ${backup}; ${kept}.${lost} Check the settings and save them.`,
    ...recovered.duplicates,
  );
  loaded.settings = recovered.settings;
  loaded.rewrite = true;
  return loaded;
}

export class SettingsStore {
  readonly path: string;
  /** Told to the user in the settings window (and once as a notification). */
  readonly notices: string[];
  readonly #store: ElectronStore<Settings>;
  readonly #secrets: SecretBox;
  readonly #secretsAvailable: boolean;
  /** The file's top-level keys this version does not know, written back by every save. */
  readonly #unknown: RawSettings;
  #settings: Settings;

  private constructor(
    store: ElectronStore<Settings>,
    loaded: { settings: Settings; unknown: RawSettings; notices: string[] },
    secrets: SecretBox,
    secretsAvailable: boolean,
  ) {
    this.#store = store;
    this.path = store.path;
    this.#settings = loaded.settings;
    this.#unknown = loaded.unknown;
    this.notices = loaded.notices;
    this.#secrets = secrets;
    this.#secretsAvailable = secretsAvailable;
  }

  static async open({ cwd, secrets, now = () => new Date() }: SettingsStoreOptions): Promise<SettingsStore> {
    const file = path.join(cwd, SETTINGS_FILE_NAME);
    const loaded = loadFile(file, now());
    const settings = loaded.settings ?? structuredClone(DEFAULT_SETTINGS);
    const secretsAvailable = await secrets.available();
    for (const server of settings.servers) {
      const authorization = loaded.credentials.get(server.url);
      if (authorization === undefined) continue;
      if (secretsAvailable) {
        server.headers = { ...server.headers, Authorization: await secrets.seal(authorization) };
        loaded.notices.push(
          `${server.url}: the user name and password were moved into a secret Authorization header.`,
        );
      } else {
        loaded.notices.push(
          `${server.url}: the user name and password were removed from the URL (no encryption here).`,
        );
      }
    }
    // Before the store opens it: electron-store refuses a file its schema does not accept.
    if (loaded.rewrite) writeAtomically(file, fileContent(settings, loaded.unknown));
    const store = new ElectronStore<Settings>({
      cwd,
      name: path.parse(SETTINGS_FILE_NAME).name,
      schema: SETTINGS_JSON_SCHEMA.properties as unknown as Schema<Settings>,
      defaults: DEFAULT_SETTINGS,
      clearInvalidConfig: false,
      configFileMode: FILE_MODE,
    });
    return new SettingsStore(store, { ...loaded, settings }, secrets, secretsAvailable);
  }

  get(): Settings {
    return structuredClone(this.#settings);
  }

  view(): SettingsView {
    return settingsView(this.#settings, {
      path: this.path,
      notices: this.notices,
      secretsAvailable: this.#secretsAvailable,
    });
  }

  /** Refused as a whole when any part is bad (every bad part named); stored and announced otherwise. */
  async save(input: SettingsInput): Promise<SaveSettingsResult> {
    const result = await settingsFromInput(input, this.#settings, {
      available: this.#secretsAvailable,
      seal: (plain) => this.#secrets.seal(plain),
    });
    if (!result.ok) return result;
    try {
      this.#store.store = fileContent(result.settings, this.#unknown);
    } catch (error) {
      return {
        ok: false,
        errors: [{ field: 'settings', message: `Could not write ${this.path}: ${(error as Error).message}` }],
      };
    }
    this.#settings = result.settings;
    return { ok: true, settings: this.view(), notices: result.notices };
  }
}
