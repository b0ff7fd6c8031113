// Open-file limits. 1000 servers mean 1000+ sockets in the monitor's process and 3000+ in the
// simulator's (listeners plus accepted connections). A process may raise its soft limit up to the
// hard limit without privileges, but Node cannot call setrlimit: a shell's `ulimit -n` can, for
// the process it then execs. bench.ts re-launches itself that way (it re-launches anyway, for
// --expose-gc); sim children inherit the raised limit.
import { spawnSync } from 'node:child_process';

export interface FdLimit {
  soft: number;
  hard: number;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined || text.trim() === 'unlimited') return Number.POSITIVE_INFINITY;
  const value = Number(text.trim());
  if (!Number.isFinite(value)) throw new Error(`unexpected ulimit output: ${text}`);
  return value;
}

/** This process's limit (a child shell inherits it), or null where there is no POSIX shell. */
export function readFdLimit(): FdLimit | null {
  const shell = spawnSync('/bin/sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' });
  if (shell.status !== 0) return null;
  const [soft, hard] = shell.stdout.trim().split('\n');
  return { soft: parseLimit(soft), hard: parseLimit(hard) };
}

/** Descriptors the busiest process (the simulator) needs for `servers` servers. */
export function fdsNeeded(servers: number): number {
  return servers * 3 + 256;
}

/** The most servers this limit supports (the round is skipped above it, and says so). */
export function maxServersFor(limit: FdLimit | null): number {
  if (limit === null) return Number.POSITIVE_INFINITY;
  return Math.floor((limit.soft - 256) / 3);
}

/**
 * argv for re-launching `node args...` with the soft limit raised to the hard one when it is
 * below `needed`; plain `node args...` otherwise.
 */
export function withRaisedLimit(nodeArgs: string[], needed: number): { command: string; args: string[] } {
  const limit = readFdLimit();
  if (limit === null || limit.soft >= needed || limit.hard <= limit.soft) {
    return { command: process.execPath, args: nodeArgs };
  }
  const target = Number.isFinite(limit.hard) ? String(limit.hard) : 'unlimited';
  // "$0" "$@" keep every argument intact (no quoting of our own).
  return {
    command: '/bin/sh',
    args: ['-c', `ulimit -Sn ${target} && exec "$0" "$@"`, process.execPath, ...nodeArgs],
  };
}
