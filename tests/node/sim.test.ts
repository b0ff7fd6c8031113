import { afterEach, describe, expect, test } from 'vitest';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  BEHAVIOUR_NAMES,
  formatBehaviour,
  mixedFleet,
  parseBehaviour,
  startSimFleet,
  startSimServer,
} from '../../src/sim';
import type { SimServer } from '../../src/sim';
import { fixture } from '../helpers/fixtures';
import { validateQueue } from '../../src/main/monitor/validators';
import { makeSelfSignedCert } from '../helpers/tls';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A plain one-connection client: no Origin, no keep-alive, nothing added. */
function get(
  url: string,
  options: { method?: string; headers?: Record<string, string>; timeoutMs?: number; ca?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
      ca: options.ca,
    });
    req.setTimeout(options.timeoutMs ?? 2000, () => req.destroy(new Error('client timeout')));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const JSON_TYPE = 'application/json; charset=utf-8';
const servers: SimServer[] = [];
async function sim(name: string, options?: Parameters<typeof startSimServer>[1]): Promise<SimServer> {
  const server = await startSimServer(parseBehaviour(name), options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('a healthy simulated ComfyUI', () => {
  test.each([
    ['/queue', 'queue-idle.json'],
    ['/prompt', 'prompt-get-idle.json'],
    ['/system_stats', 'system_stats.json'],
    ['/history?max_items=1', 'history-max_items-1.json'],
    ['/history', 'history-sample.json'],
    ['/history/5a3c7e91-2d4b-4f86-9e0a-b1c3d5e7f924', 'history-by-id.json'],
    ['/history/unknown-id', 'history-empty.json'],
    ['/features', 'features.json'],
  ])('%s serves %s byte for byte, plain and under /api', async (path, name) => {
    const server = await sim('idle');
    for (const url of [server.url + path, `${server.url}/api${path}`]) {
      const answer = await get(url);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe(JSON_TYPE);
      expect(answer.body.equals(fixture(name))).toBe(true);
    }
  });

  test('/ is an HTML page titled ComfyUI; unknown paths are 404 text/plain; a bad max_items is 500', async () => {
    const server = await sim('idle');
    const root = await get(`${server.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toBe('text/html');
    expect(root.body.toString()).toContain('<title>ComfyUI</title>');
    for (const path of ['/nope', '/api/nope', '/queue/', '/api/internal/logs']) {
      const missing = await get(server.url + path);
      expect([missing.status, missing.headers['content-type'], missing.body.toString()]).toEqual([
        404,
        'text/plain; charset=utf-8',
        '404: Not Found',
      ]);
    }
    const bad = await get(`${server.url}/history?max_items=abc`);
    expect(bad.status).toBe(500);
  });

  test('HEAD answers like GET without a body', async () => {
    const server = await sim('idle');
    const head = await get(`${server.url}/system_stats`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe(JSON_TYPE);
    expect(head.headers['content-length']).toBe(String(fixture('system_stats.json').length));
    expect(head.body.length).toBe(0);
  });

  test("ComfyUI's Origin check: a foreign Origin on loopback gets an empty 403", async () => {
    const server = await sim('idle');
    const host = new URL(server.url).host;
    const foreign = await get(`${server.url}/queue`, { headers: { Origin: 'http://evil.example.com' } });
    expect([foreign.status, foreign.headers['content-type'], foreign.body.length]).toEqual([
      403,
      'application/octet-stream',
      0,
    ]);
    expect((await get(`${server.url}/nope`, { headers: { Origin: 'http://localhost:3000' } })).status).toBe(
      403,
    );
    expect((await get(`${server.url}/queue`, { headers: { Origin: `http://127.0.0.1:9999` } })).status).toBe(
      403,
    );
    // Same host, no port in Origin, another scheme, or "null": allowed.
    for (const origin of [`http://${host}`, 'http://127.0.0.1', `https://${host}`, 'null']) {
      expect((await get(`${server.url}/queue`, { headers: { Origin: origin } })).status).toBe(200);
    }
    // A non-loopback Host is not checked.
    const lan = await get(`${server.url}/queue`, {
      headers: { Host: 'comfy.lan:8188', Origin: 'http://evil.example.com' },
    });
    expect(lan.status).toBe(200);
  });

  test('counts requests per path as requested and keeps the last headers', async () => {
    const server = await sim('idle');
    expect(server.lastHeaders).toBeNull();
    await get(`${server.url}/queue`);
    await get(`${server.url}/api/queue`);
    await get(`${server.url}/history?max_items=1`, { headers: { 'X-Test': 'yes' } });
    expect(server.requestCount('/queue')).toBe(1);
    expect(server.requestCount('/api/queue')).toBe(1);
    expect(server.requestCount('/history?max_items=1')).toBe(1);
    expect(server.requestCount('/history')).toBe(0);
    expect(server.requestCount()).toBe(3);
    expect(server.lastHeaders?.['x-test']).toBe('yes');
    expect(server.connectionCount()).toBe(3);
  });

  test('serves https with the given certificate', async () => {
    const { key, cert } = makeSelfSignedCert();
    const server = await sim('idle', { tls: { key, cert } });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await get(`${server.url}/queue`, { ca: cert });
    expect(answer.body.equals(fixture('queue-idle.json'))).toBe(true);
  });

  test('listens on ::1 when asked', async () => {
    const server = await sim('idle', { host: '::1' });
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await get(`${server.url}/queue`)).status).toBe(200);
  });
});

