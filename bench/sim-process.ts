// Starts simulated servers in a child process (bench/sim-host.ts, built beside this file as
// sim-host.js), so what the benchmark measures in its own process is the monitor alone.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimHostReply, SimHostRequest } from './sim-protocol';

type RequestBody<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface SimProcess {
  urls: string[];
  setBehaviour(index: number, behaviour: string): Promise<void>;
  /** Requests each server has answered (all paths, or one path), in server order. */
  requestCounts(path?: string): Promise<number[]>;
  close(): Promise<void>;
}

const HOST_ENTRY = fileURLToPath(new URL('./sim-host.js', import.meta.url));

export async function startSimProcess(behaviours: string[]): Promise<SimProcess> {
  const child = fork(HOST_ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const call = caller(child);
  try {
    const { urls } = await call({ op: 'start', behaviours });
    if (!urls) throw new Error('sim host started no servers');
    return {
      urls,
      setBehaviour: async (index, behaviour) => {
        await call({ op: 'set', index, behaviour });
      },
      requestCounts: async (path) => (await call({ op: 'counts', path })).counts ?? [],
      close: async () => {
        await call({ op: 'close' }).catch(() => undefined);
        await stop(child);
      },
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

function caller(child: ChildProcess) {
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (reply: SimHostReply & { ok: true }) => void; reject: (e: Error) => void }
  >();
  child.on('message', (reply: SimHostReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiter) return;
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(new Error(`sim host: ${reply.error}`));
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`sim host exited (${code})`));
    pending.clear();
  });
  return (request: RequestBody<SimHostRequest>) =>
    new Promise<SimHostReply & { ok: true }>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}
