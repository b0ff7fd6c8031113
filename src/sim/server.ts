// One simulated ComfyUI server on loopback: real sockets, switchable behaviour, request counters.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { behaviourProblem, formatBehaviour } from './behaviours';
import type { Behaviour } from './behaviours';
import { SERVER_ERROR, comfyAnswer, textAnswer } from './comfyui';
import type { SimAnswer } from './comfyui';

export interface SimServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface SimServer {
  readonly url: string;
  readonly port: number;
  readonly behaviour: Behaviour;
  /**
   * Switches at once; the promise settles when a switch into or out of `refuse` has closed or
   * re-opened the listener (same port). Other switches need not be awaited. Throws a RangeError,
   * switching nothing, for a busy or slow behaviour past the simulator's limits.
   */
  setBehaviour(behaviour: Behaviour): Promise<void>;
  /** Requests seen for a path as requested, query included (`/history?max_items=1`), or all of them. */
  requestCount(path?: string): number;
  /** The headers of the latest request, or null before the first. */
  readonly lastHeaders: IncomingHttpHeaders | null;
  /** TCP connections accepted so far. */
  connectionCount(): number;
  close(): Promise<void>;
}

const DRIP_INTERVAL_MS = 200;

const BAD_GATEWAY = textAnswer(
  502,
  'text/html',
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n',
  { server: 'nginx/1.24.0' },
);
const UNAUTHORIZED = textAnswer(
  401,
  'text/html',
  '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n',
  { server: 'nginx/1.24.0', 'www-authenticate': 'Basic realm="ComfyUI"' },
);
const ASLEEP = textAnswer(
  200,
  'text/html; charset=utf-8',
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Workspace is asleep</title></head><body><h1>Workspace is asleep</h1><p>This workspace stopped after a period of inactivity. Open it in your browser to wake it up.</p></body></html>',
  { server: 'envoy' },
);
const TO_LOGIN = textAnswer(302, 'text/plain; charset=utf-8', 'Found. Redirecting to /login', {
  location: '/login',
});
const LOGIN_PAGE = textAnswer(
  200,
  'text/html; charset=utf-8',
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post"><input name="user"><input name="password" type="password"><button>Sign in</button></form></body></html>',
);
const GENERIC_JSON = textAnswer(200, 'application/json', '{"status": "ok"}');
const EMPTY_JSON = textAnswer(200, 'application/json', '{}');

function send(res: ServerResponse, answer: SimAnswer): void {
  // Node leaves the body out of a HEAD answer by itself; the headers stay the same.
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

function urlFor(protocol: string, host: string, port: number): string {
  return `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Past the limits a timer would overflow (firing at once) or a queue body grow huge: refused. */
function checkLimits(behaviour: Behaviour): void {
  const problem = behaviourProblem(behaviour);
  if (problem) throw new RangeError(`cannot simulate ${formatBehaviour(behaviour)}: ${problem}`);
}

export async function startSimServer(initial: Behaviour, options: SimServerOptions = {}): Promise<SimServer> {
  checkLimits(initial);
  const host = options.host ?? '127.0.0.1';
  let behaviour = initial;
  let flapCount = 0;
  let connections = 0;
  let lastHeaders: IncomingHttpHeaders | null = null;
  let closed = false;
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, run: () => void, res: ServerResponse) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const comfy = (req: IncomingMessage, res: ServerResponse, jobs = 0) =>
    send(
      res,
      comfyAnswer(req.method ?? 'GET', req.url ?? '/', req.headers, {
        jobs,
        apiRoutes: behaviour.name !== 'no-api',
        plainRoutes: behaviour.name !== 'api-only',
        // `no-api` is a server from before 2024-06-19: the Origin check came later.
        originCheck: behaviour.name !== 'no-api',
      }),
    );

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    lastHeaders = req.headers;
    const pathname = path.split('?', 1)[0];
    switch (behaviour.name) {
      case 'refuse':
        req.socket.destroy();
        return;
      case 'hang':
        return; // Accepted, never answered: the socket stays until the client gives up or close().
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.flushHeaders();
        const timer = setInterval(() => res.write(' '), DRIP_INTERVAL_MS);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'reset': {
        const body = Buffer.from('{"queue_running": [], "queue_pending": []}');
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(body.length),
        });
        res.write(body.subarray(0, body.length >> 1), () => req.socket.destroy());
        return;
      }
      case '502':
        return send(res, BAD_GATEWAY);
      case 'sleeping':
        return send(res, ASLEEP);
      case 'login':
        return send(res, pathname === '/login' ? LOGIN_PAGE : TO_LOGIN);
      case '401':
        return send(res, UNAUTHORIZED);
      case 'wrong-shape':
        return send(res, /^(\/api)?\/history/.test(pathname) ? EMPTY_JSON : GENERIC_JSON);
      case 'flap':
        if (pathname === '/queue' || pathname === '/api/queue') {
          flapCount++;
          if (flapCount % 2 === 0) {
            req.socket.destroy();
            return;
          }
        }
        return comfy(req, res);
      case 'slow':
        return later(behaviour.delayMs, () => comfy(req, res), res);
      case 'busy':
        return comfy(req, res, behaviour.jobs);
      default:
        return comfy(req, res);
    }
  };

  // A request the simulator cannot make sense of gets ComfyUI's 500, never a crash of the demo.
  const safeHandle = (req: IncomingMessage, res: ServerResponse) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) send(res, SERVER_ERROR);
    }
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, safeHandle)
    : createHttpServer(safeHandle);
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Quiet a client's reset: the simulator is meant to see broken connections.
  server.on('clientError', (_err, socket: Socket) => socket.destroy());

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  const port = await listen(options.port ?? 0);
  if (initial.name === 'refuse') await stopListening();
  let transition: Promise<void> = Promise.resolve();

  return {
    url: urlFor(options.tls ? 'https' : 'http', host, port),
    port,
    get behaviour() {
      return behaviour;
    },
    get lastHeaders() {
      return lastHeaders;
    },
    setBehaviour(next) {
      checkLimits(next);
      behaviour = next;
      const step = transition.then(async () => {
        if (closed) return;
        if (behaviour.name === 'refuse') await stopListening();
        else if (!server.listening) await listen(port);
      });
      transition = step.catch(() => undefined);
      return step;
    },
    requestCount(path) {
      if (path !== undefined) return counts.get(path) ?? 0;
      let total = 0;
      for (const count of counts.values()) total += count;
      return total;
    },
    connectionCount: () => connections,
    async close() {
      closed = true;
      await transition;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await stopListening();
    },
  };
}
