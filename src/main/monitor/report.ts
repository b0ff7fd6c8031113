// Turns health into what people and programs read: ServerReport rows (the `status --json` shape)
// and the sentences used as event reasons and as the best server's reason.
import type { Policy, QueueInfo, ServerReport } from '../../shared/types';
import { inTransition, isUsable } from './health';
import type { ServerHealth } from './health';
import { decidingKey } from './ranking';
import type { RankCandidate } from './ranking';

export interface ReportOptions {
  /** Good probes needed to come back: shown while a server is `starting`. */
  rise: number;
  /** Monitor-only fields; a one-shot report leaves them out. */
  lastCheckedAt?: string | null;
  stale?: boolean;
}

export function roleOf(priority: number): ServerReport['role'] {
  return priority === 1 ? 'primary' : 'backup';
}

/** What ranking sees of a server: its state and the newest good probe's queue and timing. */
export function rankCandidate(url: string, priority: number, health: ServerHealth): RankCandidate {
  return {
    url,
    priority,
    state: health.state,
    queue: health.lastGood?.queue ?? null,
    responseTimeMs: health.lastGood?.responseTimeMs ?? null,
    failing: health.failures > 0,
  };
}

function failureText(health: ServerHealth): string {
  const failure = health.lastFailure;
  return failure?.error ?? failure?.errorKind ?? 'no answer';
}

function unhealthyError(health: ServerHealth, rise: number): Pick<ServerReport, 'error' | 'errorKind'> {
  if (health.state === 'unknown') return { error: 'not checked yet', errorKind: null };
  const errorKind = health.lastFailure?.errorKind ?? null;
  if (health.state === 'starting') {
    const last = health.lastFailure ? `; last failure: ${failureText(health)}` : '';
    return { error: `recovering: ${health.successes} of ${rise} good checks${last}`, errorKind };
  }
  return { error: failureText(health), errorKind };
}

export function serverReport(
  url: string,
  priority: number,
  health: ServerHealth,
  rank: number | null,
  options: ReportOptions,
): ServerReport {
  const healthy = isUsable(health.state);
  const good = health.lastGood;
  // A usable server in transition keeps its state, and shows the failure that put it there.
  const failing = healthy && inTransition(health) && health.lastFailure !== null;
  const problem = healthy
    ? {
        error: failing ? failureText(health) : null,
        errorKind: failing ? (health.lastFailure?.errorKind ?? null) : null,
      }
    : unhealthyError(health, options.rise);
  const report: ServerReport = {
    url,
    role: roleOf(priority),
    priority,
    rank,
    healthy,
    state: health.state,
    endpoint: good?.endpoint ?? null,
    responseTimeMs: good?.responseTimeMs ?? null,
    queue: good?.queue ?? null,
    system: good?.system ?? null,
    ...problem,
    note: healthy ? health.note : null,
  };
  if (options.lastCheckedAt !== undefined) report.lastCheckedAt = options.lastCheckedAt;
  if (options.stale !== undefined) report.stale = options.stale;
  return report;
}

export function queueText(queue: QueueInfo | null): string {
  if (queue === null) return 'queue unknown';
  if (queue.total === 0) return 'queue empty';
  const jobs = `${queue.total} job${queue.total === 1 ? '' : 's'} queued`;
  return queue.running === null ? jobs : `${jobs} (${queue.running} running, ${queue.pending ?? 0} pending)`;
}

/** A sentence on a server's current state, e.g. "http://127.0.0.1:8188 is down: connection refused (/queue)". */
export function stateReason(url: string, health: ServerHealth, rise: number): string {
  const good = health.lastGood;
  const answered = good ? `${good.endpoint ?? 'it'} answered in ${good.responseTimeMs ?? '?'} ms` : '';
  switch (health.state) {
    case 'unknown':
      return `${url} is not checked yet`;
    case 'starting':
      return `${url} answers again (${health.successes} of ${rise} good checks before it is trusted)`;
    case 'up':
      return `${url} is up: ${answered}, ${queueText(good?.queue ?? null)}`;
    case 'busy':
      return `${url} is busy: ${queueText(good?.queue ?? null)}, ${answered}`;
    case 'degraded':
      return `${url} is degraded: ${health.note ?? answered}`;
    case 'blocked':
    case 'down':
      return `${url} is ${health.state}: ${failureText(health)}`;
  }
}

/** Why a server is the best, e.g. "fewest queued jobs (0) and answers in 12 ms". */
export function bestReason(best: RankCandidate, rank: number | null, policy: Policy): string {
  if (rank !== 1) return `kept while usable, to avoid flip-flopping (ranks ${rank ?? '-'} now)`;
  if (policy === 'prefer-primary') {
    return best.priority === 1
      ? 'primary and usable (prefer-primary)'
      : `highest-priority usable server: backup ${best.priority} (prefer-primary)`;
  }
  const timing = best.responseTimeMs === null ? '' : ` and answers in ${best.responseTimeMs} ms`;
  if (best.queue === null) return `usable, queue unknown (${best.state})${timing}`;
  return `fewest queued jobs (${best.queue.total})${timing}`;
}

/** Why `to` replaced `from` after ranking better for several rounds. */
export function rebalanceReason(
  to: RankCandidate,
  from: RankCandidate,
  policy: Policy,
  rounds: number,
): string {
  const lead = `${to.url} ranked better than ${from.url} for ${rounds} rounds`;
  switch (decidingKey(to, from, policy)) {
    case 'failing':
      return `${lead}: ${from.url} keeps failing its checks`;
    case 'queue':
      return `${lead}: fewer queued jobs (${to.queue?.total ?? '?'} vs ${from.queue?.total ?? 'unknown'})`;
    case 'state':
      return `${lead}: ${to.state} rather than ${from.state}`;
    case 'responseTime':
      return `${lead}: answers clearly faster (${to.responseTimeMs ?? '?'} ms vs ${from.responseTimeMs ?? '?'} ms)`;
    case 'priority':
      return `${lead}: higher priority (${to.priority} vs ${from.priority})`;
    case null:
      return lead;
  }
}

export function allDownReason(
  servers: readonly { url: string; health: ServerHealth }[],
  rise: number,
): string {
  if (servers.length === 0) return 'no server is configured';
  return `no usable server: ${servers.map((s) => stateReason(s.url, s.health, rise)).join('; ')}`;
}
