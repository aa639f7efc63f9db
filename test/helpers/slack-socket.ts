import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { createWaiter } from './waiter.ts';

/**
 * Slack's far side of Socket Mode, as Slack documents it ("Using Socket Mode", docs.slack.dev) and as
 * @slack/socket-mode reads it: apps.connections.open hands out a single-use WebSocket URL; on connecting,
 * Slack sends `hello`; each payload comes in an envelope `{ envelope_id, type, payload,
 * accepts_response_payload }` (with `retry_attempt` and `retry_reason` on a re-delivery); the app answers
 * `{ envelope_id, payload? }`; Slack asks the app to reconnect with `{ type: 'disconnect', reason }`.
 */

/** The envelope types this bot is sent: slash commands and interactions (block_actions, view_submission). */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** Why Slack asks for a new connection (`link_disabled`: Socket Mode was turned off in the app settings). */
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled' | 'too_many_websockets';

/** One envelope as Slack sends it. */
export interface SocketEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the app sent back for an envelope: its id and, when it answered with something, the payload. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Which connection (1, 2, …) it came on. */
  connection: number;
}

/** A local WebSocket server standing in for Slack's Socket Mode endpoint. */
export interface SlackSocketStandIn {
  /** A fresh single-use URL, as apps.connections.open returns (`ws://127.0.0.1:<port>/link/?ticket=…`). */
  issueUrl(): string;
  /** How many connections Slack has said `hello` on, in all. */
  readonly connections: number;
  /** How many connections are open now. */
  readonly open: number;
  /** Every envelope sent, in order (re-deliveries included). */
  envelopes: SocketEnvelope[];
  /** Every acknowledgement received, in order. */
  acks: SocketAck[];
  /** Anything the app sent that was not an acknowledgement (there should be none). */
  strays: unknown[];
  /**
   * Send an envelope on the newest open connection; returns its envelope_id. accepts_response_payload is
   * true for slash commands and interactions, false for events, as in Slack's examples.
   */
  send(type: EnvelopeType, payload: Record<string, unknown>): string;
  /** Send an envelope again, the same envelope_id and payload, as Slack does when no ack came in time. */
  redeliver(envelopeId: string, retry?: { attempt?: number; reason?: string }): void;
  /** The ack of an envelope, past or future. */
  ackOf(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  /** All the acks of an envelope so far (one per delivery). */
  acksOf(envelopeId: string): SocketAck[];
  /** Ask the app to reconnect, on the newest open connection. */
  disconnect(reason?: DisconnectReason): void;
  /** Resolve once `hello` has been sent on `n` connections in all. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** Resolve once no connection is open. */
  waitForNoneOpen(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const APP_ID = 'A0001';

/** Start the stand-in on 127.0.0.1 with a random free port. */
export async function startSlackSocketStandIn(): Promise<SlackSocketStandIn> {
  const tickets = new Set<string>();
  const sockets: Array<{ ws: WebSocket; n: number }> = [];
  const envelopes: SocketEnvelope[] = [];
  const acks: SocketAck[] = [];
  const strays: unknown[] = [];
  let connections = 0;
  let ticketSeq = 0;

  const { changed, until } = createWaiter('Socket Mode stand-in', () => `connections ${connections}, open ${sockets.length}, acks ${acks.length}`);

  const ticketOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'ws://local').searchParams.get('ticket') ?? '';

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // Slack's URLs are single-use tickets: a connection on one never issued, or used already, is refused.
    verifyClient: ({ req }: { req: IncomingMessage }) => tickets.delete(ticketOf(req)),
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;

  wss.on('connection', (ws) => {
    const n = ++connections;
    const entry = { ws, n };
    sockets.push(entry);
    ws.on('message', (data, isBinary) => {
      let frame: unknown;
      try {
        frame = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data));
      } catch {
        strays.push(String(data));
        changed();
        return;
      }
      const { envelope_id, payload } = (frame ?? {}) as { envelope_id?: unknown; payload?: unknown };
      if (typeof envelope_id === 'string') {
        acks.push({ envelope_id, ...(payload && typeof payload === 'object' && Object.keys(payload).length ? { payload: payload as Record<string, unknown> } : {}), connection: n });
      } else strays.push(frame);
      changed();
    });
    ws.on('close', () => {
      sockets.splice(sockets.indexOf(entry), 1);
      changed();
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.length,
        debug_info: { host: 'applink-stand-in', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: APP_ID },
      }),
    );
    changed();
  });

  const newest = (): WebSocket => {
    const entry = sockets.at(-1);
    if (!entry || entry.ws.readyState !== WebSocket.OPEN) throw new Error('Socket Mode stand-in: no open connection');
    return entry.ws;
  };

  const stand: SlackSocketStandIn = {
    issueUrl() {
      const ticket = `t${++ticketSeq}-${randomUUID()}`;
      tickets.add(ticket);
      return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${APP_ID}`;
    },
    get connections() {
      return connections;
    },
    get open() {
      return sockets.length;
    },
    envelopes,
    acks,
    strays,
    send(type, payload) {
      const envelope: SocketEnvelope = { envelope_id: randomUUID(), type, payload, accepts_response_payload: type !== 'events_api' };
      newest().send(JSON.stringify(envelope));
      envelopes.push(envelope);
      return envelope.envelope_id;
    },
    redeliver(envelopeId, retry = {}) {
      const first = envelopes.find((e) => e.envelope_id === envelopeId);
      if (!first) throw new Error(`Socket Mode stand-in: no envelope ${envelopeId} to deliver again`);
      const again: SocketEnvelope = { ...first, retry_attempt: retry.attempt ?? 1, retry_reason: retry.reason ?? 'timeout' };
      newest().send(JSON.stringify(again));
      envelopes.push(again);
    },
    async ackOf(envelopeId, timeoutMs = 5000) {
      await until(() => acks.some((a) => a.envelope_id === envelopeId), `no ack for envelope ${envelopeId}`, timeoutMs);
      return acks.find((a) => a.envelope_id === envelopeId)!;
    },
    acksOf: (envelopeId) => acks.filter((a) => a.envelope_id === envelopeId),
    disconnect(reason = 'refresh_requested') {
      newest().send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-stand-in' } }));
    },
    waitForConnections: (n, timeoutMs = 5000) => until(() => connections >= n && sockets.some((s) => s.n >= n), `no connection #${n}`, timeoutMs),
    waitForNoneOpen: (timeoutMs = 5000) => until(() => sockets.length === 0, 'connections still open', timeoutMs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const { ws } of sockets) ws.terminate();
        wss.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return stand;
}

/** A urlencoded body as Slack posts it over HTTP, as the payload of the envelope Socket Mode sends instead. */
export function envelopeOf(formBody: string): { type: EnvelopeType; payload: Record<string, unknown> } {
  const fields = new URLSearchParams(formBody);
  // Interactions come over HTTP as one `payload` field of JSON; in Socket Mode that JSON is the payload.
  const interaction = fields.get('payload');
  if (interaction !== null) return { type: 'interactive', payload: JSON.parse(interaction) as Record<string, unknown> };
  return { type: 'slash_commands', payload: Object.fromEntries(fields) };
}