describe('busy:N', () => {
  test('busy:4 is the recorded busy queue, byte for byte', async () => {
    const server = await sim('busy:4');
    expect((await get(`${server.url}/queue`)).body.equals(fixture('queue-busy.json'))).toBe(true);
    expect((await get(`${server.url}/api/prompt`)).body.equals(fixture('prompt-get-busy.json'))).toBe(true);
  });

  test.each([0, 1, 2, 7])(
    'busy:%i has 1 running and N-1 pending, each a real item; /prompt says N',
    async (jobs) => {
      const server = await sim(`busy:${jobs}`);
      const body = (await get(`${server.url}/queue`)).body.toString();
      const queue = JSON.parse(body) as { queue_running: unknown[][]; queue_pending: unknown[][] };
      expect(validateQueue(queue)).toEqual({
        ok: true,
        value: { running: Math.min(jobs, 1), pending: Math.max(jobs - 1, 0), total: jobs },
      });
      const ids = [...queue.queue_running, ...queue.queue_pending].map((item) => item[1]);
      expect(new Set(ids).size).toBe(jobs);
      if (jobs > 0) expect(body).toContain('"cfg": 7.0'); // Python's float formatting kept
      const prompt = JSON.parse((await get(`${server.url}/prompt`)).body.toString());
      expect(prompt).toEqual({ exec_info: { queue_remaining: jobs } });
    },
  );
});

