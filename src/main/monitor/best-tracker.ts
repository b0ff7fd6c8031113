// Stickiness (DESIGN.md "Choosing the best server", watch/tray only): the current best stays
// until it is not usable (failover / all-down) or it has been outranked for REBALANCE_ROUNDS
// rounds in a row (rebalance). The caller says when a round ended; see monitor.ts for what a round is.
import type { MonitorEvent } from '../../shared/types';

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/** A monitor event before it is stamped with its time. */
export type UnstampedEvent = WithoutAt<MonitorEvent>;

/** The events this tracker decides. */
export type BestEvent = Extract<
  UnstampedEvent,
  { type: 'best' | 'failover' | 'rebalance' | 'all-down' | 'recovery' }
>;

export const REBALANCE_ROUNDS = 2;

export interface TrackedServer {
  url: string;
  /** From rankServers: 1 = best, null = not usable. */
  rank: number | null;
  /** Usable, but its newest probe failed: it will recover or fail over, not be rebalanced. */
  failing?: boolean;
}

/** Sentences for the events; computed only when an event needs one. */
export interface TrackerReasons {
  unusable(url: string): string;
  allDown(): string;
  rebalance(to: string, from: string): string;
}

export class BestTracker {
  private current: string | null = null;
  private started = false;
  private outrankedRounds = 0;

  get best(): string | null {
    return this.current;
  }

  /** Forget everything: the next update is a start-up again (`best` or `all-down` from null). */
  reset(): void {
    this.current = null;
    this.started = false;
    this.outrankedRounds = 0;
  }

  update(servers: readonly TrackedServer[], roundEnded: boolean, reasons: TrackerReasons): BestEvent[] {
    const top = servers.find((s) => s.rank === 1)?.url ?? null;
    if (!this.started) {
      this.started = true;
      this.current = top;
      return top === null
        ? [{ type: 'all-down', from: null, reason: reasons.allDown() }]
        : [{ type: 'best', to: top }];
    }
    if (this.current === null) {
      this.current = top;
      return top === null ? [] : [{ type: 'recovery', to: top }];
    }
    const from = this.current;
    const mine = servers.find((s) => s.url === from);
    if (!mine || mine.rank === null) {
      const reason = reasons.unusable(from);
      this.current = top;
      this.outrankedRounds = 0;
      return top === null
        ? [{ type: 'all-down', from, reason: reasons.allDown() }]
        : [{ type: 'failover', from, to: top, reason }];
    }
    // A failing best ranks last for a moment; that round says nothing about rebalancing.
    if (!roundEnded || mine.failing === true) return [];
    // Outranked by whichever server is first at each round's end: a best that is consistently
    // worse than two servers taking turns at the top still gets replaced.
    this.outrankedRounds = mine.rank === 1 ? 0 : this.outrankedRounds + 1;
    if (top === null || this.outrankedRounds < REBALANCE_ROUNDS) return [];
    this.current = top;
    this.outrankedRounds = 0;
    return [{ type: 'rebalance', from, to: top, reason: reasons.rebalance(top, from) }];
  }
}
