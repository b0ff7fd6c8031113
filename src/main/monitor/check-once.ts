// A one-shot `status`: every server probed once, concurrently; each verdict is that one probe.
import type { FleetReport, Policy } from '../../shared/types';
import { applyProbe, INITIAL_HEALTH } from './health';
import { rankServers } from './ranking';
import { rankCandidate, serverReport } from './report';
import { probeSafely } from './safe-probe';
import type { ProbeFn, ProbeTarget } from './types';

export interface CheckOnceOptions {
  timeoutMs: number;
  slowMs: number;
  policy: Policy;
  probe: ProbeFn;
  /** Also read version and VRAM (`/system_stats`); default true. `best` needs no more than the verdict. */
  includeSystem?: boolean;
  now?: () => Date;
}

export async function checkOnce(targets: ProbeTarget[], options: CheckOnceOptions): Promise<FleetReport> {
  const now = options.now ?? (() => new Date());
  const checkedAt = now().toISOString();
  // Every probe starts before any is awaited.
  const pending = targets.map((target) =>
    probeSafely(
      options.probe,
      target,
      { timeoutMs: options.timeoutMs, includeSystem: options.includeSystem ?? true },
      () => now().getTime(),
    ),
  );
  const results = await Promise.all(pending);
  // No history: from `unknown`, the first probe decides at once (fall and rise play no part).
  const healths = results.map((result) =>
    applyProbe(INITIAL_HEALTH, result, { fall: 1, rise: 1, slowMs: options.slowMs }),
  );
  const candidates = healths.map((health, i) => rankCandidate(targets[i].url, i + 1, health));
  const ranks = rankServers(candidates, options.policy);
  const servers = healths.map((health, i) =>
    serverReport(targets[i].url, i + 1, health, ranks[i], { rise: 1 }),
  );
  return { checkedAt, best: servers.find((s) => s.rank === 1)?.url ?? null, servers };
}
