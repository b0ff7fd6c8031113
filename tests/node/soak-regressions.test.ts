// Faults found by the benchmarks and the soak (bench/), each pinned by a test.
import { afterEach, expect, test } from 'vitest';
import type { ServerResponse } from 'node:http';
import { createProber, Monitor } from '../../src/main/monitor';
import type { ProbeResult } from '../../src/main/monitor';
import type { Prober } from '../../src/main/monitor/prober';
import { fixture } from '../helpers/fixtures';
import { reply, startTestServer } from '../helpers/http-server';
import type { TestServer } from '../helpers/http-server';

const JSON_TYPE = 'application/json; charset=utf-8';

let server: TestServer | null = null;
let prober: Prober | null = null;
let monitor: Monitor | null = null;
afterEach(async () => {
  monitor?.stop();
  monitor = null;
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

/** Polls (no timing assertion: the limit only stops a broken test from hanging). */
async function until(condition: () => boolean, step: () => void = () => undefined): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error('condition not reached');
    step();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Found by `npm run soak` (its "restart" fault: stop() then start()): "2 probes in flight" and
// "a cancelled probe was judged: /queue: probe cancelled". stop() aborts the probe in flight and
// forgets it at once; start() probes again, and the prober, which coalesces calls per URL, hands
// back the aborted probe's promise. Its "probe cancelled" (a timeout) is judged as the server's
// answer: a healthy server whose probe was in flight goes unknown -> down, with a false
// all-down. The same happens to a second Monitor that shares the prober after the first stops.
test('a monitor restarted while a probe is in flight judges a fresh probe, not the cancelled one', async () => {
  const held: ServerResponse[] = [];
  server = await startTestServer((req, res) => {
    if (req.url === '/queue') held.push(res);
    else if (req.url === '/system_stats') reply(res, 200, JSON_TYPE, fixture('system_stats.json'));
    else reply(res, 404, 'text/plain; charset=utf-8', '404: Not Found');
  });
  prober = createProber();
  const results: ProbeResult[] = [];
  monitor = new Monitor({
    targets: [{ url: server.url, headers: {}, trustSelfSigned: false }],
    intervalMs: 60_000,
    timeoutMs: 10_000,
    fall: 3,
    rise: 2,
    recheckMs: 1000,
    downMaxMs: 60_000,
    slowMs: 2000,
    policy: 'least-busy',
    probe: prober.probe,
  });
  monitor.on('probe', (result) => results.push(result));
  monitor.start();
  await until(() => held.length === 1);

  monitor.stop();
  monitor.start();
  // From now on the server answers every /queue it was asked (the held one is already aborted).
  const answerHeld = () => {
    for (const res of held.splice(0))
      if (!res.destroyed) reply(res, 200, JSON_TYPE, fixture('queue-idle.json'));
  };
  await until(() => results.length > 0, answerHeld);

  expect(results[0]).toMatchObject({ ok: true, endpoint: '/queue', errorKind: null });
  expect(monitor.snapshot().servers[0].state).toBe('up');
});
