// Runs the built CLI (`node bin/comfywatch.js`, built by `npm run build:cli`, which `npm test`
// runs first) as a child process with a private HOME, so the real user's settings are never read.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(REPO_ROOT, 'bin', 'comfywatch.js');
const BUNDLE = path.join(REPO_ROOT, 'out', 'node', 'comfywatch.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A temporary HOME (and config folder) for one test file; `settingsPath` is where the app's file would be. */
export interface TempHome {
  dir: string;
  env: NodeJS.ProcessEnv;
  settingsPath: string;
  /** Writes a file in the temp dir and returns its path; objects are written as JSON. */
  write(name: string, content: unknown): string;
  remove(): void;
}

export function makeTempHome(): TempHome {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build:cli\` first`);
  const dir = mkdtempSync(path.join(tmpdir(), 'comfywatch-cli-'));
  const configHome = path.join(dir, '.config');
  return {
    dir,
    // Only what node needs: nothing from the real environment (COMFYWATCH_CONFIG, proxies...).
    env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: configHome, APPDATA: configHome, TZ: 'UTC' },
    settingsPath: path.join(configHome, 'ComfyWatch', 'config.json'),
    write(name, content) {
      const file = path.isAbsolute(name) ? name : path.join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the first stdout line that matches, or rejects when the process ends first. */
  waitForLine(match: (line: string) => boolean, what: string): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<CliResult>;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    waiters.forEach((check) => check());
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
      waiters.forEach((check) => check());
    });
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    waitForLine(match, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          // Only complete lines: the last piece is an unfinished line (or '').
          const line = stdout.split('\n').slice(0, -1).find(match);
          if (line !== undefined) {
            waiters.delete(check);
            resolve(line);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(
              new Error(`the CLI ended before printing ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to its end; a run that outlives `timeoutMs` is killed and fails the test. */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
): Promise<CliResult> {
  const run = startCli(args, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    const result = await run.exited;
    if (result.signal === 'SIGKILL')
      throw new Error(`comfywatch ${args.join(' ')} did not end within ${timeoutMs} ms`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}
