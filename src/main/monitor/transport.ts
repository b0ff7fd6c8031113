// One HTTP GET for the probe ladder: no redirects followed, no compression asked for, the body read
// under a byte cap, everything bounded by the caller's deadline signal.
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { describeConnectionError } from './connection-errors';
import type { ConnectionFailure } from './connection-errors';

export interface HttpGetRequest {
  url: string;
  /** The path as requested, for messages (`/api/queue`). */
  path: string;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  /** Aborted at the probe's deadline; its reason's message says so (see `deadlineReason`). */
  signal: AbortSignal;
  maxBytes: number;
}

export interface HttpAnswer {
  status: number;
  /** The raw Content-Type header, or null. */
  contentType: string | null;
  location: string | null;
  wwwAuthenticate: string | null;
  /** Empty when `tooLarge`. */
  body: Buffer;
  /** The body went over `maxBytes`; reading stopped there. */
  tooLarge: boolean;
  /** Time to the full body (or to the cap). */
  timeMs: number;
}

export type HttpOutcome = { ok: true; answer: HttpAnswer } | { ok: false; failure: ConnectionFailure };

/** The abort reason of a probe's deadline: its message ends the timeout sentence. */
export function deadlineReason(timeoutMs: number): Error {
  return new Error(`no complete answer within the ${timeoutMs} ms deadline`);
}

function firstHeader(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

export async function httpGet(req: HttpGetRequest): Promise<HttpOutcome> {
  const started = performance.now();
  try {
    const res = await request(req.url, {
      method: 'GET',
      headers: req.headers,
      dispatcher: req.dispatcher,
      signal: req.signal,
    });
    const head = {
      status: res.statusCode,
      contentType: firstHeader(res.headers['content-type']),
      location: firstHeader(res.headers.location),
      wwwAuthenticate: firstHeader(res.headers['www-authenticate']),
    };
    const elapsed = () => Math.round(performance.now() - started);
    const tooLarge = (): HttpOutcome => {
      res.body.destroy();
      return { ok: true, answer: { ...head, body: Buffer.alloc(0), tooLarge: true, timeMs: elapsed() } };
    };
    if (Number(firstHeader(res.headers['content-length'])) > req.maxBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > req.maxBytes) return tooLarge();
      chunks.push(chunk as Buffer);
    }
    return { ok: true, answer: { ...head, body: Buffer.concat(chunks), tooLarge: false, timeMs: elapsed() } };
  } catch (err) {
    if (req.signal.aborted) {
      const reason: unknown = req.signal.reason;
      const text = reason instanceof Error ? reason.message : 'cancelled';
      return { ok: false, failure: { kind: 'timeout', error: `${req.path}: ${text}` } };
    }
    return { ok: false, failure: describeConnectionError(err, req.path) };
  }
}
