// Faults found by the benchmarks and the soak (bench/), each pinned by a test.
import { afterEach, expect, test } from 'vitest';
import type { ServerResponse } from 'node:http';
import { createProber } from '../../src/main/monitor';
import type { Prober } from '../../src/main/monitor/prober';
import { fixture } from '../../src/sim/fixtures';
import { reply, startTestServer } from '../helpers/http-server';
import type { TestServer } from '../helpers/http-server';

const JSON_TYPE = 'application/json; charset=utf-8';

let server: TestServer | null = null;
let prober: Prober | null = null;
afterEach(async () => {
  await prober?.close();
  await server?.close();
  prober = null;
  server = null;
});

// Found by `npm run bench`: a round over servers at latency L took 2 L, not L. The probe asks
// for /system_stats only after /queue has answered, so every healthy probe waits two round
// trips. DESIGN.md: "/system_stats is also fetched beside it, under the same deadline". Once a
// server's form is known (a second probe), nothing stops the two requests going out together.
test('a warm probe asks for /system_stats beside /queue, not after it', async () => {
  let statsAsked = false;
  let heldQueue: ServerResponse | null = null;
  let gate = false;
  const answerQueue = (res: ServerResponse) => reply(res, 200, JSON_TYPE, fixture('queue-idle.json'));
  server = await startTestServer((req, res) => {
    if (req.url === '/system_stats') {
      statsAsked = true;
      reply(res, 200, JSON_TYPE, fixture('system_stats.json'));
      if (heldQueue) answerQueue(heldQueue);
      heldQueue = null;
    } else if (req.url === '/queue') {
      // While the gate is on, /queue answers only once /system_stats has been asked: a probe
      // that waits for /queue before asking runs into its deadline.
      if (gate && !statsAsked) heldQueue = res;
      else answerQueue(res);
    } else {
      reply(res, 404, 'text/plain; charset=utf-8', '404: Not Found');
    }
  });
  prober = createProber();
  const target = { url: server.url, headers: {}, trustSelfSigned: false };
  const first = await prober.probe(target, { timeoutMs: 2000 });
  expect(first).toMatchObject({ ok: true, endpoint: '/queue' });

  gate = true;
  statsAsked = false;
  const warm = await prober.probe(target, { timeoutMs: 2000 });
  expect(warm).toMatchObject({ ok: true, endpoint: '/queue', errorKind: null });
  expect(warm.system?.comfyuiVersion).toBe('0.3.64');
});
