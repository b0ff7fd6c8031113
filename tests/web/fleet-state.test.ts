// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fleetReducer, INITIAL_FLEET_STATE } from '../../src/renderer/src/fleet-state';
import { HISTORY_KEEP_MS } from '../../src/shared/ipc';
import { BACKUP, fleetSnapshot, historyView, PRIMARY, serverReport } from './fake-api';

describe('fleet state', () => {
  it('adds each probe once, and lets a later history load replace what it already holds', () => {
    const later = '2026-01-01T10:05:00.000Z';
    const pushed = fleetSnapshot({
      servers: [
        serverReport({
          url: BACKUP,
          state: 'down',
          responseTimeMs: 40,
          errorKind: 'refused',
          lastCheckedAt: later,
        }),
      ],
    });
    let state = fleetReducer(INITIAL_FLEET_STATE, { type: 'snapshot-pushed', snapshot: pushed });
    // The same probe published twice (a state change and a round end) is one point.
    state = fleetReducer(state, { type: 'snapshot-pushed', snapshot: pushed });
    expect(state.history[BACKUP].points).toEqual([{ at: Date.parse(later), ms: null, state: 'down' }]);
    expect(state.history[BACKUP].uptime).toBe(0);

    const loaded = historyView();
    state = fleetReducer(state, { type: 'history-loaded', history: loaded });
    expect(state.history[BACKUP]).toEqual(loaded.servers[0]);

    const next = '2026-01-01T10:05:15.000Z';
    const recovered = fleetSnapshot({
      servers: [serverReport({ url: BACKUP, responseTimeMs: 25, lastCheckedAt: next })],
    });
    state = fleetReducer(state, { type: 'snapshot-pushed', snapshot: recovered });
    expect(state.history[BACKUP].points.map((point) => point.ms)).toEqual([10, 30, null, 20, 25]);
    expect(state.history[BACKUP].uptime).toBeCloseTo(4 / 5);
  });

  it('does not add again a probe the loaded history holds, however often later snapshots repeat it', () => {
    const loaded = historyView();
    // The main process stamps a kept probe with when it started; a snapshot says when it ended.
    const startedAt = loaded.servers[0].points.at(-1)?.at ?? Number.NaN;
    const endedAt = new Date(startedAt + 40).toISOString();
    const backupAt = (lastCheckedAt: string) =>
      serverReport({ url: BACKUP, responseTimeMs: 20, lastCheckedAt });
    const primaryAt = (lastCheckedAt: string) => serverReport({ url: PRIMARY, lastCheckedAt });

    // The window opens: the snapshot, then the history, both holding that probe.
    let state = fleetReducer(INITIAL_FLEET_STATE, {
      type: 'snapshot-loaded',
      snapshot: fleetSnapshot({ servers: [primaryAt(endedAt), backupAt(endedAt)] }),
    });
    state = fleetReducer(state, { type: 'history-loaded', history: loaded });
    // Another server's probe publishes a snapshot that repeats the backup's.
    const primaryProbe = new Date(startedAt + 5_000).toISOString();
    state = fleetReducer(state, {
      type: 'snapshot-pushed',
      snapshot: fleetSnapshot({ servers: [primaryAt(primaryProbe), backupAt(endedAt)] }),
    });
    expect(state.history[BACKUP]).toEqual(loaded.servers[0]);
    expect(state.history[PRIMARY].points).toHaveLength(1);

    // The backup's next probe is new.
    const next = new Date(startedAt + 15_040).toISOString();
    state = fleetReducer(state, {
      type: 'snapshot-pushed',
      snapshot: fleetSnapshot({ servers: [primaryAt(primaryProbe), backupAt(next)] }),
    });
    expect(state.history[BACKUP].points.map((point) => point.ms)).toEqual([10, 30, null, 20, 20]);
    expect(state.history[PRIMARY].points).toHaveLength(1);
  });

  it('does not add again a probe pushed before the history load when a later snapshot repeats it', () => {
    const loaded = historyView();
    const startedAt = loaded.servers[0].points.at(-1)?.at ?? Number.NaN;
    const pushed = fleetSnapshot({
      servers: [serverReport({ url: BACKUP, lastCheckedAt: new Date(startedAt + 40).toISOString() })],
    });
    let state = fleetReducer(INITIAL_FLEET_STATE, { type: 'snapshot-pushed', snapshot: pushed });
    state = fleetReducer(state, { type: 'history-loaded', history: loaded });
    state = fleetReducer(state, { type: 'snapshot-pushed', snapshot: { ...pushed } });
    expect(state.history[BACKUP]).toEqual(loaded.servers[0]);
  });

  it('drops points older than the kept 24 h, on the main process clock, and the uptime follows', () => {
    const loaded = historyView();
    const first = loaded.servers[0].points[0].at;
    let state = fleetReducer(INITIAL_FLEET_STATE, { type: 'history-loaded', history: loaded });
    expect(state.history[BACKUP].uptime).toBe(0.75);

    // A day after the second point: the first two are out of the window, the failure is in.
    const now = first + 15_000 + HISTORY_KEEP_MS + 1;
    const snapshot = fleetSnapshot({
      checkedAt: new Date(now).toISOString(),
      servers: [
        serverReport({ url: BACKUP, responseTimeMs: 25, lastCheckedAt: new Date(now).toISOString() }),
      ],
    });
    state = fleetReducer(state, { type: 'snapshot-pushed', snapshot });
    expect(state.history[BACKUP].points.map((point) => point.ms)).toEqual([null, 20, 25]);
    expect(state.history[BACKUP].uptime).toBeCloseTo(2 / 3);

    // A server no snapshot mentions any more ages out too.
    const later = fleetSnapshot({
      checkedAt: new Date(now + HISTORY_KEEP_MS + 1).toISOString(),
      servers: [],
    });
    state = fleetReducer(state, { type: 'snapshot-pushed', snapshot: later });
    expect(state.history[BACKUP]).toEqual({ url: BACKUP, points: [], uptime: null });
  });

  it('merges loaded and pushed events once each, oldest first', () => {
    const history = historyView();
    let state = fleetReducer(INITIAL_FLEET_STATE, { type: 'event-pushed', event: history.events[1] });
    state = fleetReducer(state, { type: 'history-loaded', history });
    expect(state.events).toEqual(history.events);
  });

  it('ignores a stale probe while the network is down', () => {
    const snapshot = fleetSnapshot({
      networkDown: true,
      servers: [serverReport({ url: BACKUP, stale: true })],
    });
    const state = fleetReducer(INITIAL_FLEET_STATE, { type: 'snapshot-pushed', snapshot });
    expect(state.history[BACKUP]).toBeUndefined();
    expect(state.snapshot).toBe(snapshot);
  });
});
