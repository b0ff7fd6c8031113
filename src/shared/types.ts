// Types shared by the monitor, the CLI, the Electron main process, the preload and the renderer.
// Field names here are the JSON contract of DESIGN.md: add fields freely, never rename.

export type ServerState = 'unknown' | 'starting' | 'up' | 'busy' | 'degraded' | 'blocked' | 'down';

/** States that can take new work. */
export const USABLE_STATES: readonly ServerState[] = ['up', 'busy', 'degraded'];

export type ErrorKind =
  'refused' | 'dns' | 'timeout' | 'tls' | 'reset' | 'http' | 'not-comfyui' | 'blocked' | 'too-large';

/** Failures where trying another path on the same server cannot help. */
export const CONNECTION_ERROR_KINDS: readonly ErrorKind[] = ['refused', 'dns', 'timeout', 'tls', 'reset'];

export type Policy = 'least-busy' | 'prefer-primary';

export type Role = 'primary' | 'backup';

/** The ladder's steps, cheapest and most telling first. */
export type ProbeStep = 'queue' | 'prompt' | 'system_stats' | 'history' | 'root';

export interface QueueInfo {
  /** null when only `/prompt` answered (it reports the total only). */
  running: number | null;
  pending: number | null;
  total: number;
}

export interface DeviceInfo {
  name: string;
  type: string | null;
  vramTotal: number | null;
  vramFree: number | null;
}

export interface SystemInfo {
  comfyuiVersion: string | null;
  os: string | null;
  pythonVersion: string | null;
  pytorchVersion: string | null;
  ramTotal: number | null;
  ramFree: number | null;
  devices: DeviceInfo[];
}

/** One server in a report (`status --json`, snapshots for the tray and window). */
export interface ServerReport {
  url: string;
  role: Role;
  priority: number;
  /** 1 = best; null when not usable. */
  rank: number | null;
  healthy: boolean;
  state: ServerState;
  /** The path that validated, relative to the server URL, as requested (`/api/queue`). */
  endpoint: string | null;
  responseTimeMs: number | null;
  queue: QueueInfo | null;
  system: SystemInfo | null;
  error: string | null;
  errorKind: ErrorKind | null;
  /** A remark on a usable but degraded server, e.g. why it is degraded. */
  note?: string | null;
  /** When this server was last probed (ISO time), null before its first probe. */
  lastCheckedAt?: string | null;
  /** True while the monitor's own network is down: this is the last known state. */
  stale?: boolean;
}

export interface FleetReport {
  checkedAt: string;
  best: string | null;
  servers: ServerReport[];
}

/** What the watch loop publishes to the tray, window and `watch` output. */
export interface FleetSnapshot extends FleetReport {
  /** No probe round has finished yet: nothing is confirmed. */
  checking: boolean;
  paused: boolean;
  networkDown: boolean;
  /** Why the current best is the best, for people. null when there is no best. */
  bestReason: string | null;
  /**
   * The tray app only: the best server remembered from the last run, shown (as unconfirmed) while
   * `checking`; never handed out. null or absent once a probe round has finished.
   */
  rememberedBest?: string | null;
}

interface EventBase {
  /** ISO time. */
  at: string;
}

export type MonitorEvent =
  | (EventBase & { type: 'best'; to: string })
  | (EventBase & { type: 'state'; url: string; from: ServerState; to: ServerState; reason: string })
  | (EventBase & { type: 'failover'; from: string; to: string; reason: string })
  | (EventBase & { type: 'rebalance'; from: string; to: string; reason: string })
  | (EventBase & { type: 'all-down'; from: string | null; reason: string })
  | (EventBase & { type: 'recovery'; to: string })
  | (EventBase & { type: 'network-down'; reason: string })
  | (EventBase & { type: 'network-up' });

export type MonitorEventType = MonitorEvent['type'];
