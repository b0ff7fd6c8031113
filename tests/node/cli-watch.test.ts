// `watch` through the built CLI: events as they happen, and a clean exit on a signal.
import { afterEach, describe, expect, it } from 'vitest';
import { parseBehaviour, startSimFleet } from '../../src/sim';
import type { SimFleet } from '../../src/sim';
import type { MonitorEvent } from '../../src/shared/types';
import { makeTempHome, startCli } from './cli-harness';
import type { CliProcess, TempHome } from './cli-harness';

let home: TempHome | null = null;
let fleet: SimFleet | null = null;
let cli: CliProcess | null = null;

afterEach(async () => {
  if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  await cli?.exited;
  await fleet?.close();
  home?.remove();
  [home, fleet, cli] = [null, null, null];
});

const isEvent = (type: MonitorEvent['type']) => (line: string) =>
  line.startsWith('{') && (JSON.parse(line) as MonitorEvent).type === type;

describe('watch', () => {
  it('--json prints the first best, then a failover when the best server starts refusing; SIGINT exits 0', async () => {
    home = makeTempHome();
    fleet = await startSimFleet([parseBehaviour('idle'), parseBehaviour('idle')]);
    const [a, b] = fleet.servers;
    // Small waits so the failover comes within a second or two: fall 1, re-check 100 ms.
    const config = home.write('watch.json', {
      servers: [{ url: a.url }, { url: b.url }],
      intervalMs: 500,
      recheckMs: 100,
      fall: 1,
      rise: 1,
      timeoutMs: 1000,
    });
    cli = startCli(['watch', '--json', '--config', config], home.env);

    const best = JSON.parse(await cli.waitForLine(isEvent('best'), 'a best event')) as MonitorEvent;
    expect(best).toEqual({ type: 'best', at: expect.any(String) as unknown, to: a.url });

    await a.setBehaviour(parseBehaviour('refuse'));
    const failover = JSON.parse(
      await cli.waitForLine(isEvent('failover'), 'a failover event'),
    ) as MonitorEvent;
    expect(failover).toEqual({
      type: 'failover',
      at: expect.any(String) as unknown,
      from: a.url,
      to: b.url,
      reason: expect.stringMatching(/\S/) as unknown,
    });
    expect(Date.parse(failover.at)).toBeGreaterThanOrEqual(Date.parse(best.at));

    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    // Every stdout line is one event object with `type` and `at` first.
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const event of events) expect(Object.keys(event).slice(0, 2)).toEqual(['type', 'at']);
    expect(events.map((e) => e.type)).toContain('state');
    expect(result.stderr).toContain('watching 2 servers every 500ms');
  });

  it('prints people-readable lines and exits 0 on SIGTERM', async () => {
    home = makeTempHome();
    fleet = await startSimFleet([parseBehaviour('idle')]);
    const url = fleet.servers[0].url;
    cli = startCli(['watch', '--servers', url, '--interval', '500ms'], home.env);
    const line = await cli.waitForLine((l) => l.includes(' best '), 'a best line');
    expect(line).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d best ${url}$`));
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });
});
