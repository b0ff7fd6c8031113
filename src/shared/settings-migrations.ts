// Versioned migrations of the settings file, keyed on its `version` field (not the app's
// version, so the CLI and every app release agree on what a file means). Each step takes the
// raw object of one version to the next; unknown keys pass through untouched.
import { SETTINGS_VERSION } from './settings';

export type RawSettings = Record<string, unknown>;

export const isRawSettings = (value: unknown): value is RawSettings =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

interface Migration {
  /** The version this step produces. */
  to: number;
  up(data: RawSettings): RawSettings;
}

const MIGRATIONS: Migration[] = [
  {
    // Files from before versioning listed servers as plain URL strings.
    to: 1,
    up: (data) => ({
      ...data,
      servers: Array.isArray(data.servers)
        ? data.servers.map((entry: unknown) => (typeof entry === 'string' ? { url: entry } : entry))
        : data.servers,
    }),
  },
];

/** A file without `version` predates versioning: version 0. */
export function settingsVersionOf(data: RawSettings): number {
  return typeof data.version === 'number' && Number.isInteger(data.version) ? data.version : 0;
}

export interface MigrationResult {
  data: RawSettings;
  from: number;
  migrated: boolean;
}

/** Runs every step above the file's version; a file from a newer app is left as it is. */
export function migrateSettings(raw: RawSettings): MigrationResult {
  const from = settingsVersionOf(raw);
  let data = raw;
  for (const migration of MIGRATIONS) {
    if (migration.to > from && migration.to <= SETTINGS_VERSION) {
      data = { ...migration.up(data), version: migration.to };
    }
  }
  return { data, from, migrated: data !== raw };
}
