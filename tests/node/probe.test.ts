import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describeConnectionError } from '../../src/main/monitor/connection-errors';

const TRUST_HINT =
  ' (if this server is yours, mark it "trust self-signed certificate" in Settings ("trustSelfSigned": true))';
import { createProber, DEFAULT_USER_AGENT } from '../../src/main/monitor/prober';
import type { Prober, ProberOptions } from '../../src/main/monitor/prober';
import type { ProbeResult, ProbeTarget } from '../../src/main/monitor/types';
import { parseServerList, toProbeTargets } from '../../src/shared/server-list';
import { APP_VERSION } from '../../src/shared/version';
import { parseBehaviour, startSimServer } from '../../src/sim';
import type { SimServer, SimServerOptions } from '../../src/sim';
import { fixture } from '../helpers/fixtures';
import { reply, startTestServer } from '../helpers/http-server';
import type { TestServer } from '../helpers/http-server';
import { makeSelfSignedCert } from '../helpers/tls';

const TIMEOUT_MS = 2000;
/** For hanging and dripping servers: short, so the file stays fast. */
const SHORT_TIMEOUT_MS = 500;
const JSON_TYPE = 'application/json; charset=utf-8';
/** Every path the ladder may request, both forms. */
const LADDER_PATHS = ['/queue', '/prompt', '/system_stats', '/history?max_items=1', '/'].flatMap((p) => [
  p,
  p === '/' ? '/api/' : `/api${p}`,
]);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function prober(options?: ProberOptions): Prober {
  const created = createProber(options);
  cleanups.push(() => created.close());
  return created;
}

async function sim(name: string, options?: SimServerOptions): Promise<SimServer> {
  const server = await startSimServer(parseBehaviour(name), options);
  cleanups.push(() => server.close());
  return server;
}

async function testServer(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(handler);
  cleanups.push(() => server.close());
  return server;
}

const target = (url: string, extra: Partial<ProbeTarget> = {}): ProbeTarget => ({
  url,
  headers: {},
  trustSelfSigned: false,
  ...extra,
});

function probeOnce(
  url: string,
  timeoutMs = TIMEOUT_MS,
  extra: Partial<ProbeTarget> = {},
): Promise<ProbeResult> {
  return prober().probe(target(url, extra), { timeoutMs });
}

function failure(result: ProbeResult) {
  return {
    ok: result.ok,
    step: result.step,
    endpoint: result.endpoint,
    errorKind: result.errorKind,
    error: result.error,
  };
}

