// The IPC contract between the main process, the preload and the renderer: one map of
// channels to argument and result types, so each side is checked against the same shape.
import type { FleetSnapshot, MonitorEvent, ServerState } from './types';
import type { MonitorSettingKey, Settings } from './settings';

/** One point of a server's latency history. `ms` is null for a failed probe. */
export interface LatencyPoint {
  at: number;
  ms: number | null;
  state: ServerState;
}

export interface ServerHistory {
  url: string;
  points: LatencyPoint[];
  /** Share of probes in the kept window that found the server usable, 0..1; null before any probe. */
  uptime: number | null;
}

/** How much history the app keeps, and the window shows (DESIGN.md "Defaults"). */
export const HISTORY_KEEP_MS = 24 * 60 * 60 * 1000;
export const HISTORY_MAX_SAMPLES = 10_000;
export const HISTORY_MAX_EVENTS = 500;

export interface HistoryView {
  servers: ServerHistory[];
  /** Newest last. */
  events: MonitorEvent[];
}

/** A header as the window sees it: secret values never leave the main process. */
export interface HeaderView {
  name: string;
  /** '' for a secret whose value is kept by the main process. */
  value: string;
  secret: boolean;
  /** A secret with a stored value (the window shows a placeholder). */
  hasStoredValue: boolean;
}

export interface ServerOptionsView {
  url: string;
  headers: HeaderView[];
  trustSelfSigned: boolean;
}

export interface SettingsView extends Pick<
  Settings,
  MonitorSettingKey | 'notify' | 'launchAtLogin' | 'startMinimised'
> {
  primary: string;
  /** Backups as one text, one URL a line. */
  backups: string;
  servers: ServerOptionsView[];
  /** Where the settings live on disk. */
  path: string;
  /** Things the user must be told, e.g. a corrupt file was moved aside. */
  notices: string[];
  /** Whether secrets can be encrypted on this machine (safeStorage). */
  secretsAvailable: boolean;
}

/** What the form sends back: the same as the view, less the read-only parts. */
export type SettingsInput = Omit<SettingsView, 'path' | 'notices' | 'secretsAvailable'>;

export interface FieldError {
  /** `primary`, `backups`, `intervalMs`, `servers[2].headers` ... */
  field: string;
  message: string;
}

export type SaveSettingsResult =
  | { ok: true; settings: SettingsView; notices: string[] }
  /** Nothing was saved; every bad part is named. */
  | { ok: false; errors: FieldError[] };

export type ActionResult = { ok: true; url: string } | { ok: false; message: string };

/** invoke/handle channels: name -> [arguments, result]. */
export interface IpcInvokeMap {
  'snapshot:get': [[], FleetSnapshot];
  'history:get': [[], HistoryView];
  'settings:get': [[], SettingsView];
  'settings:save': [[SettingsInput], SaveSettingsResult];
  'best:open': [[], ActionResult];
  'best:copy': [[], ActionResult];
  'monitor:refresh': [[], null];
  'monitor:set-paused': [[boolean], null];
}

/** Which part of the window the tray asked for ("Status window…", "Settings…"). */
export type WindowView = 'status' | 'settings';

/** main -> renderer pushes: name -> payload. */
export interface IpcPushMap {
  'snapshot:changed': FleetSnapshot;
  'monitor:event': MonitorEvent;
  /** Also given at load as the URL hash (`#settings`), for a window opened on that view. */
  'window:show-view': WindowView;
}

export type InvokeChannel = keyof IpcInvokeMap;
export type PushChannel = keyof IpcPushMap;

export const INVOKE_CHANNELS: readonly InvokeChannel[] = [
  'snapshot:get',
  'history:get',
  'settings:get',
  'settings:save',
  'best:open',
  'best:copy',
  'monitor:refresh',
  'monitor:set-paused',
];

/** The API the preload exposes on `window.comfywatch`. */
export interface ComfyWatchApi {
  getSnapshot(): Promise<FleetSnapshot>;
  getHistory(): Promise<HistoryView>;
  getSettings(): Promise<SettingsView>;
  saveSettings(input: SettingsInput): Promise<SaveSettingsResult>;
  openBest(): Promise<ActionResult>;
  copyBest(): Promise<ActionResult>;
  refresh(): Promise<null>;
  setPaused(paused: boolean): Promise<null>;
  /** Returns an unsubscribe function. */
  onSnapshot(listener: (snapshot: FleetSnapshot) => void): () => void;
  onEvent(listener: (event: MonitorEvent) => void): () => void;
  /** The tray asked for a view of the window; returns an unsubscribe function. */
  onShowView?(listener: (view: WindowView) => void): () => void;
}
