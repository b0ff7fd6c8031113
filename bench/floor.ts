// The floor: bare undici GETs of the same paths our probe requests, bodies read in full and
// nothing else (no validation, no parsing, no health logic). What a probe round cannot beat.
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';
import { cpuMsSince } from './stats';

export interface RoundCost {
  wallMs: number;
  cpuMs: number;
}

/** One round: every server's paths requested at once, each request ending by `timeoutMs`. */
async function floorRound(agent: Agent, urls: string[], paths: string[], timeoutMs: number): Promise<void> {
  // One deadline for the whole round: the least a bounded round can cost.
  const signal = AbortSignal.timeout(timeoutMs);
  setMaxListeners(0, signal);
  await Promise.all(
    urls.flatMap((url) =>
      paths.map(async (path) => {
        try {
          const response = await request(url + path, {
            dispatcher: agent,
            signal,
          });
          await response.body.arrayBuffer();
        } catch {
          // A hanging server ends at the deadline; that is the floor's behaviour too.
        }
      }),
    ),
  );
}

/** A warm-up round on fresh keep-alive connections, then one measured round. */
export async function measureFloor(urls: string[], paths: string[], timeoutMs: number): Promise<RoundCost> {
  const agent = new Agent();
  try {
    await floorRound(agent, urls, paths, timeoutMs);
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await floorRound(agent, urls, paths, timeoutMs);
    return { wallMs: performance.now() - started, cpuMs: cpuMsSince(cpuStart) };
  } finally {
    await agent.destroy();
  }
}