describe('healthy servers', () => {
  test('idle: /queue validates, /system_stats is fetched beside it for version and VRAM', async () => {
    const server = await sim('idle');
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({
      url: server.url,
      ok: true,
      step: 'queue',
      endpoint: '/queue',
      queue: { running: 0, pending: 0, total: 0 },
      errorKind: null,
      error: null,
    });
    expect(result.system?.comfyuiVersion).toBe('0.3.64');
    expect(result.system?.devices).toEqual([
      {
        name: 'cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync',
        type: 'cuda',
        vramTotal: 25386352640,
        vramFree: 18447646720,
      },
    ]);
    expect(result.responseTimeMs).toBeGreaterThanOrEqual(0);
    expect(result.durationMs).toBeGreaterThanOrEqual(result.responseTimeMs ?? 0);
    expect(server.requestCount()).toBe(2);
    expect(server.requestCount('/queue')).toBe(1);
    expect(server.requestCount('/system_stats')).toBe(1);
  });

  test.each([
    [1, { running: 1, pending: 0, total: 1 }],
    [4, { running: 1, pending: 3, total: 4 }],
    [9, { running: 1, pending: 8, total: 9 }],
  ])('busy:%i reports the queue depth', async (jobs, queue) => {
    const server = await sim(`busy:${jobs}`);
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({ ok: true, step: 'queue', endpoint: '/queue', queue });
  });

  test('slow:MS is still ok; responseTimeMs is the validated step time', async () => {
    const server = await sim('slow:250');
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({ ok: true, step: 'queue', endpoint: '/queue' });
    expect(result.responseTimeMs).toBeGreaterThanOrEqual(245);
    // /system_stats is slow too and counts in the probe, not in the step.
    expect(result.durationMs).toBeGreaterThanOrEqual(490);
  });

  test('api-only is fully healthy; the /api form is remembered and tried first next time', async () => {
    const server = await sim('api-only');
    const probe = prober();
    const first = await probe.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    expect(first).toMatchObject({ ok: true, step: 'queue', endpoint: '/api/queue', errorKind: null });
    expect(first.system?.comfyuiVersion).toBe('0.3.64');
    expect(server.requestCount('/queue')).toBe(1);
    expect(server.requestCount('/api/system_stats')).toBe(1);
    expect(server.requestCount('/system_stats')).toBe(0);

    const second = await probe.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    expect(second).toMatchObject({ ok: true, endpoint: '/api/queue' });
    expect(server.requestCount('/queue')).toBe(1);
    expect(server.requestCount('/api/queue')).toBe(2);
  });

  test('no-api (an old server) is fully healthy without ever needing /api', async () => {
    const server = await sim('no-api');
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({ ok: true, step: 'queue', endpoint: '/queue' });
    expect(result.system?.comfyuiVersion).toBe('0.3.64');
    expect(server.requestCount('/api/queue')).toBe(0);
  });

  test('the remembered form follows the server when it changes', async () => {
    const server = await sim('api-only');
    const probe = prober();
    const run = () => probe.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    expect((await run()).endpoint).toBe('/api/queue');
    await server.setBehaviour(parseBehaviour('no-api'));
    expect((await run()).endpoint).toBe('/queue');
    const apiRequests = server.requestCount('/api/queue');
    expect((await run()).endpoint).toBe('/queue');
    expect(server.requestCount('/api/queue')).toBe(apiRequests);
  });

  test('a path prefix in the URL is kept', async () => {
    const server = await testServer((req, res) => {
      if (req.url === '/comfy/queue') reply(res, 200, JSON_TYPE, fixture('queue-idle.json'));
      else if (req.url === '/comfy/system_stats')
        reply(res, 200, JSON_TYPE, fixture('system_stats-2024-10.json'));
      else reply(res, 404, 'text/plain', '404: Not Found');
    });
    const result = await probeOnce(`${server.url}/comfy`);
    expect(result).toMatchObject({ ok: true, endpoint: '/queue' });
    expect(result.system?.comfyuiVersion).toBe('v0.2.3-21-g8ab0a9c');
    expect(server.paths).toEqual(['/comfy/queue', '/comfy/system_stats']);
  });
});

