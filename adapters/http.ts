import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One route of the bot's HTTP server: Slack's events, Telegram's webhook, the health check. */
export interface Route {
  /** The path, without query string. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/** Why a platform's request was refused before anything in it was acted on, as the status we answer. */
export class Refusal extends Error {
  constructor(readonly status: 400 | 401 | 413) {
    super(`HTTP ${status}`);
  }
}

/** Answer once: a request already answered (an ack that came first) is left alone. */
export function answer(res: ServerResponse, status: number, body?: string, type?: string): void {
  if (res.headersSent) return;
  res.writeHead(status, type ? { 'content-type': type } : undefined).end(body);
}

/** A request's body, refused (413) past `limit` bytes without reading the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(new Refusal(413));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new Refusal(413));
        req.resume();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** A header given once, as a string; undefined when missing or repeated. */
export const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** Whether the bot can do its work now: the store takes a write, or the reason it does not. */
export type HealthCheck = () => Promise<{ ok: true } | { ok: false; code: string }>;

/**
 * The one HTTP server that Slack and Telegram share when both use HTTP. GET /healthz answers 200 `ok`,
 * or 503 with the store's fault (its code only: paths and causes stay in the log) when it cannot write.
 */
export function createHttpServer(routes: Route[], options: { fallback?: Route['handle']; health?: HealthCheck } = {}): Server {
  const { fallback, health } = options;
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      void (health ? health() : Promise.resolve({ ok: true as const })).then(
        (h) => res.writeHead(h.ok ? 200 : 503, { 'content-type': 'text/plain' }).end(h.ok ? 'ok' : `store: ${h.code}`),
        () => res.writeHead(503, { 'content-type': 'text/plain' }).end('store: STORE_UNAVAILABLE'),
      );
      return;
    }
    const route = routes.find((r) => r.path === path);
    if (route) route.handle(req, res);
    else if (fallback) fallback(req, res);
    else res.writeHead(404).end();
  });
}
