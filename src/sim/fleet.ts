// Several simulated servers at once (the `sim` command, benchmarks and tests).
import type { Behaviour } from './behaviours';
import { startSimServer } from './server';
import type { SimServer, SimServerOptions } from './server';

export interface SimFleet {
  servers: SimServer[];
  close(): Promise<void>;
}

/** One server per behaviour, in order, each on its own free port. */
export async function startSimFleet(
  behaviours: Behaviour[],
  options: Omit<SimServerOptions, 'port'> = {},
): Promise<SimFleet> {
  const started = await Promise.allSettled(behaviours.map((behaviour) => startSimServer(behaviour, options)));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }
  return { servers, close };
}
