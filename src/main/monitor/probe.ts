// One probe of one server: climb the ladder under one deadline, stop at the first validated step.
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { ErrorKind, SystemInfo } from '../../shared/types';
import { failedResult } from './failed-result';
import { LADDER, SYSTEM_STATS_STEP, formPath, judgeAnswer } from './ladder';
import type { ApiForm, LadderStep, StepFindings } from './ladder';
import { deadlineReason, httpGet } from './transport';
import type { ProbeOptions, ProbeResult, ProbeTarget } from './types';

export interface ProbeContext {
  /** The connection pool for verified or self-signed-trusting TLS. */
  dispatcher(trustSelfSigned: boolean): Dispatcher;
  userAgent: string;
  /** Per server URL, the form (`/queue` or `/api/queue`) that validated last time: tried first next time. */
  forms: Map<string, ApiForm>;
}

const SYSTEM_STATS_INDEX = LADDER.indexOf(SYSTEM_STATS_STEP);

/** Header names lower-cased so a configured `User-Agent` replaces ours instead of doubling it. */
function requestHeaders(userAgent: string, extra: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': userAgent };
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  return headers;
}

export async function probeServer(
  target: ProbeTarget,
  options: ProbeOptions,
  context: ProbeContext,
): Promise<ProbeResult> {
  const startedAt = Date.now();
  const started = performance.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(deadlineReason(options.timeoutMs)), options.timeoutMs);
  const cancel = () => deadline.abort(new Error('probe cancelled'));
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) cancel();

  const headers = requestHeaders(context.userAgent, target.headers);
  const base = target.url.replace(/\/+$/, '');
  // Ends requests still running when the probe returns (the early /system_stats of a failed probe).
  const done = new AbortController();
  const signal = AbortSignal.any([deadline.signal, done.signal]);
  const fetchStep = (step: LadderStep, path: string) =>
    httpGet({
      url: base + path,
      path,
      headers,
      dispatcher: context.dispatcher(target.trustSelfSigned),
      signal,
      maxBytes: step.maxBytes,
    });

  const finish = (
    fields: Pick<ProbeResult, 'ok' | 'step' | 'endpoint' | 'responseTimeMs'> &
      StepFindings & { errorKind: ErrorKind | null; error: string | null },
  ): ProbeResult => ({
    url: target.url,
    ...fields,
    startedAt,
    durationMs: Math.round(performance.now() - started),
  });
  const failed = (errorKind: ErrorKind, error: string, noRoute = false) =>
    failedResult(
      target.url,
      errorKind,
      error,
      { startedAt, durationMs: Math.round(performance.now() - started) },
      noRoute,
    );

  /** Version and VRAM beside a cheap step; whatever happens here never changes the verdict. */
  const systemBeside = async (form: ApiForm) => {
    const path = formPath(SYSTEM_STATS_STEP.path, form);
    const outcome = await fetchStep(SYSTEM_STATS_STEP, path);
    if (!outcome.ok) return null;
    const verdict = judgeAnswer(SYSTEM_STATS_STEP, path, outcome.answer);
    return verdict.ok ? verdict.findings.system : null;
  };

  try {
    const knownForm = context.forms.get(target.url);
    const forms: ApiForm[] = knownForm === 'api' ? ['api', 'plain'] : ['plain', 'api'];
    // Once the server's form is known, /system_stats goes out together with the first step, so a
    // healthy probe costs one round trip, not two. (A first probe does not guess: a wrong form
    // would only add requests to servers that may be down.)
    const early =
      knownForm === undefined || options.includeSystem === false
        ? null
        : systemBeside(knownForm).catch((): SystemInfo | null => null);
    let firstFailure: { kind: ErrorKind; error: string } | null = null;
    for (const [index, step] of LADDER.entries()) {
      for (const form of forms) {
        const path = formPath(step.path, form);
        const outcome = await fetchStep(step, path);
        if (!outcome.ok) {
          const { kind, error, noRoute } = outcome.failure;
          return failed(kind, error, noRoute === true);
        }
        const verdict = judgeAnswer(step, path, outcome.answer);
        if (verdict.ok) {
          context.forms.set(target.url, form);
          const wantSystem = index < SYSTEM_STATS_INDEX && options.includeSystem !== false;
          return finish({
            ok: true,
            step: step.step,
            endpoint: path,
            responseTimeMs: outcome.answer.timeMs,
            queue: verdict.findings.queue,
            system: !wantSystem
              ? verdict.findings.system
              : await (form === forms[0] && early ? early : systemBeside(form)),
            errorKind: null,
            error: null,
          });
        }
        if (verdict.ends) return failed(verdict.kind, verdict.error);
        firstFailure ??= verdict;
      }
    }
    // The ladder is never empty, so some step failed.
    const { kind, error } = firstFailure as { kind: ErrorKind; error: string };
    return failed(kind, error);
  } finally {
    clearTimeout(timer);
    done.abort(new Error('probe finished'));
    options.signal?.removeEventListener('abort', cancel);
  }
}
