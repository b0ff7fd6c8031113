// A stand-in for the preload's API: records calls and lets a test push snapshots and events
// the way the main process does.
import { act } from '@testing-library/react';
import { vi } from 'vitest';
import type { ComfyWatchApi, HistoryView, SettingsView, WindowView } from '../../src/shared/ipc';
import type { FleetSnapshot, MonitorEvent, ServerReport } from '../../src/shared/types';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

export function serverReport(overrides: Partial<ServerReport> & Pick<ServerReport, 'url'>): ServerReport {
  return {
    role: 'backup',
    priority: 2,
    rank: null,
    healthy: true,
    state: 'up',
    endpoint: '/queue',
    responseTimeMs: 12,
    queue: { running: 0, pending: 0, total: 0 },
    system: null,
    error: null,
    errorKind: null,
    note: null,
    lastCheckedAt: '2026-01-01T10:00:00.000Z',
    stale: false,
    ...overrides,
  };
}

export const PRIMARY = 'http://127.0.0.1:8188';
export const BACKUP = 'http://127.0.0.1:8189';
export const SPARE = 'http://gpu-3.lan:8188';

/** A fleet of three: the primary busy, a backup up and best, a spare refusing connections. */
export function fleetSnapshot(overrides: Partial<FleetSnapshot> = {}): FleetSnapshot {
  return {
    checkedAt: '2026-01-01T10:00:00.000Z',
    best: BACKUP,
    checking: false,
    paused: false,
    networkDown: false,
    bestReason: 'Fewest queued jobs: 0 against 4 on http://127.0.0.1:8188',
    servers: [
      serverReport({
        url: PRIMARY,
        role: 'primary',
        priority: 1,
        rank: 2,
        state: 'busy',
        responseTimeMs: 2400,
        queue: { running: 1, pending: 3, total: 4 },
        system: {
          comfyuiVersion: '0.3.64',
          os: 'posix',
          pythonVersion: null,
          pytorchVersion: null,
          ramTotal: null,
          ramFree: null,
          devices: [
            {
              name: 'cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync',
              type: 'cuda',
              vramTotal: 25386352640,
              vramFree: 18447646720,
            },
          ],
        },
      }),
      serverReport({ url: BACKUP, priority: 2, rank: 1, endpoint: '/api/queue', responseTimeMs: 15 }),
      serverReport({
        url: SPARE,
        priority: 3,
        healthy: false,
        state: 'down',
        endpoint: null,
        responseTimeMs: null,
        queue: null,
        error: 'connection refused (ECONNREFUSED 10.0.0.3:8188)',
        errorKind: 'refused',
      }),
    ],
    ...overrides,
  };
}

export function historyView(): HistoryView {
  const at = Date.parse('2026-01-01T09:59:00.000Z');
  return {
    servers: [
      {
        url: BACKUP,
        uptime: 0.75,
        points: [
          { at, ms: 10, state: 'up' },
          { at: at + 15_000, ms: 30, state: 'up' },
          { at: at + 30_000, ms: null, state: 'down' },
          { at: at + 45_000, ms: 20, state: 'up' },
        ],
      },
    ],
    events: [
      { type: 'best', at: '2026-01-01T09:58:00.000Z', to: PRIMARY },
      {
        type: 'failover',
        at: '2026-01-01T09:59:30.000Z',
        from: PRIMARY,
        to: BACKUP,
        reason: 'http://127.0.0.1:8188 is busy: switched to a less busy server',
      },
    ],
  };
}

export function settingsView(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    primary: PRIMARY,
    backups: BACKUP,
    servers: [
      {
        url: PRIMARY,
        trustSelfSigned: false,
        headers: [{ name: 'X-Token', value: '', secret: true, hasStoredValue: true }],
      },
      { url: BACKUP, trustSelfSigned: true, headers: [] },
    ],
    intervalMs: DEFAULT_SETTINGS.intervalMs,
    timeoutMs: DEFAULT_SETTINGS.timeoutMs,
    fall: DEFAULT_SETTINGS.fall,
    rise: DEFAULT_SETTINGS.rise,
    recheckMs: DEFAULT_SETTINGS.recheckMs,
    downMaxMs: DEFAULT_SETTINGS.downMaxMs,
    slowMs: DEFAULT_SETTINGS.slowMs,
    policy: DEFAULT_SETTINGS.policy,
    notify: { ...DEFAULT_SETTINGS.notify },
    launchAtLogin: false,
    startMinimised: true,
    path: '/home/user/.config/ComfyWatch/config.json',
    notices: [],
    secretsAvailable: true,
    ...overrides,
  };
}

export function fakeApi(
  initial: { snapshot?: FleetSnapshot; history?: HistoryView; settings?: SettingsView } = {},
) {
  const snapshotListeners = new Set<(snapshot: FleetSnapshot) => void>();
  const eventListeners = new Set<(event: MonitorEvent) => void>();
  const viewListeners = new Set<(view: WindowView) => void>();
  const settings = initial.settings ?? settingsView();
  const api = {
    getSnapshot: vi.fn<ComfyWatchApi['getSnapshot']>(async () => initial.snapshot ?? fleetSnapshot()),
    getHistory: vi.fn<ComfyWatchApi['getHistory']>(async () => initial.history ?? historyView()),
    getSettings: vi.fn<ComfyWatchApi['getSettings']>(async () => settings),
    saveSettings: vi.fn<ComfyWatchApi['saveSettings']>(async () => ({ ok: true, settings, notices: [] })),
    openBest: vi.fn<ComfyWatchApi['openBest']>(async () => ({ ok: true, url: BACKUP })),
    copyBest: vi.fn<ComfyWatchApi['copyBest']>(async () => ({ ok: true, url: BACKUP })),
    refresh: vi.fn<ComfyWatchApi['refresh']>(async () => null),
    setPaused: vi.fn<ComfyWatchApi['setPaused']>(async () => null),
    onSnapshot(listener: (snapshot: FleetSnapshot) => void) {
      snapshotListeners.add(listener);
      return () => void snapshotListeners.delete(listener);
    },
    onEvent(listener: (event: MonitorEvent) => void) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    onShowView(listener: (view: WindowView) => void) {
      viewListeners.add(listener);
      return () => void viewListeners.delete(listener);
    },
  } satisfies ComfyWatchApi;

  return {
    api,
    pushSnapshot(snapshot: FleetSnapshot) {
      act(() => snapshotListeners.forEach((listener) => listener(snapshot)));
    },
    pushEvent(event: MonitorEvent) {
      act(() => eventListeners.forEach((listener) => listener(event)));
    },
    showView(view: WindowView) {
      act(() => viewListeners.forEach((listener) => listener(view)));
    },
    listenerCount: () => snapshotListeners.size + eventListeners.size + viewListeners.size,
  };
}