describe('failing servers', () => {
  test('refuse: connection refused ends the probe', async () => {
    const server = await sim('refuse');
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'refused',
      error: '/queue: connection refused (ECONNREFUSED)',
    });
  });

  test.each(['hang', 'drip'])('%s: ends at the deadline of the whole probe with timeout', async (name) => {
    const server = await sim(name);
    const started = performance.now();
    const result = await probeOnce(server.url, SHORT_TIMEOUT_MS);
    const elapsed = performance.now() - started;
    expect(failure(result)).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'timeout',
      error: `/queue: no complete answer within the ${SHORT_TIMEOUT_MS} ms deadline`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(SHORT_TIMEOUT_MS + 1000);
    expect(result.durationMs).toBeLessThan(SHORT_TIMEOUT_MS + 1000);
    // A timeout is connection-level: no other path was tried.
    expect(server.requestCount()).toBe(1);
  });

  test('the deadline covers every step together, not each step', async () => {
    // Every path answers 404 after 150 ms: ten steps would take 1.5 s; the probe has 500 ms.
    const server = await testServer((_req, res) => {
      setTimeout(() => reply(res, 404, 'text/plain', '404: Not Found'), 150);
    });
    const started = performance.now();
    const result = await probeOnce(server.url, SHORT_TIMEOUT_MS);
    expect(result.errorKind).toBe('timeout');
    expect(result.error).toMatch(/deadline/);
    expect(performance.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + 1000);
    expect(server.paths.length).toBeGreaterThanOrEqual(2);
    expect(server.paths.length).toBeLessThan(LADDER_PATHS.length);
  });

  test('502 behind a proxy: http, every step in both forms tried, the first failure reported', async () => {
    const server = await sim('502');
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'http',
      error: '/queue answered 502 text/html ("502 Bad Gateway")',
    });
    for (const path of LADDER_PATHS) expect(server.requestCount(path)).toBe(1);
    expect(server.requestCount()).toBe(LADDER_PATHS.length);
    expect(server.requestCount('/history')).toBe(0);
  });

  test('sleeping workspace: not-comfyui quoting the page title', async () => {
    const server = await sim('sleeping');
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'not-comfyui',
      error: '/queue answered 200 text/html ("Workspace is asleep")',
    });
    // Its `/` page is HTML too, but not ComfyUI's.
    expect(server.requestCount('/')).toBe(1);
  });

  test('login: a redirect is blocked and ends the probe (not followed)', async () => {
    const server = await sim('login');
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'blocked',
      error: '/queue: 302 to /login',
    });
    expect(server.requestCount()).toBe(1);
    expect(server.requestCount('/login')).toBe(0);
  });

  test('401: blocked, naming the challenge', async () => {
    const server = await sim('401');
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'blocked',
      error: '/queue: 401 Unauthorized (WWW-Authenticate: Basic realm="ComfyUI")',
    });
    expect(server.requestCount()).toBe(1);
  });

  test('wrong-shape: generic JSON and an empty history are no evidence; bare /history is never requested', async () => {
    const server = await sim('wrong-shape');
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'not-comfyui',
      error: '/queue answered 200 application/json ({"status": "ok"}): queue_running is not an array',
    });
    expect(server.requestCount('/history?max_items=1')).toBe(1);
    expect(server.requestCount('/api/history?max_items=1')).toBe(1);
    expect(server.requestCount('/history')).toBe(0);
    expect(server.requestCount('/api/history')).toBe(0);
  });

  test('reset mid-body: reset ends the probe', async () => {
    const server = await sim('reset');
    const result = await probeOnce(server.url);
    expect(result.errorKind).toBe('reset');
    expect(result.error).toMatch(/^\/queue: connection reset \(/);
    expect(server.requestCount()).toBe(1);
  });

  test('flap: every other probe fails with reset', async () => {
    const server = await sim('flap');
    const probe = prober();
    const kinds: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await probe.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
      kinds.push(result.ok ? 'ok' : result.errorKind);
    }
    expect(kinds).toEqual(['ok', 'reset', 'ok', 'reset']);
  });

  test('a 403 (here: ComfyUI refusing a configured foreign Origin) is blocked', async () => {
    const server = await sim('idle');
    const result = await probeOnce(server.url, TIMEOUT_MS, {
      headers: { Origin: 'http://evil.example.com' },
    });
    expect(failure(result)).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'blocked',
      error: '/queue: 403 Forbidden',
    });
  });

  test('a redirect to another origin is blocked with its Location, credentials stripped', async () => {
    const server = await testServer((_req, res) => {
      res.writeHead(301, { location: 'https://user:secret@auth.example.com/sign-in' });
      res.end();
    });
    const result = await probeOnce(server.url);
    expect(failure(result)).toMatchObject({
      errorKind: 'blocked',
      error: '/queue: 301 to https://auth.example.com/sign-in',
    });
  });
});

