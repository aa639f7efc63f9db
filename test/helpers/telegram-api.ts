import { createServer, type Server } from 'node:http';

/** One Bot API call as the stand-in received it. */
export interface BotApiCall {
  method: string;
  payload: Record<string, unknown>;
}

/** A local HTTP server standing in for the Telegram Bot API (reached through TELEGRAM_API_ROOT). */
export interface BotApiStandIn {
  /** The API root to configure, e.g. http://127.0.0.1:PORT */
  root: string;
  calls: BotApiCall[];
  /** Queue an update for the bot's next getUpdates (long polling). */
  push(update: Record<string, unknown>): void;
  waitFor(predicate: (c: BotApiCall) => boolean, timeoutMs?: number): Promise<BotApiCall>;
  close(): Promise<void>;
}

const BOT = { id: 4242, is_bot: true, first_name: '巡察助手', username: 'xuncha_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

/** Start the stand-in: answers getMe, records every call, and returns plausible results. */
export async function startBotApiStandIn(): Promise<BotApiStandIn> {
  const calls: BotApiCall[] = [];
  const queue: Array<Record<string, unknown>> = [];
  let messageId = 1;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      const raw = Buffer.concat(chunks).toString('utf8');
      const payload = raw && (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(raw) as Record<string, unknown>) : {};
      calls.push({ method, payload });
      if (method === 'getUpdates') {
        // Long polling: hand out what is queued past the confirmed offset, or an empty batch after a short wait.
        const offset = Number(payload.offset ?? 0);
        const ready = queue.filter((u) => Number(u.update_id) >= offset);
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: ready })), ready.length ? 0 : 200);
        return;
      }
      const result = method === 'getMe' ? BOT : method === 'sendMessage' ? { message_id: messageId++, date: 0, chat: { id: payload.chat_id, type: 'group' }, text: payload.text } : true;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    root: `http://127.0.0.1:${port}`,
    calls,
    push: (update) => void queue.push(update),
    async waitFor(predicate, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(predicate);
        if (found) return found;
        if (Date.now() > end) throw new Error(`no matching Bot API call; got ${calls.map((c) => c.method).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
