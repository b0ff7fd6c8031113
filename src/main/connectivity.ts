// "Is this machine online?", asked by the monitor when every server failed to connect in the
// same round: Electron's net.isOnline(), then a DNS look-up of the configured host names (names
// the probes look up anyway, so nothing new leaves the machine). A fleet of IP addresses has
// nothing to look up: the first answer decides. What counts is whether a resolver answered, not
// whether the names exist: "no such name" (expired tunnels, renamed hosts) means the resolver was
// reached, so the machine is online and those servers are simply down. Only a resolver that
// cannot be reached (EAI_AGAIN, refused, no answer in time) counts as offline: the monitor waits
// for this answer.
import { isIP } from 'node:net';

export const LOOKUP_TIMEOUT_MS = 3_000;

/** Look-up failures that are a resolver's answer: NXDOMAIN (ENOTFOUND), or a name with no address. */
const RESOLVER_ANSWERS = new Set(['ENOTFOUND', 'ENODATA']);

export interface ConnectivityDeps {
  isOnline(): boolean;
  /** Resolves when the name resolves; rejects otherwise, with node:dns's error `code`. */
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

/** Resolves when a resolver answered about `name` (an address or "no such name"); rejects otherwise. */
async function resolverAnswers(deps: ConnectivityDeps, name: string): Promise<void> {
  try {
    await deps.lookup(name);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !RESOLVER_ANSWERS.has(code)) throw error;
  }
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
    const anyAnswer = Promise.any(names.map((name) => resolverAnswers(deps, name))).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([anyAnswer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
