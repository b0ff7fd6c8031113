// Choosing the best server (DESIGN.md "Choosing the best server"): a pure ranking for both policies.
import type { Policy, QueueInfo, ServerState } from '../../shared/types';
import { isUsable } from './health';

export interface RankCandidate {
  url: string;
  /** 1 = primary, then backups in order. */
  priority: number;
  state: ServerState;
  queue: QueueInfo | null;
  responseTimeMs: number | null;
  /** Still usable, but its newest probe failed (on its way to `down` unless it recovers). */
  failing: boolean;
}

/** Response times within the same bucket count as equal: only a clearly slower server loses. */
export const RESPONSE_BUCKET_MS = 500;

const STATE_ORDER: Partial<Record<ServerState, number>> = { up: 0, busy: 1, degraded: 2 };

/** Queued jobs, running + pending; an unknown queue sorts after every known one. */
export function queuedJobs(candidate: RankCandidate): number {
  return candidate.queue?.total ?? Number.POSITIVE_INFINITY;
}

export function responseBucket(candidate: RankCandidate): number {
  return candidate.responseTimeMs === null
    ? Number.POSITIVE_INFINITY
    : Math.floor(candidate.responseTimeMs / RESPONSE_BUCKET_MS);
}

/** The keys compared in order, for each policy. Equal keys mean an exact tie. */
export type RankKey = 'failing' | 'queue' | 'state' | 'responseTime' | 'priority';

// A server whose newest probe failed goes last under either policy: when two servers die together,
// the failover must not pick the one that is about to follow the first.
const KEYS: Record<Policy, readonly RankKey[]> = {
  'least-busy': ['failing', 'queue', 'state', 'responseTime', 'priority'],
  'prefer-primary': ['failing', 'priority'],
};

function keyValue(candidate: RankCandidate, key: RankKey): number {
  switch (key) {
    case 'failing':
      return candidate.failing ? 1 : 0;
    case 'queue':
      return queuedJobs(candidate);
    case 'state':
      return STATE_ORDER[candidate.state] ?? Number.POSITIVE_INFINITY;
    case 'responseTime':
      return responseBucket(candidate);
    case 'priority':
      return candidate.priority;
  }
}

/** The first key on which a ranks before b, or null when a does not rank before b. */
export function decidingKey(a: RankCandidate, b: RankCandidate, policy: Policy): RankKey | null {
  for (const key of KEYS[policy]) {
    const diff = keyValue(a, key) - keyValue(b, key);
    if (diff < 0) return key;
    if (diff > 0) return null;
  }
  return null;
}

function compare(a: RankCandidate, b: RankCandidate, policy: Policy): number {
  if (decidingKey(a, b, policy) !== null) return -1;
  if (decidingKey(b, a, policy) !== null) return 1;
  return 0;
}

/** Ranks aligned with `candidates`: 1..n for usable servers (1 = best), null for the others. */
export function rankServers(candidates: readonly RankCandidate[], policy: Policy): (number | null)[] {
  const usable = candidates
    .map((candidate, index) => ({ candidate, index }))
    .filter((c) => isUsable(c.candidate.state));
  usable.sort((a, b) => compare(a.candidate, b.candidate, policy) || a.index - b.index);
  const ranks: (number | null)[] = candidates.map(() => null);
  usable.forEach(({ index }, position) => (ranks[index] = position + 1));
  return ranks;
}
