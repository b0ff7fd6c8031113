// The soak's fleet: slots that each answer at one host name. Every slot has two servers on the
// same port, one on 127.0.0.1 and one on ::1; an injected resolver decides where the name points
// (or fails), so a slot can change address or lose DNS without leaving loopback.
// - plain slots: two http servers (an address change reaches the other server);
// - tls slots (https, self-signed trusted): the https server, or a plain http one on the other
//   address, which makes the handshake fail (a TLS error);
// - an untrusted slot (https, self-signed not trusted): always a TLS error.
import type { LookupFunction } from 'node:net';
import type { ProbeTarget } from '../src/main/monitor';
import { parseBehaviour, startSimServer } from '../src/sim';
import type { SimServer } from '../src/sim';
import type { SelfSignedCert } from '../tests/helpers/tls';

export type SlotKind = 'plain' | 'tls' | 'untrusted';
export type Route = 'v4' | 'v6' | 'dns-failure';

export interface Slot {
  kind: SlotKind;
  host: string;
  target: ProbeTarget;
  /** On 127.0.0.1. */
  v4: SimServer;
  /** On ::1, same port. */
  v6: SimServer;
  route: Route;
}

const PORT_ATTEMPTS = 10;

async function serverPair(kind: SlotKind, tls: SelfSignedCert): Promise<[SimServer, SimServer]> {
  const idle = parseBehaviour('idle');
  const v4Tls = kind === 'plain' ? undefined : tls;
  // tls slots: the ::1 side speaks plain http; the untrusted slot's both sides are https.
  const v6Tls = kind === 'untrusted' ? tls : undefined;
  for (let attempt = 1; ; attempt++) {
    const v4 = await startSimServer(idle, { host: '127.0.0.1', tls: v4Tls });
    try {
      return [v4, await startSimServer(idle, { host: '::1', port: v4.port, tls: v6Tls })];
    } catch (error) {
      // The port is taken on ::1: try another.
      await v4.close();
      if (attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

export async function startSlots(kinds: SlotKind[], tls: SelfSignedCert): Promise<Slot[]> {
  const slots: Slot[] = [];
  try {
    for (const [i, kind] of kinds.entries()) {
      const [v4, v6] = await serverPair(kind, tls);
      const host = `s${i + 1}.soak.test`;
      const scheme = kind === 'plain' ? 'http' : 'https';
      const target: ProbeTarget = {
        url: `${scheme}://${host}:${v4.port}`,
        headers: {},
        trustSelfSigned: kind === 'tls',
      };
      slots.push({ kind, host, target, v4, v6, route: 'v4' });
    }
    return slots;
  } catch (error) {
    await closeSlots(slots);
    throw error;
  }
}

export async function closeSlots(slots: Slot[]): Promise<void> {
  await Promise.all(slots.flatMap((slot) => [slot.v4.close(), slot.v6.close()]));
}

/** The resolver the prober is given: each slot's name goes where its route says. */
export function slotLookup(slots: Slot[], offline: () => boolean): LookupFunction {
  return (hostname, _options, callback) => {
    const slot = slots.find((s) => s.host === hostname);
    if (!slot || offline() || slot.route === 'dns-failure') {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      error.syscall = 'getaddrinfo';
      // Answer on a later tick, as the system resolver does.
      setImmediate(() => callback(error, '', 0));
      return;
    }
    const [address, family] = slot.route === 'v4' ? ['127.0.0.1', 4] : ['::1', 6];
    setImmediate(() => callback(null, address, family));
  };
}
