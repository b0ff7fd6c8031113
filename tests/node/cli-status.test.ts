// `status` and `best` through the built CLI against simulated servers started in this process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBehaviour, startSimFleet } from '../../src/sim';
import type { SimFleet } from '../../src/sim';
import type { FleetReport } from '../../src/shared/types';
import { makeTempHome, runCli, startCli } from './cli-harness';
import type { TempHome } from './cli-harness';

const MIXED = ['idle', 'busy:3', 'api-only', 'refuse', 'hang', 'sleeping', 'login', 'wrong-shape'] as const;

let home: TempHome;
let fleet: SimFleet;
let list: string;
const url = (name: (typeof MIXED)[number]) => fleet.servers[MIXED.indexOf(name)].url;

beforeAll(async () => {
  home = makeTempHome();
  fleet = await startSimFleet(MIXED.map(parseBehaviour));
  list = fleet.servers.map((server) => server.url).join(',');
});
afterAll(async () => {
  await fleet.close();
  home.remove();
});

describe('status and best on a mixed fleet', () => {
  let json: Awaited<ReturnType<typeof runCli>>;
  let table: Awaited<ReturnType<typeof runCli>>;
  let best: Awaited<ReturnType<typeof runCli>>;
  let bestJson: Awaited<ReturnType<typeof runCli>>;
  // One concurrent batch: each run waits for the hanging server's 1 s deadline.
  beforeAll(async () => {
    const args = ['--servers', list, '--timeout', '1s'];
    [json, table, best, bestJson] = await Promise.all([
      runCli(['status', '--json', ...args], home.env),
      runCli(['status', ...args], home.env),
      runCli(['best', ...args], home.env),
      runCli(['best', '--json', ...args], home.env),
    ]);
  });

  it('status --json prints the FleetReport: order, ranks, states and error kinds', () => {
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as FleetReport;
    expect(new Date(report.checkedAt).toISOString()).toBe(report.checkedAt);
    expect(report.best).toBe(url('idle'));
    expect(report.servers.map((s) => [s.url, s.role, s.priority])).toEqual(
      MIXED.map((name, i) => [url(name), i === 0 ? 'primary' : 'backup', i + 1]),
    );
    const byName = (name: (typeof MIXED)[number]) => report.servers[MIXED.indexOf(name)];

    expect(byName('idle')).toMatchObject({
      rank: 1,
      healthy: true,
      state: 'up',
      endpoint: '/queue',
      error: null,
    });
    expect(byName('idle').queue).toEqual({ running: 0, pending: 0, total: 0 });
    expect(byName('api-only')).toMatchObject({ rank: 2, healthy: true, state: 'up', endpoint: '/api/queue' });
    // The busy server is usable but ranked after the idle ones.
    expect(byName('busy:3')).toMatchObject({
      rank: 3,
      healthy: true,
      queue: { running: 1, pending: 2, total: 3 },
    });
    expect(
      (['refuse', 'hang', 'sleeping', 'login', 'wrong-shape'] as const).map((name) => {
        const s = byName(name);
        return [name, s.state, s.errorKind, s.healthy, s.rank, typeof s.error];
      }),
    ).toEqual([
      ['refuse', 'down', 'refused', false, null, 'string'],
      ['hang', 'down', 'timeout', false, null, 'string'],
      ['sleeping', 'down', 'not-comfyui', false, null, 'string'],
      ['login', 'blocked', 'blocked', false, null, 'string'],
      ['wrong-shape', 'down', 'not-comfyui', false, null, 'string'],
    ]);
  });

  it('status prints an aligned table, each unusable server with its reason, and the best', () => {
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+STATE\s+ROLE\s+URL\s+QUEUE R\/P\/T\s+PRIO\s+TIME\s+ENDPOINT$/);
    const rows = lines.slice(1, 1 + MIXED.length);
    // Aligned: every row's URL starts in the header's URL column.
    const urlColumn = lines[0].indexOf('URL');
    rows.forEach((row, i) => expect(row.indexOf(url(MIXED[i]))).toBe(urlColumn));
    expect(rows[0]).toMatch(/^\*\s+up\s+primary\s+\S+\s+0\/0\/0\s+1\s+\d+ ms\s+\/queue$/);
    expect(rows[1]).toMatch(/^\s+up\s+backup\s+\S+\s+1\/2\/3\s+2\s+\d+ ms\s+\/queue$/);
    expect(rows[2]).toMatch(/\/api\/queue$/);
    expect(rows[3]).toMatch(/^\s+down\s+backup\s+\S+\s+-\s+4\s+-\s+-$/);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${url('refuse')}: down \\(refused\\): .+`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${url('hang')}: down \\(timeout\\): .+`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${url('login')}: blocked: .+`)));
    expect(lines.filter((line) => /^http:\/\/\S+: /.test(line))).toHaveLength(5);
    expect(lines.at(-1)).toBe(`best: ${url('idle')}`);
    expect(table.stderr).toBe('');
  });

  it('best prints the URL alone, or {"best": url} with --json', () => {
    expect(best).toMatchObject({ code: 0, stdout: `${url('idle')}\n`, stderr: '' });
    expect(bestJson.code).toBe(0);
    expect(JSON.parse(bestJson.stdout)).toEqual({ best: url('idle') });
  });
});

describe('when no server is usable', () => {
  it('status, best and best --json exit 2; best prints nothing', async () => {
    const servers = (['refuse', 'login', 'wrong-shape'] as const).map(url).join(' ');
    const args = ['--servers', servers, '--timeout', '2s'];
    const [status, best, bestJson] = await Promise.all([
      runCli(['status', ...args], home.env),
      runCli(['best', ...args], home.env),
      runCli(['best', '--json', ...args], home.env),
    ]);
    expect(status.code).toBe(2);
    expect(status.stdout.trimEnd().split('\n').at(-1)).toBe('no usable server');
    expect(best).toMatchObject({ code: 2, stdout: '' });
    expect(bestJson.code).toBe(2);
    expect(JSON.parse(bestJson.stdout)).toEqual({ best: null });
  });
});

describe('what each command asks', () => {
  it('status reads version and VRAM from /system_stats; best asks only what the verdict needs', async () => {
    const own = await startSimFleet([parseBehaviour('idle')]);
    try {
      const [server] = own.servers;
      const best = await runCli(['best', '--servers', server.url], home.env);
      expect(best.code).toBe(0);
      expect(server.requestCount('/queue')).toBe(1);
      expect(server.requestCount('/system_stats')).toBe(0);

      const status = await runCli(['status', '--json', '--servers', server.url], home.env);
      expect(JSON.parse(status.stdout).servers[0].system.comfyuiVersion).toBe('0.3.64');
      expect(server.requestCount('/system_stats')).toBe(1);
    } finally {
      await own.close();
    }
  });
});

describe('--policy', () => {
  it('prefer-primary picks the primary even when busy', async () => {
    const servers = [url('busy:3'), url('idle')].join(',');
    const run = await runCli(['best', '--servers', servers, '--policy', 'prefer-primary'], home.env);
    expect(run).toMatchObject({ code: 0, stdout: `${url('busy:3')}\n` });
  });
});

describe('status probes every server at once', () => {
  it('five hanging servers all get their request while the first is still waiting', async () => {
    const hangs = await startSimFleet(Array.from({ length: 5 }, () => parseBehaviour('hang')));
    try {
      // Probed one after another, the fifth request would come 4 x 2 s after the first.
      const run = startCli(
        ['status', '--json', '--timeout', '2s', '--servers', hangs.servers.map((s) => s.url).join(',')],
        home.env,
      );
      const allAsked = () => hangs.servers.every((server) => server.requestCount() > 0);
      for (let waited = 0; !allAsked() && waited < 6_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(hangs.servers.map((server) => server.requestCount('/queue'))).toEqual([1, 1, 1, 1, 1]);
      expect(run.child.exitCode).toBeNull();

      const result = await run.exited;
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout) as FleetReport;
      expect(report.servers.map((s) => s.errorKind)).toEqual(Array(5).fill('timeout'));
    } finally {
      await hangs.close();
    }
  });
});
