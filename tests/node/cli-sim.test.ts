// `sim` through the built CLI: simulated servers that answer, closed on a signal.
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTempHome, startCli } from './cli-harness';
import type { CliProcess, TempHome } from './cli-harness';

let home: TempHome | null = null;
let cli: CliProcess | null = null;

afterEach(async () => {
  if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  await cli?.exited;
  home?.remove();
  [home, cli] = [null, null];
});

function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sim', () => {
  it('prints `URL  behaviour` for servers that answer, and closes them on SIGTERM (exit 0)', async () => {
    home = makeTempHome();
    cli = startCli(
      ['sim', '--behaviour', 'idle', '--behaviour', 'busy:2', '--behaviour', 'api-only'],
      home.env,
    );
    await cli.waitForLine((line) => line.includes('api-only'), 'the third server');
    const servers = cli
      .output()
      .stdout.trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    expect(servers.map(([, behaviour]) => behaviour)).toEqual(['idle', 'busy:2', 'api-only']);
    for (const [url] of servers) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const busy = await getJson(`${servers[1][0]}/queue`);
    expect(busy.status).toBe(200);
    const queue = busy.body as { queue_running: unknown[]; queue_pending: unknown[] };
    expect(queue.queue_running.length + queue.queue_pending.length).toBe(2);
    expect((await getJson(`${servers[2][0]}/api/queue`)).status).toBe(200);
    await vi.waitFor(() =>
      expect(cli?.output().stderr).toBe('comfywatch: 3 simulated servers running; Ctrl+C to stop\n'),
    );

    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    await expect(getJson(`${servers[0][0]}/queue`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('says "1 simulated server" for one', async () => {
    home = makeTempHome();
    cli = startCli(['sim', '--behaviour', 'slow:600000'], home.env);
    await cli.waitForLine((line) => line.endsWith('slow:600000'), 'the server');
    await vi.waitFor(() =>
      expect(cli?.output().stderr).toBe('comfywatch: 1 simulated server running; Ctrl+C to stop\n'),
    );
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('--count alone starts a mixed fleet; exits 0 on SIGINT', async () => {
    home = makeTempHome();
    cli = startCli(['sim', '--count', '3'], home.env);
    await cli.waitForLine((line) => line.includes('refuse'), 'the third server');
    expect(cli.output().stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\s{2,}idle$/),
      expect.stringMatching(/\s{2,}busy:3$/),
      expect.stringMatching(/\s{2,}refuse$/),
    ]);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });
});
