// The probe ladder's steps (DESIGN.md "Probing one server") and how one answer is judged:
// validated, a failure that moves on to the next step, or one that ends the probe.
import { STATUS_CODES } from 'node:http';
import type { ErrorKind, ProbeStep, QueueInfo, SystemInfo } from '../../shared/types';
import { redactUrl } from '../../shared/server-list';
import type { HttpAnswer } from './transport';
import {
  htmlTitle,
  validateHistory,
  validatePromptInfo,
  validateQueue,
  validateRootPage,
  validateSystemStats,
} from './validators';
import type { Validation } from './validators';

export interface StepFindings {
  queue: QueueInfo | null;
  system: SystemInfo | null;
}

export interface LadderStep {
  step: ProbeStep;
  /** The plain path; the `/api` form prefixes it. */
  path: string;
  maxBytes: number;
  check(answer: HttpAnswer, text: string): Validation<StepFindings>;
}

export type StepVerdict =
  { ok: true; findings: StepFindings } | { ok: false; kind: ErrorKind; error: string; ends: boolean };

const KIB = 1024;
const MIB = 1024 * KIB;

function isHtml(contentType: string | null): boolean {
  return /\bhtml\b/i.test(contentType ?? '');
}

/** A JSON step: HTML is rejected at once (no reason needed: the quoted title says it all). */
function jsonCheck<T>(validate: (json: unknown) => Validation<T>, findings: (value: T) => StepFindings) {
  return (answer: HttpAnswer, text: string): Validation<StepFindings> => {
    if (isHtml(answer.contentType)) return { ok: false, reason: '' };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'not valid JSON' };
    }
    const result = validate(json);
    return result.ok ? { ok: true, value: findings(result.value) } : result;
  };
}

export const QUEUE_MAX_BYTES = 4 * MIB;
export const BODY_MAX_BYTES = 256 * KIB;

export const SYSTEM_STATS_STEP: LadderStep = {
  step: 'system_stats',
  path: '/system_stats',
  maxBytes: BODY_MAX_BYTES,
  check: jsonCheck(validateSystemStats, (system) => ({ queue: null, system })),
};

/** Cheapest and most telling first. Never the bare `/history`: it can be hundreds of MB. */
export const LADDER: readonly LadderStep[] = [
  {
    step: 'queue',
    path: '/queue',
    maxBytes: QUEUE_MAX_BYTES,
    check: jsonCheck(validateQueue, (queue) => ({ queue, system: null })),
  },
  {
    step: 'prompt',
    path: '/prompt',
    maxBytes: BODY_MAX_BYTES,
    check: jsonCheck(validatePromptInfo, (queue) => ({ queue, system: null })),
  },
  SYSTEM_STATS_STEP,
  {
    step: 'history',
    path: '/history?max_items=1',
    maxBytes: BODY_MAX_BYTES,
    check: jsonCheck(validateHistory, () => ({ queue: null, system: null })),
  },
  {
    step: 'root',
    path: '/',
    maxBytes: BODY_MAX_BYTES,
    check: (answer, text) => {
      if (!isHtml(answer.contentType)) return { ok: false, reason: '' };
      const page = validateRootPage(text);
      return page.ok ? { ok: true, value: { queue: null, system: null } } : { ok: false, reason: '' };
    },
  },
];

export type ApiForm = 'plain' | 'api';

/** `/queue` or `/api/queue` (`/` becomes `/api/`, which ComfyUI also serves). */
export function formPath(path: string, form: ApiForm): string {
  return form === 'api' ? `/api${path}` : path;
}

const SNIPPET_CHARS = 60;

/** The page title or the first words of a body, as quoted in error sentences. */
function bodySnippet(contentType: string | null, text: string): string {
  const html = isHtml(contentType) || /^\s*</.test(text);
  const visible = html
    ? (htmlTitle(text) ?? text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '))
    : text;
  const words = visible.replace(/\s+/g, ' ').trim();
  if (words === '') return 'empty body';
  const cut = words.length > SNIPPET_CHARS ? `${words.slice(0, SNIPPET_CHARS)}…` : words;
  const json = /json/i.test(contentType ?? '') || /^[[{]/.test(cut);
  return json && !html ? cut : `"${cut}"`;
}

function mediaType(contentType: string | null): string {
  const type = contentType?.split(';', 1)[0].trim().toLowerCase();
  return type ? type : 'without a content type';
}

function sizeText(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes / KIB} KiB`;
}

/** Judges one answer to `path` (the form actually requested) of `step`. */
export function judgeAnswer(step: LadderStep, path: string, answer: HttpAnswer): StepVerdict {
  const { status } = answer;
  const blocked = (what: string): StepVerdict => ({
    ok: false,
    kind: 'blocked',
    error: `${path}: ${what}`,
    ends: true,
  });
  if (status >= 300 && status < 400) {
    return blocked(`${status} to ${answer.location === null ? '(no Location)' : redactUrl(answer.location)}`);
  }
  if (status === 401 || status === 403) {
    const challenge = answer.wwwAuthenticate === null ? '' : ` (WWW-Authenticate: ${answer.wwwAuthenticate})`;
    return blocked(`${status} ${STATUS_CODES[status]}${challenge}`);
  }
  if (answer.tooLarge) {
    const error = `${path} answered ${status} with a body over the ${sizeText(step.maxBytes)} cap`;
    return { ok: false, kind: 'too-large', error, ends: false };
  }
  const text = answer.body.toString('utf8');
  const seen = `${path} answered ${status} ${mediaType(answer.contentType)} (${bodySnippet(answer.contentType, text)})`;
  if (status < 200 || status >= 300) return { ok: false, kind: 'http', error: seen, ends: false };
  const checked = step.check(answer, text);
  if (checked.ok) return { ok: true, findings: checked.value };
  return {
    ok: false,
    kind: 'not-comfyui',
    error: checked.reason ? `${seen}: ${checked.reason}` : seen,
    ends: false,
  };
}