describe('the ladder', () => {
  const only = (paths: Record<string, [string, string | Buffer]>) =>
    testServer((req, res) => {
      const answer = paths[req.url ?? ''];
      if (answer) reply(res, 200, answer[0], answer[1]);
      else reply(res, 404, 'text/plain; charset=utf-8', '404: Not Found');
    });

  test('/prompt alone: the total only, and /system_stats beside it', async () => {
    const server = await only({
      '/prompt': [JSON_TYPE, fixture('prompt-get-busy.json')],
      '/system_stats': [JSON_TYPE, fixture('system_stats-cpu.json')],
    });
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({
      ok: true,
      step: 'prompt',
      endpoint: '/prompt',
      queue: { running: null, pending: null, total: 4 },
    });
    expect(result.system?.devices[0].name).toBe('cpu');
    expect(server.paths).toEqual(['/queue', '/api/queue', '/prompt', '/system_stats']);
  });

  test('/system_stats alone (old shape): degraded evidence without queue', async () => {
    const server = await only({ '/api/system_stats': [JSON_TYPE, fixture('system_stats-2023-07.json')] });
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({
      ok: true,
      step: 'system_stats',
      endpoint: '/api/system_stats',
      queue: null,
    });
    expect(result.system?.devices[0].vramTotal).toBe(10485104640);
    expect(server.paths).toEqual([
      '/queue',
      '/api/queue',
      '/prompt',
      '/api/prompt',
      '/system_stats',
      '/api/system_stats',
    ]);
  });

  test('/history?max_items=1 with a real entry validates; no extra /system_stats after step 3', async () => {
    const server = await only({ '/history?max_items=1': [JSON_TYPE, fixture('history-max_items-1.json')] });
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({
      ok: true,
      step: 'history',
      endpoint: '/history?max_items=1',
      system: null,
    });
    expect(server.paths.filter((p) => p.includes('system_stats'))).toEqual([
      '/system_stats',
      '/api/system_stats',
    ]);
    expect(server.paths).not.toContain('/history');
  });

  test("/ with ComfyUI's title validates last", async () => {
    const page =
      '<!DOCTYPE html><html><head><title>ComfyUI</title></head><body><div id="vue-app"></div></body></html>';
    const server = await only({ '/': ['text/html', page] });
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({ ok: true, step: 'root', endpoint: '/', queue: null, system: null });
    expect(server.paths).toHaveLength(LADDER_PATHS.length - 1);
  });

  test('truncated JSON is not-comfyui', async () => {
    const truncated = fixture('queue-busy.json').subarray(0, 200);
    const server = await only({ '/queue': [JSON_TYPE, truncated] });
    const result = await probeOnce(server.url);
    expect(result.errorKind).toBe('not-comfyui');
    expect(result.error).toMatch(
      /^\/queue answered 200 application\/json \(\{"queue_running": \[\[41, .*…\): not valid JSON$/,
    );
  });

  test('a /system_stats that stalls beside /queue never changes the verdict', async () => {
    const server = await testServer((req, res) => {
      if (req.url === '/queue') reply(res, 200, JSON_TYPE, fixture('queue-idle.json'));
      // /system_stats never answers (it can stall while a job runs).
    });
    const result = await probeOnce(server.url, SHORT_TIMEOUT_MS);
    expect(result).toMatchObject({ ok: true, step: 'queue', system: null, errorKind: null, error: null });
    expect(result.durationMs).toBeLessThan(SHORT_TIMEOUT_MS + 1000);
  });

  test('includeSystem: false skips /system_stats', async () => {
    const server = await sim('idle');
    const result = await prober().probe(target(server.url), { timeoutMs: TIMEOUT_MS, includeSystem: false });
    expect(result).toMatchObject({ ok: true, endpoint: '/queue', system: null });
    expect(server.requestCount('/system_stats')).toBe(0);
  });

  test('a cancelled probe ends at once', async () => {
    const server = await sim('hang');
    const controller = new AbortController();
    const pending = prober().probe(target(server.url), { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, errorKind: 'timeout', error: '/queue: probe cancelled' });
    expect(result.durationMs).toBeLessThan(5000);
  });
});

describe('byte caps', () => {
  const queueOf = (bytes: number) => {
    // A valid queue padded with a big extra_data, as web-UI workflows make it.
    const head = '{"queue_running": [[1, "id", {}, {"pad": "';
    const tail = '"}, []]], "queue_pending": []}';
    return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
  };

  test('5 MiB on /queue and 300 KiB on /system_stats: too-large each, the next step validates, no crash', async () => {
    const server = await testServer((req, res) => {
      if (req.url === '/queue') reply(res, 200, JSON_TYPE, queueOf(5 * 1024 * 1024), true);
      else if (req.url === '/system_stats') reply(res, 200, JSON_TYPE, ' '.repeat(300 * 1024));
      else if (req.url === '/prompt') reply(res, 200, JSON_TYPE, fixture('prompt-get-idle.json'));
      else reply(res, 404, 'text/plain', '404: Not Found');
    });
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({ ok: true, step: 'prompt', endpoint: '/prompt', system: null });
  });

  test('a 3 MiB queue is within the /queue cap', async () => {
    const server = await testServer((req, res) => {
      if (req.url === '/queue') reply(res, 200, JSON_TYPE, queueOf(3 * 1024 * 1024), true);
      else reply(res, 404, 'text/plain', '404: Not Found');
    });
    const result = await probeOnce(server.url);
    expect(result).toMatchObject({ ok: true, step: 'queue', queue: { running: 1, pending: 0, total: 1 } });
  });

  test('every step over its cap: too-large, the first step reported', async () => {
    const server = await testServer((req, res) => {
      const big = req.url?.includes('queue') ? 5 * 1024 * 1024 : 300 * 1024;
      reply(res, 200, JSON_TYPE, 'x'.repeat(big), req.url === '/queue');
    });
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'too-large',
      error: '/queue answered 200 with a body over the 4 MiB cap',
    });
    expect(server.paths).toHaveLength(LADDER_PATHS.length);
  });
});

describe('requests', () => {
  test('no Origin, no Accept-Encoding, our User-Agent, per-target headers', async () => {
    const server = await sim('idle');
    await probeOnce(server.url, TIMEOUT_MS, { headers: { 'X-Tunnel-Skip-Warning': '1' } });
    const headers = server.lastHeaders;
    expect(headers).not.toBeNull();
    expect(headers?.origin).toBeUndefined();
    expect(headers?.['accept-encoding']).toBeUndefined();
    expect(headers?.['user-agent']).toBe(`ComfyWatch/${APP_VERSION}`);
    expect(headers?.['x-tunnel-skip-warning']).toBe('1');
    expect(DEFAULT_USER_AGENT).toBe(`ComfyWatch/${APP_VERSION}`);
  });

  test('APP_VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(APP_VERSION).toBe(pkg.version);
  });

  test('credentials from the URL arrive as Basic Authorization', async () => {
    const server = await sim('idle');
    const withCredentials = server.url.replace('http://', 'http://comfy:p%40ss@');
    const [parsed] = toProbeTargets(parseServerList(withCredentials).servers);
    expect(parsed.url).toBe(server.url);
    const result = await prober().probe(parsed, { timeoutMs: TIMEOUT_MS });
    expect(result.ok).toBe(true);
    expect(server.lastHeaders?.authorization).toBe(`Basic ${Buffer.from('comfy:p@ss').toString('base64')}`);
  });

  test('a configured User-Agent replaces ours instead of doubling it', async () => {
    const server = await sim('idle');
    await probeOnce(server.url, TIMEOUT_MS, { headers: { 'User-Agent': 'Custom/1' } });
    expect(server.lastHeaders?.['user-agent']).toBe('Custom/1');
  });

  test('concurrent probes of one server are coalesced into one', async () => {
    const server = await sim('slow:100');
    const probe = prober();
    const first = probe.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    const second = probe.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(server.requestCount('/queue')).toBe(1);
    // Once settled, the next call probes again.
    await probe.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    expect(server.requestCount('/queue')).toBe(2);
  });

  test('connections are reused, and recycled past maxConnectionAgeMs', async () => {
    const server = await sim('idle');
    const reusing = prober();
    // A warm probe sends /queue and /system_stats together: the pool then holds two connections.
    await reusing.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    await reusing.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    const warm = server.connectionCount();
    for (let i = 0; i < 5; i += 1) await reusing.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    // Ten more requests; without reuse that is ten more connections. (A connection released a
    // moment after the next request goes out may make the pool open one more.)
    expect(server.connectionCount() - warm).toBeLessThanOrEqual(1);

    const recycling = prober({ maxConnectionAgeMs: 0 });
    const before = server.connectionCount();
    await recycling.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    await recycling.probe(target(server.url), { timeoutMs: TIMEOUT_MS });
    expect(server.connectionCount() - before).toBe(4);
  });
});

