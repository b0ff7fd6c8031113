// A child process that runs simulated servers for the benchmarks, so the measuring process's
// CPU figures and sockets are its own. Driven by bench/sim-process.ts over Node's IPC channel.
import { parseBehaviour, startSimFleet } from '../src/sim';
import type { SimFleet } from '../src/sim';
import type { SimHostReply, SimHostRequest } from './sim-protocol';

let fleet: SimFleet | null = null;

async function handle(request: SimHostRequest): Promise<SimHostReply> {
  switch (request.op) {
    case 'start': {
      fleet = await startSimFleet(request.behaviours.map(parseBehaviour));
      return { id: request.id, ok: true, urls: fleet.servers.map((server) => server.url) };
    }
    case 'set': {
      await requireFleet().servers[request.index].setBehaviour(parseBehaviour(request.behaviour));
      return { id: request.id, ok: true };
    }
    case 'counts': {
      const counts = requireFleet().servers.map((server) => server.requestCount(request.path));
      return { id: request.id, ok: true, counts };
    }
    case 'close': {
      await fleet?.close();
      fleet = null;
      return { id: request.id, ok: true };
    }
  }
}

function requireFleet(): SimFleet {
  if (!fleet) throw new Error('no fleet started');
  return fleet;
}

process.on('message', (message: SimHostRequest) => {
  handle(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
  );
});
// The parent going away (even by a crash) ends the servers too.
process.on('disconnect', () => process.exit(0));
