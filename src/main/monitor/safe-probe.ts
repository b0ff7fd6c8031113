// Calls a ProbeFn so that it never throws or rejects: a broken probe is a failed result,
// which the health rules already know how to treat.
import { failedResult } from './failed-result';
import type { ProbeFn, ProbeOptions, ProbeResult, ProbeTarget } from './types';

export function probeSafely(
  probe: ProbeFn,
  target: ProbeTarget,
  options: ProbeOptions,
  now: () => number,
): Promise<ProbeResult> {
  const startedAt = now();
  const failed = (error: unknown): ProbeResult =>
    failedResult(
      target.url,
      null,
      `the probe failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        startedAt,
        durationMs: now() - startedAt,
      },
    );
  try {
    return probe(target, options).catch(failed);
  } catch (error) {
    return Promise.resolve(failed(error));
  }
}
