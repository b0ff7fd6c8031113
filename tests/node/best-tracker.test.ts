import { describe, expect, it } from 'vitest';
import { BestTracker } from '../../src/main/monitor/best-tracker';
import type { TrackedServer, TrackerReasons } from '../../src/main/monitor/best-tracker';

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const C = 'http://127.0.0.1:8190';

const reasons: TrackerReasons = {
  unusable: (url) => `${url} is down`,
  allDown: () => 'nothing usable',
  rebalance: (to, from) => `${to} beat ${from}`,
};

/** Ranks in A, B, C order. */
function ranks(a: number | null, b: number | null, c: number | null = null): TrackedServer[] {
  return [
    { url: A, rank: a },
    { url: B, rank: b },
    { url: C, rank: c },
  ];
}

describe('BestTracker', () => {
  it('announces the first best after start-up', () => {
    const tracker = new BestTracker();
    expect(tracker.update(ranks(2, 1), true, reasons)).toEqual([{ type: 'best', to: B }]);
    expect(tracker.best).toBe(B);
    expect(tracker.update(ranks(2, 1), true, reasons)).toEqual([]);
  });

  it('reports all-down from null at start-up, then a recovery', () => {
    const tracker = new BestTracker();
    expect(tracker.update(ranks(null, null), true, reasons)).toEqual([
      { type: 'all-down', from: null, reason: 'nothing usable' },
    ]);
    expect(tracker.update(ranks(null, null), true, reasons)).toEqual([]);
    expect(tracker.update(ranks(null, 1), false, reasons)).toEqual([{ type: 'recovery', to: B }]);
    expect(tracker.best).toBe(B);
  });

  it('fails over at once, mid-round, when the best is no longer usable', () => {
    const tracker = new BestTracker();
    tracker.update(ranks(1, 2), true, reasons);
    expect(tracker.update(ranks(null, 1), false, reasons)).toEqual([
      { type: 'failover', from: A, to: B, reason: `${A} is down` },
    ]);
    expect(tracker.best).toBe(B);
  });

  it('reports all-down from the last best when nothing else is usable', () => {
    const tracker = new BestTracker();
    tracker.update(ranks(1, null), true, reasons);
    expect(tracker.update(ranks(null, null), false, reasons)).toEqual([
      { type: 'all-down', from: A, reason: 'nothing usable' },
    ]);
    expect(tracker.best).toBeNull();
  });

  it('sticks to a usable best until it is outranked at two round ends in a row', () => {
    const tracker = new BestTracker();
    tracker.update(ranks(1, 2), true, reasons);
    // Re-ranks within a round never count.
    for (let i = 0; i < 5; i += 1) expect(tracker.update(ranks(2, 1), false, reasons)).toEqual([]);
    expect(tracker.update(ranks(2, 1), true, reasons)).toEqual([]);
    expect(tracker.best).toBe(A);
    expect(tracker.update(ranks(2, 1), true, reasons)).toEqual([
      { type: 'rebalance', from: A, to: B, reason: `${B} beat ${A}` },
    ]);
    expect(tracker.best).toBe(B);
  });

  it('does not flip-flop when the lead alternates every round', () => {
    const tracker = new BestTracker();
    tracker.update(ranks(1, 2), true, reasons);
    for (let round = 0; round < 10; round += 1) {
      const events = tracker.update(round % 2 === 0 ? ranks(2, 1) : ranks(1, 2), true, reasons);
      expect(events).toEqual([]);
    }
    expect(tracker.best).toBe(A);
  });

  it('replaces a best that two others outrank in turns', () => {
    const tracker = new BestTracker();
    tracker.update(ranks(1, 2, 3), true, reasons);
    expect(tracker.update(ranks(3, 1, 2), true, reasons)).toEqual([]);
    expect(tracker.update(ranks(3, 2, 1), true, reasons)).toEqual([
      { type: 'rebalance', from: A, to: C, reason: `${C} beat ${A}` },
    ]);
  });

  it('starts over after reset', () => {
    const tracker = new BestTracker();
    tracker.update(ranks(1, 2), true, reasons);
    tracker.reset();
    expect(tracker.best).toBeNull();
    expect(tracker.update(ranks(2, 1), false, reasons)).toEqual([{ type: 'best', to: B }]);
  });
});
