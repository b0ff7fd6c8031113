// The result of a probe that validated nothing: no step, no timing, no findings.
import type { ErrorKind } from '../../shared/types';
import type { ProbeResult } from './types';

export function failedResult(
  url: string,
  errorKind: ErrorKind | null,
  error: string,
  timing: Pick<ProbeResult, 'startedAt' | 'durationMs'>,
  noRoute = false,
): ProbeResult {
  return {
    url,
    ok: false,
    step: null,
    endpoint: null,
    responseTimeMs: null,
    queue: null,
    system: null,
    errorKind,
    error,
    ...timing,
    ...(noRoute ? { noRoute: true } : {}),
  };
}
