import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from '../../src/logger.ts';

/** How long stop() waits for the WebSocket to close before it returns anyway. */
const CLOSE_WAIT_MS = 1000;

/**
 * dingtalk-stream 2.1.5's client, made to reach DingTalk where DINGTALK_API_URL says, and hardened
 * where 2.1.5 falls short. Everything else (the WebSocket, SYSTEM ping answers, reconnecting after a
 * `disconnect` or a dropped socket) is the SDK's own.
 *
 * - The gateway's URL is a constant of the SDK (constants.ts GATEWAY_URL) with no option to change it
 *   (open-dingtalk/dingtalk-stream-sdk-nodejs#24): getEndpoint, public and called by connect(), is
 *   overridden to make the same call (POST …/v1.0/gateway/connections/open with Accept:
 *   application/json, the SDK's client.ts L164-196; developerpedia docs/learn/stream/protocol.md)
 *   against the configured host, and sets `dw_url` to `${endpoint}?ticket=${ticket}` as the SDK does.
 * - Only the robot's messages are subscribed: the SDK's default adds every EVENT ("*"), which this
 *   bot does not handle, and its default list is one array shared by every client of the process
 *   (client.ts L16-26, pushed into by registerCallbackListener).
 * - 2.1.5 reconnects twice after a failed connect, once from connect()'s catch and once from the
 *   socket's close (fixed upstream after 2.1.5, "修复 WebSocket 重连风暴问题", ac73794): one connect
 *   runs at a time here, and none while connected.
 * - A disconnect() while getEndpoint is in flight is lost in 2.1.5 (_connect resets `userDisconnect`,
 *   L200; fixed upstream at HEAD L314): once stopped, no new connection is made.
 * - A frame that is not JSON would throw inside the socket's message handler, unhandled: it is logged
 *   and dropped.
 * - keepAlive stays off: in 2.1.5 its ping timer is cleared only by disconnect(), not when the socket
 *   closes (fixed upstream at HEAD L283), so each reconnect would leave one more timer behind. DingTalk's
 *   own SYSTEM pings keep the connection alive.
 */
class ConfiguredDWClient extends DWClient {
  private stopped = false;
  private connecting = false;
  /** Failed attempts to get an endpoint since the last success. */
  private failures = 0;

  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly apiUrl: string,
    private readonly log: Logger,
  ) {
    super({ ...opts, keepAlive: false, debug: false });
    this.config.subscriptions = [{ type: 'CALLBACK', topic: TOPIC_ROBOT }];
  }

  override async getEndpoint(): Promise<this> {
    if (this.stopped) throw new Error('stopped');
    const res = await fetch(`${this.apiUrl}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: 'xuncha', subscriptions: this.config.subscriptions }),
      signal: AbortSignal.timeout(15_000),
    }).catch(() => undefined);
    const data = ((await res?.json().catch(() => undefined)) ?? {}) as { endpoint?: unknown; ticket?: unknown; code?: unknown };
    if (!res?.ok || typeof data.endpoint !== 'string' || typeof data.ticket !== 'string') {
      // The SDK tries again every second: the first failure is a warning, the ones after it until a success are not.
      const level = this.failures++ === 0 ? 'warn' : 'debug';
      // DingTalk's code (a wrong client id or secret answers one), never the request, which carried the secret.
      this.log[level]({ status: res?.status, code: typeof data.code === 'string' ? data.code : undefined }, 'dingtalk stream: no gateway endpoint; retrying');
      throw new Error('no endpoint');
    }
    this.failures = 0;
    // `dw_url` is private in the SDK's typings; connect() reads it right after this returns.
    (this as unknown as { dw_url: string }).dw_url = `${data.endpoint}?ticket=${data.ticket}`;
    return this;
  }

  override _connect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return super._connect();
  }

  override async connect(): Promise<void> {
    if (this.stopped || this.connecting || this.connected) return;
    this.connecting = true;
    try {
      await super.connect();
    } finally {
      this.connecting = false;
    }
  }

  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
    } catch (err) {
      this.log.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'dingtalk stream: frame not understood; dropped');
    }
  }

  /** No more connections: close the socket, and never reconnect. */
  stop(): void {
    this.stopped = true;
    this.disconnect();
  }
}

export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  /** Base URL of api.dingtalk.com, where the gateway is asked for a WebSocket endpoint. */
  apiUrl: string;
  log: Logger;
  /** A robot message, the frame's `data` parsed: run in the background, its failures the caller's to log. */
  onMessage(data: unknown): void;
}

/**
 * Stream mode: the robot's messages over a WebSocket the bot opens to DingTalk, so no public address is
 * needed. Each CALLBACK frame is acknowledged at once, before its command runs: unacknowledged, DingTalk
 * may push it again within about a minute (the SDK's socketCallBackResponse JSDoc; protocol.md calls robot
 * messages fire-and-forget), and a repeat is dropped by its msgId anyway. The callback is not awaited by
 * the SDK, so nothing may throw out of it.
 */
export function createStreamTransport(options: StreamOptions) {
  const { log } = options;
  const client = new ConfiguredDWClient({ clientId: options.clientId, clientSecret: options.clientSecret }, options.apiUrl, log);

  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    try {
      client.socketCallBackResponse(frame.headers.messageId, null);
      options.onMessage(JSON.parse(frame.data));
    } catch (err) {
      log.warn({ messageId: frame.headers?.messageId, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'dingtalk stream: callback not understood; dropped');
    }
  });

  return {
    /** Whether the WebSocket is open now. */
    get connected(): boolean {
      return client.connected;
    },
    /**
     * The first attempt to connect; on failure the SDK keeps trying every second, so the bot starts
     * whether DingTalk is reachable yet or not.
     */
    async start(): Promise<void> {
      await client.connect();
      if (client.connected) log.info('dingtalk stream connected');
    },
    /** Close the WebSocket and wait a moment for it to be closed. */
    async stop(): Promise<void> {
      const socket = (client as unknown as { socket?: { readyState: number; once(event: 'close', cb: () => void): void } }).socket;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const closed = new Promise<void>((resolve) => {
        if (!socket || socket.readyState === 3) return resolve();
        socket.once('close', () => resolve());
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      });
      client.stop();
      await closed;
      clearTimeout(timer);
    },
  };
}
export type StreamTransport = ReturnType<typeof createStreamTransport>;
