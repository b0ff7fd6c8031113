// Settings -> what the monitor probes: secret header values opened in memory only.
import type { ProbeTarget } from './monitor/types';
import type { Settings } from '../shared/settings';
import { isSealed } from './secrets';
import type { SecretBox } from './secrets';

export interface ResolvedTargets {
  targets: ProbeTarget[];
  /** Secrets that could not be opened (the server is probed without that header). */
  problems: string[];
}

export async function probeTargetsOf(settings: Settings, secrets: SecretBox): Promise<ResolvedTargets> {
  const problems: string[] = [];
  const targets: ProbeTarget[] = [];
  for (const server of settings.servers) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(server.headers)) {
      if (!isSealed(value)) {
        headers[name] = value;
        continue;
      }
      try {
        headers[name] = await secrets.open(value);
      } catch (error) {
        problems.push(
          `${server.url}: the secret "${name}" could not be decrypted (${(error as Error).message}); enter it again in Settings.`,
        );
      }
    }
    targets.push({ url: server.url, headers, trustSelfSigned: server.trustSelfSigned });
  }
  return { targets, problems };
}
