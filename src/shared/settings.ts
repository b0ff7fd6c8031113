// The settings file's shape (DESIGN.md "Settings"), its defaults and its JSON Schema.
// The schema is used by electron-store in the app and by the CLI's reader; the renderer
// uses the bounds only (no ajv there: the window's CSP forbids generated code).
import type { Policy } from './types';

export interface ServerConfig {
  url: string;
  /** Extra request headers for this server. Secret values are stored encrypted (see SECRET_PREFIX). */
  headers: Record<string, string>;
  trustSelfSigned: boolean;
}

export interface NotifySettings {
  failover: boolean;
  allDown: boolean;
  recovery: boolean;
  rebalance: boolean;
  network: boolean;
}

export interface Settings {
  version: 1;
  /** The first is the primary; the rest are backups in order. */
  servers: ServerConfig[];
  intervalMs: number;
  timeoutMs: number;
  fall: number;
  rise: number;
  recheckMs: number;
  downMaxMs: number;
  /** Answers slower than this make a server `busy` (queue running) or `degraded`. */
  slowMs: number;
  policy: Policy;
  notify: NotifySettings;
  launchAtLogin: boolean;
  startMinimised: boolean;
}

/** The settings the monitor itself runs on (the rest are the app's). */
export type MonitorSettingKey =
  'intervalMs' | 'timeoutMs' | 'fall' | 'rise' | 'recheckMs' | 'downMaxMs' | 'slowMs' | 'policy';

export const SETTINGS_VERSION = 1;

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8188';

/** A header value that starts with this is safeStorage ciphertext (base64), never plain text. */
export const SECRET_PREFIX = 'safeStorage:v1:';

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  servers: [{ url: DEFAULT_SERVER_URL, headers: {}, trustSelfSigned: false }],
  intervalMs: 15_000,
  timeoutMs: 5_000,
  fall: 3,
  rise: 2,
  recheckMs: 2_000,
  downMaxMs: 60_000,
  slowMs: 2_000,
  policy: 'least-busy',
  notify: { failover: true, allDown: true, recovery: true, rebalance: false, network: true },
  launchAtLogin: false,
  startMinimised: true,
};

/** Inclusive bounds of the numeric settings, shared by the schema and the settings form. */
export const SETTING_BOUNDS = {
  intervalMs: { min: 500, max: 3_600_000 },
  timeoutMs: { min: 100, max: 120_000 },
  fall: { min: 1, max: 20 },
  rise: { min: 1, max: 20 },
  recheckMs: { min: 100, max: 600_000 },
  downMaxMs: { min: 500, max: 3_600_000 },
  slowMs: { min: 10, max: 120_000 },
} as const satisfies Record<string, { min: number; max: number }>;

export type NumericSettingKey = keyof typeof SETTING_BOUNDS;

const integerIn = (key: NumericSettingKey) => ({
  type: 'integer',
  minimum: SETTING_BOUNDS[key].min,
  maximum: SETTING_BOUNDS[key].max,
});

/** JSON Schema (draft 2020-12 subset understood by ajv 8) of the whole file. */
export const SETTINGS_JSON_SCHEMA = {
  type: 'object',
  properties: {
    version: { type: 'integer', minimum: 1 },
    servers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          url: { type: 'string', minLength: 1 },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          trustSelfSigned: { type: 'boolean' },
        },
        required: ['url'],
      },
    },
    intervalMs: integerIn('intervalMs'),
    timeoutMs: integerIn('timeoutMs'),
    fall: integerIn('fall'),
    rise: integerIn('rise'),
    recheckMs: integerIn('recheckMs'),
    downMaxMs: integerIn('downMaxMs'),
    slowMs: integerIn('slowMs'),
    policy: { enum: ['least-busy', 'prefer-primary'] },
    notify: {
      type: 'object',
      properties: {
        failover: { type: 'boolean' },
        allDown: { type: 'boolean' },
        recovery: { type: 'boolean' },
        rebalance: { type: 'boolean' },
        network: { type: 'boolean' },
      },
    },
    launchAtLogin: { type: 'boolean' },
    startMinimised: { type: 'boolean' },
  },
} as const;
