// The bench and soak entries need `global.gc` (memory is measured after a forced GC) and, for 1000
// servers, a higher open-file limit: without them they re-run themselves under node --expose-gc,
// through a shell that raises the limit (see fd-limit.ts).
import { spawn } from 'node:child_process';
import { fdsNeeded, withRaisedLimit } from './fd-limit';

const RELAUNCHED = 'COMFYWATCH_BENCH_RELAUNCHED';

/** Either the forced-GC function, or the exit code of the re-run it started. */
export function gcOrRelaunch(
  entry: string,
  maxServers: number,
): { gc: () => void } | { exitCode: Promise<number> } {
  const gc = globalThis.gc;
  if (typeof gc === 'function') return { gc: () => void gc() };
  if (process.env[RELAUNCHED]) throw new Error('global.gc is missing even with --expose-gc');
  const { command, args } = withRaisedLimit(
    ['--expose-gc', entry, ...process.argv.slice(2)],
    fdsNeeded(maxServers),
  );
  const exitCode = new Promise<number>((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, [RELAUNCHED]: '1' } });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { exitCode };
}
