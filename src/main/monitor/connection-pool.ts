// Keep-alive connections for the probes, recycled so that none is older than `maxAgeMs`
// (a DNS change is then seen within that time). One undici Agent per TLS mode, replaced when
// it gets too old; the old one closes gracefully once its requests are done.
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { LookupFunction } from 'node:net';

export interface ConnectionPool {
  dispatcher(trustSelfSigned: boolean): Dispatcher;
  close(): Promise<void>;
}

export function createConnectionPool(options: { lookup: LookupFunction; maxAgeMs: number }): ConnectionPool {
  const current = new Map<boolean, { agent: Agent; createdAt: number }>();
  const closing = new Set<Promise<void>>();
  let closed = false;

  const retire = (agent: Agent) => {
    const done: Promise<void> = agent
      .close()
      .catch(() => undefined)
      .finally(() => closing.delete(done));
    closing.add(done);
  };

  return {
    dispatcher(trustSelfSigned) {
      if (closed) throw new Error('the prober is closed');
      const now = Date.now();
      const entry = current.get(trustSelfSigned);
      if (entry && now - entry.createdAt < options.maxAgeMs) return entry.agent;
      if (entry) retire(entry.agent);
      const agent = new Agent({
        connect: {
          lookup: options.lookup,
          // Happy eyeballs: `localhost` reaches a server on 127.0.0.1 only as well as on ::1 only.
          autoSelectFamily: true,
          rejectUnauthorized: !trustSelfSigned,
        },
      });
      current.set(trustSelfSigned, { agent, createdAt: now });
      return agent;
    },
    async close() {
      closed = true;
      for (const { agent } of current.values()) retire(agent);
      current.clear();
      await Promise.all(closing);
    },
  };
}
