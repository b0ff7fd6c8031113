// Per-server health over time (DESIGN.md "Health over time"): HAProxy-like hysteresis and the
// wait before the next probe. Pure and deterministic: randomness is passed in.
import { USABLE_STATES } from '../../shared/types';
import type { ServerState } from '../../shared/types';
import type { ProbeResult } from './types';
import { verdictOf } from './verdict';

export interface HealthParams {
  fall: number;
  rise: number;
  slowMs: number;
}

export interface TimingParams {
  intervalMs: number;
  recheckMs: number;
  downMaxMs: number;
}

export interface ServerHealth {
  state: ServerState;
  /** Failed probes in a row while still usable (in transition towards down). */
  failures: number;
  /** Good probes in a row while `starting`. */
  successes: number;
  /** Failed probes since the server settled down or blocked: the backoff exponent. */
  downProbes: number;
  /** The newest probe that validated: its queue and timing still describe a usable server in transition. */
  lastGood: ProbeResult | null;
  /** The newest failed probe, kept (and shown) while the server is in transition or down. */
  lastFailure: ProbeResult | null;
  latest: ProbeResult | null;
  /** Why a usable server is degraded (from the newest good probe). */
  note: string | null;
}

export const JITTER = 0.1;

export const INITIAL_HEALTH: ServerHealth = {
  state: 'unknown',
  failures: 0,
  successes: 0,
  downProbes: 0,
  lastGood: null,
  lastFailure: null,
  latest: null,
  note: null,
};

export function isUsable(state: ServerState): boolean {
  return USABLE_STATES.includes(state);
}

/** Failing while still usable, or succeeding while not yet trusted again. */
export function inTransition(health: ServerHealth): boolean {
  return health.state === 'starting' || (isUsable(health.state) && health.failures > 0);
}

/** Applies one probe result; returns the new health (the old one is not changed). */
export function applyProbe(health: ServerHealth, result: ProbeResult, params: HealthParams): ServerHealth {
  const verdict = verdictOf(result, params.slowMs);
  const seen = { ...health, latest: result };
  if (verdict.healthy) {
    const good = { ...seen, lastGood: result, note: verdict.note, failures: 0, downProbes: 0 };
    if (health.state === 'down' || health.state === 'blocked' || health.state === 'starting') {
      const successes = health.state === 'starting' ? health.successes + 1 : 1;
      if (successes < params.rise) return { ...good, state: 'starting', successes };
    }
    // The first probe decides at once; a usable server follows its verdict (up, busy, degraded).
    return { ...good, state: verdict.state, successes: 0, lastFailure: null };
  }
  const failed = { ...seen, lastFailure: result, successes: 0 };
  if (isUsable(health.state)) {
    const failures = health.failures + 1;
    if (failures < params.fall) return { ...failed, failures };
    return { ...failed, state: verdict.state, failures: 0, downProbes: 0, lastGood: null, note: null };
  }
  const settledDown = health.state === 'down' || health.state === 'blocked';
  return {
    ...failed,
    state: verdict.state,
    failures: 0,
    downProbes: settledDown ? health.downProbes + 1 : 0,
    lastGood: null,
    note: null,
  };
}

/** The un-jittered wait before the next probe. */
export function baseDelay(health: ServerHealth, timing: TimingParams): number {
  if (inTransition(health)) return timing.recheckMs;
  if (health.state === 'down' || health.state === 'blocked') {
    // Back off from interval, doubling per failed probe, up to downMax (never below interval).
    const cap = Math.max(timing.intervalMs, timing.downMaxMs);
    return Math.min(timing.intervalMs * 2 ** Math.min(health.downProbes, 30), cap);
  }
  return timing.intervalMs;
}

/** Spreads a wait by +/-10 % so a fleet's probes do not line up; random() is in [0, 1). */
export function jitter(ms: number, random: () => number): number {
  return Math.round(ms * (1 + JITTER * (2 * random() - 1)));
}

export function nextDelay(health: ServerHealth, timing: TimingParams, random: () => number): number {
  return jitter(baseDelay(health, timing), random);
}
