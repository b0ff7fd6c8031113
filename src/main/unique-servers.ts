// A server listed twice, however it is spelt (`http://a:8188` and `HTTP://A:8188/`), would be
// probed twice and failed over to itself. Servers compare as parseServerList normalises their
// URLs; the first of each is kept (it holds the user's order and options) and the user is told.
import { parseServerList, redactUrl } from '../shared/server-list';
import type { ServerConfig } from '../shared/settings';

export interface UniqueServers {
  /** The servers as given, repeats left out. */
  servers: ServerConfig[];
  /** One sentence per repeat removed (credentials masked). */
  notices: string[];
}

export function uniqueServers(servers: ServerConfig[]): UniqueServers {
  const seen = new Set<string>();
  const result: UniqueServers = { servers: [], notices: [] };
  for (const server of servers) {
    const url = parseServerList(server.url).servers[0]?.url ?? server.url;
    if (seen.has(url)) {
      result.notices.push(
        `${url} is listed more than once: the repeat "${redactUrl(server.url.trim())}" was removed (the first is kept).`,
      );
      continue;
    }
    seen.add(url);
    result.servers.push(server);
  }
  return result;
}
