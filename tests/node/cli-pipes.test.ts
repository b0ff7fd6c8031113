// A reader that goes away early (`comfywatch status | head -1`, `2>&1 >/dev/null | head -1`):
// the write that follows fails with EPIPE, and the command still ends with its own exit code.
// The test closes its end of the CLI's stdout or stderr pipe, as `head` does when it is done.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBehaviour, startSimServer } from '../../src/sim';
import type { SimServer } from '../../src/sim';
import { makeTempHome, startCli } from './cli-harness';
import type { CliProcess, CliResult, TempHome } from './cli-harness';

let home: TempHome | null = null;
let cli: CliProcess | null = null;
let server: Server | null = null;
let sim: SimServer | null = null;
let killTimer: NodeJS.Timeout | undefined;

afterEach(async () => {
  clearTimeout(killTimer);
  if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  await cli?.exited;
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server?.close(resolve));
  await sim?.close();
  home?.remove();
  [home, cli, server, sim] = [null, null, null, null];
});

/** Starts the CLI and at once closes the test's end of one of its pipes; the CLI is killed after 20 s. */
async function startWithClosed(
  stream: 'stdout' | 'stderr',
  args: readonly string[],
): Promise<{ cli: CliProcess; closed: Promise<unknown> }> {
  home = makeTempHome();
  cli = startCli(args, home.env);
  const pipe = cli.child[stream] as Readable;
  const closed = once(pipe, 'close');
  pipe.destroy();
  killTimer = setTimeout(() => cli?.child.kill('SIGKILL'), 20_000);
  return { cli, closed };
}

/**
 * A server that answers every request with a 502, but only once `gate` has resolved: the CLI
 * cannot print its report (or first event) before the test has closed the pipe.
 */
async function gatedBadGateway(gate: Promise<unknown>): Promise<string> {
  server = createServer((_req, res) => {
    void gate.then(() => res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function expectNoCrash(result: CliResult): void {
  expect(result.signal).toBeNull();
  expect(result.stderr).not.toMatch(/internal error|EPIPE|Error:/);
}

describe('stdout closed by its reader', () => {
  it.each(['status', 'status --json', 'best --json'])(
    '%s exits 2 (no usable server), not 0',
    async (command) => {
      let open: () => void = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      const url = await gatedBadGateway(gate);
      const run = await startWithClosed('stdout', [
        ...command.split(' '),
        '--servers',
        url,
        '--timeout',
        '5s',
      ]);
      await run.closed;
      open();
      const result = await run.cli.exited;
      expect(result.code).toBe(2);
      expectNoCrash(result);
    },
  );

  it('watch ends by itself with 0 at its first event', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const url = await gatedBadGateway(gate);
    const run = await startWithClosed('stdout', ['watch', '--servers', url, '--interval', '500ms']);
    await run.closed;
    open();
    const result = await run.cli.exited;
    expect(result.code).toBe(0);
    expectNoCrash(result);
  });

  it('sim ends by itself with 0, closing its servers', async () => {
    const run = await startWithClosed('stdout', ['sim', '--behaviour', 'idle']);
    const result = await run.cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('comfywatch: 1 simulated server running; Ctrl+C to stop\n');
  });
});

describe('stderr closed by its reader', () => {
  it.each([[['status', '--timeout', '99ms']], [['status', '--servers', 'ftp://x', '--config', 'nope.json']]])(
    'a usage error (%j) still exits 64, not 1',
    async (args) => {
      const run = await startWithClosed('stderr', args);
      const result = await run.cli.exited;
      expect(result).toMatchObject({ code: 64, signal: null, stdout: '' });
    },
  );

  it('an unusable settings file still exits 78', async () => {
    const run = await startWithClosed('stderr', ['best', '--config', 'nope.json']);
    expect(await run.cli.exited).toMatchObject({ code: 78, signal: null, stdout: '' });
  });

  it('watch goes on printing events to stdout, and exits 0 on SIGTERM', async () => {
    sim = await startSimServer(parseBehaviour('idle'));
    const run = await startWithClosed('stderr', ['watch', '--servers', sim.url, '--interval', '500ms']);
    const line = await run.cli.waitForLine((l) => l.includes(' best '), 'a best line');
    expect(line).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d best ${sim.url}$`));
    run.cli.child.kill('SIGTERM');
    expect(await run.cli.exited).toMatchObject({ code: 0, signal: null });
  });
});
