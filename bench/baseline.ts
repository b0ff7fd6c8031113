// The naive checker we compare against: servers one after another, and for each server the
// endpoints one after another until the first that answers 2xx.
import { Agent, request } from 'undici';

const NAIVE_PATHS = ['/queue', '/prompt', '/system_stats', '/history?max_items=1', '/'];

async function firstAnswering(agent: Agent, url: string, timeoutMs: number): Promise<string | null> {
  for (const path of NAIVE_PATHS) {
    try {
      const response = await request(url + path, {
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.arrayBuffer();
      if (response.statusCode >= 200 && response.statusCode < 300) return path;
    } catch {
      // Next endpoint.
    }
  }
  return null;
}

/** Wall time of one naive round; throws if a healthy server was not recognised. */
export async function baselineRoundMs(urls: string[], timeoutMs: number): Promise<number> {
  const agent = new Agent();
  try {
    const started = performance.now();
    for (const url of urls) {
      if ((await firstAnswering(agent, url, timeoutMs)) === null)
        throw new Error(`baseline: ${url} answered nothing`);
    }
    return performance.now() - started;
  } finally {
    await agent.destroy();
  }
}