describe('failing behaviours', () => {
  test('refuse closes the port; leaving it re-listens on the same port', async () => {
    const server = await sim('idle');
    expect((await get(`${server.url}/queue`)).status).toBe(200);
    await server.setBehaviour(parseBehaviour('refuse'));
    await expect(get(`${server.url}/queue`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await server.setBehaviour(parseBehaviour('idle'));
    expect((await get(`${server.url}/queue`)).status).toBe(200);
  });

  test('a server started as refuse has a port that refuses', async () => {
    const server = await sim('refuse');
    expect(server.port).toBeGreaterThan(0);
    await expect(get(`${server.url}/queue`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await server.setBehaviour(parseBehaviour('busy:2'));
    expect((await get(`${server.url}/prompt`)).body.toString()).toBe(
      '{"exec_info": {"queue_remaining": 2}}\n',
    );
  });

  test('hang accepts and never answers', async () => {
    const server = await sim('hang');
    await expect(get(`${server.url}/queue`, { timeoutMs: 300 })).rejects.toThrow('client timeout');
    expect(server.requestCount('/queue')).toBe(1);
  });

  test('drip sends headers, then a byte at a time, never the end', async () => {
    const server = await sim('drip');
    const received = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/queue`, { agent: false }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes >= 2) {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, bytes });
          }
        });
        res.on('end', () => reject(new Error('drip ended')));
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(received).toEqual({ status: 200, bytes: 2 });
  });

  test('reset sends headers and part of the body, then drops the connection', async () => {
    const server = await sim('reset');
    await expect(get(`${server.url}/queue`)).rejects.toThrow();
  });

  test.each<[string, string, number, string, RegExp]>([
    ['502', '/queue', 502, 'text/html', /<title>502 Bad Gateway<\/title>/],
    ['sleeping', '/system_stats', 200, 'text/html; charset=utf-8', /<title>Workspace is asleep<\/title>/],
    ['sleeping', '/', 200, 'text/html; charset=utf-8', /Workspace is asleep/],
    ['login', '/queue', 302, 'text/plain; charset=utf-8', /Redirecting to \/login/],
    ['login', '/login', 200, 'text/html; charset=utf-8', /Sign in/],
    ['401', '/api/queue', 401, 'text/html', /401 Authorization Required/],
    ['wrong-shape', '/queue', 200, 'application/json', /^\{"status": "ok"\}$/],
    ['wrong-shape', '/', 200, 'application/json', /^\{"status": "ok"\}$/],
    ['wrong-shape', '/history?max_items=1', 200, 'application/json', /^\{\}$/],
    ['wrong-shape', '/api/history?max_items=1', 200, 'application/json', /^\{\}$/],
  ])('%s: GET %s answers %i %s', async (name, path, status, type, body) => {
    const server = await sim(name);
    const answer = await get(server.url + path);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.body.toString()).toMatch(body);
    if (name === 'login' && status === 302) expect(answer.headers.location).toBe('/login');
    if (name === '401') expect(answer.headers['www-authenticate']).toBe('Basic realm="ComfyUI"');
  });

  test('api-only answers under /api only; no-api (an old server) the other way round, without an Origin check', async () => {
    const apiOnly = await sim('api-only');
    expect((await get(`${apiOnly.url}/queue`)).status).toBe(404);
    expect((await get(`${apiOnly.url}/api/queue`)).body.equals(fixture('queue-idle.json'))).toBe(true);
    const old = await sim('no-api');
    expect((await get(`${old.url}/api/queue`)).status).toBe(404);
    expect((await get(`${old.url}/queue`)).body.equals(fixture('queue-idle.json'))).toBe(true);
    const foreign = { Origin: 'http://evil.example.com' };
    expect((await get(`${old.url}/queue`, { headers: foreign })).status).toBe(200);
    expect((await get(`${apiOnly.url}/api/queue`, { headers: foreign })).status).toBe(403);
  });

  test('flap drops every other /queue request (either form) and nothing else', async () => {
    const server = await sim('flap');
    const outcomes: string[] = [];
    for (const path of ['/queue', '/api/queue', '/system_stats', '/queue', '/api/queue']) {
      outcomes.push(
        await get(server.url + path).then(
          (answer) => String(answer.status),
          () => 'dropped',
        ),
      );
    }
    expect(outcomes).toEqual(['200', 'dropped', '200', '200', 'dropped']);
  });

  test('setBehaviour switches live', async () => {
    const server = await sim('idle');
    await server.setBehaviour(parseBehaviour('502'));
    expect(server.behaviour).toEqual({ name: '502' });
    expect((await get(`${server.url}/queue`)).status).toBe(502);
    await server.setBehaviour(parseBehaviour('busy:3'));
    expect((await get(`${server.url}/prompt`)).body.toString()).toContain('"queue_remaining": 3');
  });

  test('slow:MS delays every answer by MS', async () => {
    const server = await sim('slow:150');
    const started = performance.now();
    const answer = await get(`${server.url}/queue`);
    expect(answer.body.equals(fixture('queue-idle.json'))).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  test('close() ends hanging and dripping connections', async () => {
    const hang = await startSimServer(parseBehaviour('hang'));
    const drip = await startSimServer(parseBehaviour('drip'));
    const pending = [
      get(`${hang.url}/queue`, { timeoutMs: 10_000 }),
      get(`${drip.url}/queue`, { timeoutMs: 10_000 }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all([hang.close(), drip.close()]);
    const results = await Promise.allSettled(pending);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('behaviour names', () => {
  test.each([
    ['idle', { name: 'idle' }],
    [' Busy:12 ', { name: 'busy', jobs: 12 }],
    ['busy:0', { name: 'busy', jobs: 0 }],
    ['slow:800', { name: 'slow', delayMs: 800 }],
    ['slow:600000', { name: 'slow', delayMs: 600_000 }],
    ['busy:10000', { name: 'busy', jobs: 10_000 }],
    ['502', { name: '502' }],
    ['wrong-shape', { name: 'wrong-shape' }],
    ['reset', { name: 'reset' }],
  ])('%s', (text, behaviour) => {
    expect(parseBehaviour(text)).toEqual(behaviour);
    expect(parseBehaviour(formatBehaviour(parseBehaviour(text)))).toEqual(behaviour);
  });

  test.each([
    ['sleepy', /unknown behaviour "sleepy"/],
    ['busy', /bad behaviour "busy"/],
    ['busy:x', /bad behaviour "busy:x"/],
    ['busy:-1', /bad behaviour "busy:-1"/],
    ['slow:0', /bad behaviour "slow:0"/],
    ['slow', /bad behaviour "slow"/],
    ['slowly', /unknown behaviour "slowly"/],
    ['', /unknown behaviour ""/],
    [
      'slow:600001',
      'bad behaviour "slow:600001": slow needs a delay from 1 to 600000 ms (10 min), e.g. slow:800',
    ],
    ['slow:99999999999999', /bad behaviour "slow:99999999999999": .* to 600000 ms \(10 min\)/],
    ['busy:10001', 'bad behaviour "busy:10001": busy needs a queue length from 0 to 10000 jobs, e.g. busy:3'],
    ['busy:100000000', /bad behaviour "busy:100000000": .* to 10000 jobs/],
  ])('%s is rejected', (text, message) => {
    expect(() => parseBehaviour(text)).toThrow(message);
  });

  test('a server refuses a behaviour past the limits, from the start or as a switch', async () => {
    await expect(startSimServer({ name: 'slow', delayMs: 2 ** 31 })).rejects.toThrow(
      /^cannot simulate slow:2147483648: slow needs a delay from 1 to 600000 ms/,
    );
    const server = await sim('busy:2');
    expect(() => server.setBehaviour({ name: 'busy', jobs: 10_001 })).toThrow(RangeError);
    expect(() => server.setBehaviour({ name: 'slow', delayMs: 0.5 })).toThrow(/slow needs a delay/);
    expect(server.behaviour).toEqual({ name: 'busy', jobs: 2 });
    const prompt = JSON.parse((await get(`${server.url}/prompt`)).body.toString()) as unknown;
    expect(prompt).toEqual({ exec_info: { queue_remaining: 2 } });
  });

  test('BEHAVIOUR_NAMES lists every documented name', () => {
    expect(BEHAVIOUR_NAMES).toEqual(
      expect.arrayContaining([
        'idle',
        'busy:N',
        'slow:MS',
        'refuse',
        'hang',
        'drip',
        '502',
        'sleeping',
        'login',
        '401',
        'wrong-shape',
        'api-only',
        'no-api',
        'flap',
      ]),
    );
    for (const name of BEHAVIOUR_NAMES)
      expect(() => parseBehaviour(name.replace(/:(N|MS)$/, ':5'))).not.toThrow();
  });

  test('mixedFleet starts healthy and varies, failures included even in a small fleet', () => {
    const fleet = mixedFleet(20).map(formatBehaviour);
    expect(fleet).toHaveLength(20);
    expect(fleet.slice(0, 4)).toEqual(['idle', 'busy:3', 'refuse', 'sleeping']);
    expect(new Set(fleet).size).toBeGreaterThanOrEqual(14);
    expect(mixedFleet(0)).toEqual([]);
  });
});

describe('startSimFleet', () => {
  test('starts one server per behaviour on distinct ports and closes them all', async () => {
    const fleet = await startSimFleet(mixedFleet(4));
    expect(fleet.servers.map((s) => formatBehaviour(s.behaviour))).toEqual([
      'idle',
      'busy:3',
      'refuse',
      'sleeping',
    ]);
    expect(new Set(fleet.servers.map((s) => s.port)).size).toBe(4);
    expect((await get(`${fleet.servers[1].url}/prompt`)).body.toString()).toContain('"queue_remaining": 3');
    await fleet.close();
    await expect(get(`${fleet.servers[0].url}/queue`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
