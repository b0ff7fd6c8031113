// Runs `comfywatch status` as a fresh process, timed from spawn to exit: the cold figures.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetReport } from '../src/shared/types';

/** bin/comfywatch.js, from out/node/ (where the built benchmark runs). */
const CLI_BIN = fileURLToPath(new URL('../../bin/comfywatch.js', import.meta.url));

/** Windows caps a command line at 32,767 characters; longer lists go through a settings file. */
const MAX_LIST_ARGUMENT = 30_000;

export interface StatusRun {
  wallMs: number;
  exitCode: number | null;
  report: FleetReport;
}

export async function runStatus(urls: string[], timeoutMs: number): Promise<StatusRun> {
  const list = urls.join(',');
  const common = ['status', '--json', '--timeout', `${timeoutMs}ms`];
  if (list.length <= MAX_LIST_ARGUMENT) return spawnStatus([...common, '--servers', list]);
  const dir = await mkdtemp(join(tmpdir(), 'comfywatch-bench-'));
  try {
    const config = join(dir, 'config.json');
    const servers = urls.map((url) => ({ url, headers: {}, trustSelfSigned: false }));
    await writeFile(config, JSON.stringify({ version: 1, servers }));
    return await spawnStatus([...common, '--config', config]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnStatus(args: string[]): Promise<StatusRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallMs = performance.now() - started;
      const text = Buffer.concat(stdout).toString('utf8');
      try {
        resolve({ wallMs, exitCode, report: JSON.parse(text) as FleetReport });
      } catch {
        const reason = Buffer.concat(stderr).toString('utf8').slice(0, 500);
        reject(new Error(`comfywatch status exited ${exitCode} without a JSON report: ${reason}`));
      }
    });
  });
}
