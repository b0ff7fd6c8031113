// What a real ComfyUI answers (comfyui/API.md): its routes, plain and under /api, its 404 and 500
// bodies, and its Origin check. Pure: a request in, an answer out.
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { fixture } from './fixtures';
import { promptBody, queueBody } from './queue-bodies';

export interface SimAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ComfyOptions {
  jobs: number;
  /** Routes answer under `/api/...` (ComfyUI since 2024-06-19). */
  apiRoutes: boolean;
  /** Routes answer without the prefix (false behind a proxy that forwards `/api/*` only). */
  plainRoutes: boolean;
  /** The loopback Origin check (ComfyUI since 2024-09-08). */
  originCheck: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const SERVER = 'Python/3.12 aiohttp/3.11.18';

// The bundled frontend's index.html; only the title is a stable marker (comfyui/API.md).
const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>ComfyUI</title>
    <meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no">
    <link rel="stylesheet" type="text/css" href="./user.css" />
    <link rel="stylesheet" type="text/css" href="./materialdesignicons.min.css" />
    <script type="module" crossorigin src="./assets/index-DqXp3vLf.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-C2mWbQ8n.css">
  </head>
  <body class="litegraph grid">
    <div id="vue-app"></div>
  </body>
</html>
`;

export function textAnswer(
  status: number,
  contentType: string,
  body: string,
  extra: Record<string, string> = {},
) {
  return {
    status,
    headers: { 'content-type': contentType, server: SERVER, ...extra },
    body: Buffer.from(body),
  };
}

const json = (body: Buffer): SimAnswer => ({
  status: 200,
  headers: { 'content-type': JSON_TYPE, server: SERVER },
  body,
});

const NOT_FOUND: SimAnswer = textAnswer(404, 'text/plain; charset=utf-8', '404: Not Found');
export const SERVER_ERROR = textAnswer(
  500,
  'text/plain; charset=utf-8',
  '500 Internal Server Error\n\nServer got itself in trouble',
);
const METHOD_NOT_ALLOWED = textAnswer(405, 'text/plain; charset=utf-8', '405: Method Not Allowed');
const FORBIDDEN: SimAnswer = {
  status: 403,
  headers: { 'content-type': 'application/octet-stream', server: SERVER },
  body: Buffer.alloc(0),
};

function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

function withoutPort(host: string): string {
  return host.replace(/:\d+$/, '');
}

/** ComfyUI's `create_origin_only_middleware`: a foreign Origin on a loopback Host gets 403. */
function originRejected(headers: IncomingHttpHeaders): boolean {
  const host = headers.host?.toLowerCase();
  const origin = headers.origin;
  if (!host || !origin) return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  let originHost = originUrl.host.toLowerCase();
  let hostDomain = host;
  if (originUrl.port === '') hostDomain = withoutPort(host);
  if (!/:\d+$/.test(host)) originHost = withoutPort(originHost);
  if (!isLoopbackHost(withoutPort(host)) || originHost === '' || hostDomain === '') return false;
  return originHost !== hostDomain;
}

function historyAnswer(route: string, params: URLSearchParams): SimAnswer {
  if (route === '/history') {
    const maxItems = params.get('max_items');
    if (maxItems === null) return json(fixture('history-sample.json'));
    if (!/^-?\d+$/.test(maxItems)) return SERVER_ERROR;
    return json(fixture('history-max_items-1.json'));
  }
  const id = route.slice('/history/'.length);
  const byId = fixture('history-by-id.json');
  return json(byId.includes(`"${id}": `) ? byId : fixture('history-empty.json'));
}

/** The answer of a ComfyUI with `options` to `method rawUrl`. */
export function comfyAnswer(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
  options: ComfyOptions,
) {
  if (options.originCheck && originRejected(headers)) return FORBIDDEN;
  const url = new URL(rawUrl, 'http://sim.invalid');
  let route = url.pathname;
  if (route.startsWith('/api/')) {
    if (!options.apiRoutes) return NOT_FOUND;
    route = route.slice('/api'.length);
  } else if (!options.plainRoutes) {
    return NOT_FOUND;
  }
  let answer: SimAnswer | null = null;
  if (route === '/') {
    answer = textAnswer(200, 'text/html', INDEX_HTML, {
      'cache-control': 'no-cache',
      pragma: 'no-cache',
      expires: '0',
    });
  } else if (route === '/queue') answer = json(queueBody(options.jobs));
  else if (route === '/prompt') answer = json(promptBody(options.jobs));
  else if (route === '/system_stats') answer = json(fixture('system_stats.json'));
  else if (route === '/features') answer = json(fixture('features.json'));
  else if (route === '/history' || route.startsWith('/history/'))
    answer = historyAnswer(route, url.searchParams);
  if (answer === null) return NOT_FOUND;
  return method === 'GET' || method === 'HEAD' ? answer : METHOD_NOT_ALLOWED;
}
