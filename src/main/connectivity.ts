// "Is this machine online?", asked by the monitor when every server failed to connect in the
// same round: Electron's net.isOnline(), then a DNS look-up of the configured host names (names
// the probes look up anyway, so nothing new leaves the machine). A fleet of IP addresses has
// nothing to look up: the first answer decides. A resolver that does not answer in time counts
// as offline: the monitor waits for this answer.
import { isIP } from 'node:net';

export const LOOKUP_TIMEOUT_MS = 3_000;

export interface ConnectivityDeps {
  isOnline(): boolean;
  /** Resolves when the name resolves; rejects otherwise. */
  lookup(hostname: string): Promise<unknown>;
  /** The configured servers' URLs. */
  urls(): readonly string[];
  timeoutMs?: number;
}

export function namesToLookUp(urls: readonly string[]): string[] {
  const names = new Set<string>();
  for (const url of urls) {
    let hostname: string;
    try {
      hostname = new URL(url).hostname;
    } catch {
      continue;
    }
    if (isIP(hostname.replace(/^\[|\]$/g, '')) === 0 && hostname !== 'localhost') names.add(hostname);
  }
  return [...names];
}

export function createConnectivityCheck(deps: ConnectivityDeps): () => Promise<boolean> {
  return async () => {
    if (!deps.isOnline()) return false;
    const names = namesToLookUp(deps.urls());
    if (names.length === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), deps.timeoutMs ?? LOOKUP_TIMEOUT_MS);
    });
    const anyResolves = Promise.any(names.map((name) => deps.lookup(name))).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([anyResolves, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
