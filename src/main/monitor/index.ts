// The monitor's public API, used by the Electron main process and the CLI.
export { Monitor, monitorSettingsOf } from './monitor';
export type { MonitorEventMap, MonitorOptions, MonitorSettings } from './monitor';
export { checkOnce } from './check-once';
export type { CheckOnceOptions } from './check-once';
export { createProber } from './prober';
export type { Prober, ProberOptions } from './prober';
export { realClock } from './clock';
export { History, HISTORY_KEEP_MS, HISTORY_MAX_EVENTS, HISTORY_MAX_SAMPLES } from './history';
export type { HistoryOptions, SerializedHistory } from './history';
export type * from './types';
