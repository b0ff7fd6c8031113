// One probe's verdict (DESIGN.md "Health over time"): what a one-shot `status` reports, and
// the input the per-server hysteresis (health.ts) works from.
import type { ProbeResult } from './types';

export type VerdictState = 'up' | 'busy' | 'degraded' | 'blocked' | 'down';

export interface Verdict {
  state: VerdictState;
  /** Usable for new work. */
  healthy: boolean;
  /** Why a usable server is degraded; null otherwise. */
  note: string | null;
}

export function verdictOf(result: ProbeResult, slowMs: number): Verdict {
  if (!result.ok)
    return { state: result.errorKind === 'blocked' ? 'blocked' : 'down', healthy: false, note: null };
  if (result.queue === null) {
    // Only /system_stats, /history or / validated: alive, but we cannot see its queue.
    const where = result.endpoint ?? result.step ?? 'a step without queue depth';
    return { state: 'degraded', healthy: true, note: `no queue information: only ${where} answered` };
  }
  const slow = result.responseTimeMs !== null && result.responseTimeMs > slowMs;
  if (!slow) return { state: 'up', healthy: true, note: null };
  // /prompt reports only the total, so any queued job counts as running there.
  const running = result.queue.running ?? result.queue.total;
  if (running > 0) return { state: 'busy', healthy: true, note: null };
  return {
    state: 'degraded',
    healthy: true,
    note: `slow with no job running: answered in ${result.responseTimeMs} ms (slow above ${slowMs} ms)`,
  };
}
