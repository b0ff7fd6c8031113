import { describe, expect, it } from 'vitest';
import { History, HISTORY_KEEP_MS, HISTORY_MAX_SAMPLES } from '../../src/main/monitor/history';
import type { MonitorEvent } from '../../src/shared/types';
import { failResult, okResult } from '../helpers/fake-probe';

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function clockAt(start: number) {
  const clock = { time: start, now: () => clock.time };
  return clock;
}

const event = (n: number): MonitorEvent => ({ type: 'recovery', to: A, at: new Date(T0 + n).toISOString() });

describe('History', () => {
  it('keeps at most 10,000 samples per server, the newest', () => {
    const clock = clockAt(T0);
    const history = new History({ now: clock.now });
    const total = HISTORY_MAX_SAMPLES + 2_500;
    for (let i = 0; i < total; i += 1) {
      clock.time = T0 + i;
      history.record(A, { at: clock.time, ms: i, state: 'up' });
    }
    history.record(B, { at: clock.time, ms: 5, state: 'up' });
    expect(history.sampleCount(A)).toBe(HISTORY_MAX_SAMPLES);
    const points = history.points(A);
    expect(points).toHaveLength(HISTORY_MAX_SAMPLES);
    expect(points[0]).toEqual({ at: T0 + 2_500, ms: 2_500, state: 'up' });
    expect(points.at(-1)).toEqual({ at: T0 + total - 1, ms: total - 1, state: 'up' });
    // In order throughout, across the ring's wrap.
    expect(points.every((p, i) => i === 0 || p.at === points[i - 1].at + 1)).toBe(true);
    expect(history.sampleCount(B)).toBe(1);
  });

  it('drops samples older than 24 h, on write and on read', () => {
    const clock = clockAt(T0);
    const history = new History({ now: clock.now });
    for (let hour = 0; hour < 30; hour += 1) {
      clock.time = T0 + hour * 3_600_000;
      history.record(A, { at: clock.time, ms: 10, state: 'up' });
    }
    // Hours 5..29 are within 24 h of hour 29 (hour 5 exactly at the edge).
    expect(history.points(A).map((p) => (p.at - T0) / 3_600_000)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 5),
    );
    clock.time += HISTORY_KEEP_MS;
    expect(history.points(A)).toEqual([{ at: T0 + 29 * 3_600_000, ms: 10, state: 'up' }]);
    clock.time += 1;
    expect(history.sampleCount(A)).toBe(0);
    expect(history.uptime(A)).toBeNull();
  });

  it('computes uptime as the share of kept samples that found the server usable', () => {
    const clock = clockAt(T0);
    const history = new History({ now: clock.now, keepMs: 1_000, maxSamples: 4 });
    expect(history.uptime(A)).toBeNull();
    history.record(A, { at: T0, ms: null, state: 'down' });
    history.record(A, { at: T0 + 1, ms: 10, state: 'up' });
    history.record(A, { at: T0 + 2, ms: 900, state: 'busy' });
    history.record(A, { at: T0 + 3, ms: 10, state: 'starting' });
    expect(history.uptime(A)).toBe(0.5);
    // The cap pushes out the down sample.
    history.record(A, { at: T0 + 4, ms: 30, state: 'degraded' });
    expect(history.uptime(A)).toBe(0.75);
    // The keep window pushes out all but the newest.
    clock.time = T0 + 1_004;
    expect(history.uptime(A)).toBe(1);
  });

  it('records probes with the state the monitor gave them; failed probes have no latency', () => {
    const history = new History({ now: () => T0 + 10 });
    history.recordProbe(okResult(A, { startedAt: T0, responseTimeMs: 42 }), 'up');
    history.recordProbe(failResult(A, 'refused', { startedAt: T0 + 5 }), 'up');
    expect(history.points(A)).toEqual([
      { at: T0, ms: 42, state: 'up' },
      { at: T0 + 5, ms: null, state: 'up' },
    ]);
  });

  it('keeps the newest events, bounded', () => {
    const history = new History({ maxEvents: 500 });
    for (let n = 0; n < 1_234; n += 1) history.recordEvent(event(n));
    const events = history.events();
    expect(events).toHaveLength(500);
    expect(events[0]).toEqual(event(734));
    expect(events.at(-1)).toEqual(event(1_233));
  });

  it('gives the window a view in configured order', () => {
    const history = new History({ now: () => T0 });
    history.record(B, { at: T0, ms: 5, state: 'up' });
    history.recordEvent(event(1));
    expect(history.view([A, B])).toEqual({
      servers: [
        { url: A, points: [], uptime: null },
        { url: B, points: [{ at: T0, ms: 5, state: 'up' }], uptime: 1 },
      ],
      events: [event(1)],
    });
    history.retain([A]);
    expect(history.sampleCount(B)).toBe(0);
  });

  it('round-trips through JSON and skips malformed parts', () => {
    const clock = clockAt(T0);
    const history = new History({ now: clock.now });
    history.record(A, { at: T0 - 1_000, ms: 12.5, state: 'up' });
    history.record(A, { at: T0, ms: null, state: 'down' });
    history.record(B, { at: T0, ms: 7, state: 'degraded' });
    history.recordEvent(event(3));
    const json = JSON.parse(JSON.stringify(history)) as unknown;
    const restored = History.fromJSON(json, { now: clock.now });
    expect(restored.toJSON()).toEqual(history.toJSON());
    expect(restored.points(A)).toEqual(history.points(A));
    expect(restored.uptime(A)).toBe(0.5);

    const messy = {
      version: 1,
      servers: {
        [A]: {
          at: [T0, 'x', T0 + 1, T0 + 2],
          ms: [1, 2, 'slow', null],
          state: ['up', 'up', 'up', 'sideways'],
        },
        [B]: 'nonsense',
      },
      events: [event(1), { type: 'bogus', at: 'x' }, null],
    };
    const lenient = History.fromJSON(messy, { now: clock.now });
    expect(lenient.points(A)).toEqual([{ at: T0, ms: 1, state: 'up' }]);
    expect(lenient.sampleCount(B)).toBe(0);
    expect(lenient.events()).toEqual([event(1)]);
    expect(History.fromJSON('garbage').toJSON()).toEqual({ version: 1, servers: {}, events: [] });
  });

  it('applies the bounds when loading', () => {
    const clock = clockAt(T0 + 2 * HISTORY_KEEP_MS);
    const old = { version: 1, servers: { [A]: { at: [T0], ms: [1], state: ['up'] } }, events: [] };
    expect(History.fromJSON(old, { now: clock.now }).sampleCount(A)).toBe(0);
  });
});
