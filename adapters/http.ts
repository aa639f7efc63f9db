import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One route of the bot's HTTP server: Slack's events, Telegram's webhook, the health check. */
export interface Route {
  /** The path, without query string. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/** The one HTTP server that Slack and Telegram share when both use HTTP; GET /healthz answers ok. */
export function createHttpServer(routes: Route[], fallback?: Route['handle']): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const route = routes.find((r) => r.path === path);
    if (route) route.handle(req, res);
    else if (fallback) fallback(req, res);
    else res.writeHead(404).end();
  });
}