describe('name resolution', () => {
  /** A lookup answering in Node's `all: true` style with fixed addresses. */
  const fixedLookup =
    (addresses: LookupAddress[]): LookupFunction =>
    (_hostname, _options, callback) =>
      callback(null, addresses);

  test('a DNS failure is dns and ends the probe', async () => {
    const failing: LookupFunction = (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    const result = await prober({ lookup: failing }).probe(target('http://nowhere.test:8188'), {
      timeoutMs: TIMEOUT_MS,
    });
    expect(failure(result)).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'dns',
      error: 'DNS: cannot resolve nowhere.test (ENOTFOUND)',
    });
  });

  test('a made-up name resolved to 127.0.0.1 works (single-address answer style)', async () => {
    const server = await sim('idle');
    const names: string[] = [];
    const lookup: LookupFunction = (hostname, _options, callback) => {
      names.push(hostname);
      callback(null, '127.0.0.1', 4);
    };
    const result = await prober({ lookup }).probe(target(`http://comfy.test:${server.port}`), {
      timeoutMs: TIMEOUT_MS,
    });
    expect(result).toMatchObject({ ok: true, endpoint: '/queue' });
    expect(names).toContain('comfy.test');
    expect(server.lastHeaders?.host).toBe(`comfy.test:${server.port}`);
  });

  test('localhost answered ::1 first reaches a server on 127.0.0.1 only', async () => {
    const server = await sim('idle', { host: '127.0.0.1' });
    const lookup = fixedLookup([
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ]);
    const result = await prober({ lookup }).probe(target(`http://localhost:${server.port}`), {
      timeoutMs: TIMEOUT_MS,
    });
    expect(result).toMatchObject({ ok: true, endpoint: '/queue' });
  });

  test('localhost answered 127.0.0.1 first reaches a server on ::1 only', async () => {
    const server = await sim('idle', { host: '::1' });
    const lookup = fixedLookup([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    const result = await prober({ lookup }).probe(target(`http://localhost:${server.port}`), {
      timeoutMs: TIMEOUT_MS,
    });
    expect(result).toMatchObject({ ok: true, endpoint: '/queue' });
  });

  test('the system resolver: localhost reaches a server on 127.0.0.1; [::1] literal works', async () => {
    const v4 = await sim('idle', { host: '127.0.0.1' });
    expect((await probeOnce(`http://localhost:${v4.port}`)).ok).toBe(true);
    const v6 = await sim('busy:2', { host: '::1' });
    expect(await probeOnce(v6.url)).toMatchObject({ ok: true, queue: { total: 2 } });
  });
});

describe('TLS', () => {
  const { key, cert } = makeSelfSignedCert();

  test('a self-signed certificate fails verification with tls', async () => {
    const server = await sim('idle', { tls: { key, cert } });
    expect(failure(await probeOnce(server.url))).toEqual({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'tls',
      error: `TLS: self-signed certificate${TRUST_HINT}`,
    });
    expect(server.requestCount()).toBe(0);
  });

  test('trustSelfSigned accepts it, for that server only', async () => {
    const server = await sim('busy:3', { tls: { key, cert } });
    const probe = prober();
    const trusted = await probe.probe(target(server.url, { trustSelfSigned: true }), {
      timeoutMs: TIMEOUT_MS,
    });
    expect(trusted).toMatchObject({ ok: true, endpoint: '/queue', queue: { total: 3 } });
    const other = await sim('idle', { tls: { key, cert } });
    expect((await probe.probe(target(other.url), { timeoutMs: TIMEOUT_MS })).errorKind).toBe('tls');
  });

  test('https to a plain HTTP port is a tls error saying so, plain HTTP to an https port a reset', async () => {
    const tlsFailure = (error: string) => ({
      ok: false,
      step: null,
      endpoint: null,
      errorKind: 'tls',
      error,
    });
    // The simulator hangs up on bytes that are not HTTP.
    const plain = await sim('idle');
    expect(failure(await probeOnce(plain.url.replace('http:', 'https:')))).toEqual(
      tlsFailure(
        'TLS: the server closed the connection during the TLS handshake: is it http:// rather than https://?',
      ),
    );
    expect(plain.requestCount()).toBe(0);
    // Node's HTTP server (like aiohttp) answers them with a plain-text 400, which OpenSSL reads as a record.
    const answering = await testServer((_req, res) => reply(res, 200, JSON_TYPE, '{}'));
    expect(failure(await probeOnce(answering.url.replace('http:', 'https:')))).toEqual(
      tlsFailure(
        'TLS: the server did not answer with TLS (wrong version number): is it http:// rather than https://?',
      ),
    );
    expect(answering.paths).toEqual([]);
    const secure = await sim('idle', { tls: { key, cert } });
    expect((await probeOnce(secure.url.replace('https:', 'http:'))).errorKind).toBe('reset');
  });

  test.each([
    // Node with OpenSSL: `reason` set, message with a thread id, source file and trailing newline.
    [
      'wrong version number',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      '805C676C817F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
      'TLS: the server did not answer with TLS (wrong version number): is it http:// rather than https://?',
    ],
    // node:https style: no `reason`, the string after the syscall.
    [
      undefined,
      'EPROTO',
      'write EPROTO 807CCCB8E37F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
      'TLS: the server did not answer with TLS (wrong version number): is it http:// rather than https://?',
    ],
    // BoringSSL (Electron): upper-case reason.
    [
      undefined,
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:../../third_party/boringssl/src/ssl/tls_record.cc:231:',
      'TLS: the server did not answer with TLS (wrong version number): is it http:// rather than https://?',
    ],
    // Another reason: shown alone.
    [
      'sslv3 alert handshake failure',
      'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
      '40E7D0E1D07F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1586:SSL alert number 40\n',
      'TLS: sslv3 alert handshake failure',
    ],
    // Node's own sentences are kept.
    [
      undefined,
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'self-signed certificate',
      `TLS: self-signed certificate${TRUST_HINT}`,
    ],
    [
      undefined,
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames: Host: comfy.test. is not in the cert's altnames: DNS:localhost",
      "TLS: Hostname/IP does not match certificate's altnames: Host: comfy.test. is not in the cert's altnames: DNS:localhost",
    ],
    // The server hung up on the handshake.
    [
      undefined,
      'ECONNRESET',
      'Client network socket disconnected before secure TLS connection was established',
      'TLS: the server closed the connection during the TLS handshake: is it http:// rather than https://?',
    ],
  ])('OpenSSL error strings become their reason (%s, %s)', (reason, code, message, error) => {
    const err = Object.assign(new Error(message), { code, reason });
    expect(describeConnectionError(err, '/queue')).toEqual({ kind: 'tls', error });
  });

  test.each(['EHOSTUNREACH', 'ENETUNREACH'])('%s: no route to the host, flagged as such', (code) => {
    const err = Object.assign(new Error(`connect ${code} gpu.example.lan:8188`), { code });
    expect(describeConnectionError(err, '/queue')).toEqual({
      kind: 'refused',
      error: `/queue: no route to the host (${code})`,
      noRoute: true,
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(describeConnectionError(refused, '/queue')).not.toHaveProperty('noRoute');
  });
});
