// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fleetReducer, INITIAL_FLEET_STATE } from '../../src/renderer/src/fleet-state';
import { BACKUP, fleetSnapshot, historyView, serverReport } from './fake-api';

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
