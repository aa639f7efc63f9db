import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../adapters/http.ts';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/slack.ts';
import { allCommands } from '../../commands/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { startSlackStandIn, type SlackCall, type SlackStandIn } from './slack-api.ts';
import { blockAction, slashCommand, viewSubmission, type ViewValues } from './slack-payloads.ts';
import { postSlack, signSlackRequest } from './slack-sign.ts';
import { envelopeOf, startSlackSocketStandIn, type SlackSocketStandIn } from './slack-socket.ts';

/** One message that reached Slack, whichever way it went (a slash command's HTTP response, response_url, chat.*, file upload). */
export interface SlackDelivery {
  /** 'modal': a view opened for one person (only with `deliveries(since, { modals: true })`). */
  where: 'channel' | 'ephemeral' | 'dm' | 'modal';
  /** The Slack channel id (C…, or D… for a direct message). */
  channel?: string;
  /** The Slack user id (U…) it was for: the asker of an ephemeral message, the recipient of a DM. */
  user?: string;
  /** The message's text (or a file's comment) as a person reads it: Slack's &lt; &gt; &amp; undone. `api.calls` keeps what was sent. */
  text: string;
  blocks?: unknown[];
  /** The uploaded file's name. */
  file?: string;
  /** The uploaded file's bytes, as they reached the upload URL. */
  data?: Uint8Array;
}

/** The Slack adapter over a real bot, served by our HTTP server, talking to the stand-in Web API. */
export interface SlackHarness {
  /** The core harness (bot, store, clock, say, …); admins: slack:UADMIN. */
  h: Harness;
  /** The stand-in Web API (and response_url and upload host). */
  api: SlackStandIn;
  /** In Socket Mode, the stand-in for Slack's WebSocket end (apps.connections.open hands out its URLs). */
  socket?: SlackSocketStandIn;
  /** Base URL of our HTTP server (no trailing slash): `${url}/slack/events`, `${url}/healthz`. Empty in Socket Mode. */
  url: string;
  signingSecret: string;
  adapter: SlackAdapter;
  /** The trigger_id of each slash command, click and submission posted, in order. */
  triggerIds: string[];
  /**
   * Post a correctly signed slash command (`/finding add …` as typed) from user U… in channel C…/D…;
   * an answer in the HTTP response is recorded in api.calls as an `ack`. Waits until idle.
   * In Socket Mode the command goes as a `slash_commands` envelope (buttons and forms as `interactive`
   * ones) and the result is 200 with the ack's payload as JSON, '' for an empty ack, once acknowledged.
   */
  slash(user: string, channel: string, line: string): Promise<{ status: number; body: string }>;
  /** As `slash`, but returns once the HTTP response (the acknowledgement) is in; `settle()` waits for the rest. */
  request(user: string, channel: string, line: string): Promise<{ status: number; body: string }>;
  /** Wait for the adapter's work after acknowledging, then for the outbox it may have started. */
  settle(): Promise<void>;
  /** Click a button carrying `command` (e.g. '/finding review F-1'), as user in channel; waits until idle. */
  click(user: string, channel: string, command: string): Promise<{ status: number; body: string }>;
  /** Submit the xc_form modal with metadata { command, channel } and raw Slack state values; waits until idle. */
  submit(user: string, channel: string, command: string, values: Record<string, Record<string, Record<string, unknown>>>): Promise<{ status: number; body: string }>;
  /**
   * What reached Slack since `since` (an index into api.calls), normalised. With `modals`, every modal
   * opened (views.open) too, as `where: 'modal'` for the person whose interaction opened it, its text
   * what the modal shows (title, field labels, option labels) and its input blocks as `blocks`.
   */
  deliveries(since?: number, options?: { modals?: boolean }): SlackDelivery[];
  close(): Promise<void>;
}

/** What Slack shows for mrkdwn text: the three escapes the adapter writes, undone. */
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Display names the stand-in's users.info reports for the usual cast (display_name = real_name). */
export const SLACK_USERS: Readonly<Record<string, string>> = {
  UADMIN: '巡察办',
  ULEAD: '张组长',
  UDEPUTY: '李副组长',
  UMEMBER: '王组员',
  UMEMBER2: '赵组员',
  ULIAISON: '刘联络员',
  UOWNER: '陈主任',
};

export const SIGNING_SECRET = 'test-signing-secret';

/** The modal state Slack sends for one plain_text_input / static_select / datepicker / users_select / checkbox. */
export const state = {
  text: (value: string | null): Record<string, Record<string, unknown>> => ({ value: { type: 'plain_text_input', value } }),
  select: (value: string | null): Record<string, Record<string, unknown>> => ({
    value: { type: 'static_select', selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value } },
  }),
  date: (value: string | null): Record<string, Record<string, unknown>> => ({ value: { type: 'datepicker', selected_date: value } }),
  user: (value: string | null): Record<string, Record<string, unknown>> => ({ value: { type: 'users_select', selected_user: value } }),
  flag: (on: boolean): Record<string, Record<string, unknown>> => ({
    value: { type: 'checkboxes', selected_options: on ? [{ text: { type: 'plain_text', text: 'yes' }, value: 'yes' }] : [] },
  }),
};

/** The app-level token the Socket Mode harness configures (SLACK_APP_TOKEN). */
export const APP_TOKEN = 'xapp-1-A0001-1-test';

export interface SlackHarnessOptions {
  env?: Record<string, string>;
  adapter?: Pick<SlackAdapterOptions, 'ackBudgetMs' | 'clientPingTimeoutMs'>;
  /**
   * 'http' (the default): signed requests to our HTTP server. 'socket': Socket Mode, SLACK_APP_TOKEN
   * set, the adapter started against the WebSocket stand-in, which apps.connections.open points to.
   */
  transport?: 'http' | 'socket';
  /**
   * Give each slash command, click and submission a trigger_id of its own, as Slack does (the default),
   * or `false`: the fixture's, the same for every one. The core takes the trigger_id for the delivery's
   * id and does not run a delivery it has seen again, so with `false` only the first change goes through.
   */
  uniqueTriggerIds?: boolean;
}

/** Start the stand-in, a bot configured for Slack over it, the adapter and our HTTP server on 127.0.0.1:<random>. */
export async function createSlackHarness(options: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const transport = options.transport ?? 'http';
  const uniqueTriggerIds = options.uniqueTriggerIds ?? true;
  const api = await startSlackStandIn();
  const socket = transport === 'socket' ? await startSlackSocketStandIn() : undefined;
  if (socket) api.useSocket(socket.issueUrl);
  for (const [id, name] of Object.entries(SLACK_USERS)) {
    api.setUser(id, { name: id.toLowerCase(), real_name: name, display_name: name });
  }
  const signingSecret = SIGNING_SECRET;
  const h = await createHarness({
    env: {
      XC_ADMINS: 'slack:UADMIN',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: api.url,
      ...(socket && { SLACK_APP_TOKEN: APP_TOKEN }),
      ...options.env,
    },
  }).catch(async (err: unknown) => {
    await api.close();
    await socket?.close();
    throw err;
  });
  if (!h.config.slack) {
    await h.dispose();
    await api.close();
    throw new Error('the harness config has no Slack settings');
  }
  const families = [...new Set(allCommands.map((c) => c.family))];
  const adapter = createSlackAdapter({ bot: h.bot, slack: h.config.slack, log: h.log, families, ...options.adapter });
  h.bot.connect(adapter);
  let server: Server | undefined;
  let url = '';
  if (socket) {
    if (adapter.route) throw new Error('the Slack adapter serves HTTP although SLACK_APP_TOKEN is set');
    // Resolves once the stand-in's `hello` has arrived.
    await adapter.start().catch(async (err: unknown) => {
      await h.dispose();
      await api.close();
      await socket.close();
      throw err;
    });
  } else {
    if (!adapter.route) throw new Error('the Slack adapter has no HTTP route (Socket Mode configured?)');
    server = createHttpServer([adapter.route]);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const events = `${url}/slack/events`;

  /** Where each response_url id came from: the interaction's channel and user. */
  const origins = new Map<string, { channel: string; user: string }>();
  /** Every interaction posted (slash command, click, submission): who, where, and the count of calls then. */
  const interactions: Array<{ at: number; user: string; channel: string }> = [];
  let seq = 0;

  const triggerIds: string[] = [];
  /** A trigger_id of the shape Slack's have (digits.digits.hex), new for each interaction, or the fixture's. */
  const triggerId = (): { trigger_id?: string } => {
    if (!uniqueTriggerIds) return {};
    const n = triggerIds.length + 1;
    return { trigger_id: `${9000000000000 + n}.1234567890.${n.toString(16).padStart(32, '0')}` };
  };

  async function post(body: string): Promise<{ status: number; body: string }> {
    const fields = new URLSearchParams(body);
    const interaction = fields.get('payload');
    triggerIds.push(String(interaction === null ? fields.get('trigger_id') : (JSON.parse(interaction) as { trigger_id?: unknown }).trigger_id));
    if (!socket) return postSlack(events, body, signSlackRequest(body, signingSecret));
    const { type, payload } = envelopeOf(body);
    const ack = await socket.ackOf(socket.send(type, payload));
    return { status: 200, body: ack.payload ? JSON.stringify(ack.payload) : '' };
  }

  async function settle(): Promise<void> {
    await adapter.idle();
    await h.bot.flush();
  }

  /** The user a DM channel belongs to: from conversations.open as the stand-in answers it, else D… → U…. */
  function dmUser(channel: string): string {
    for (const c of api.calls) {
      if (c.method !== 'conversations.open' || c.failed) continue;
      const user = String(c.body.users ?? '').split(',')[0] ?? '';
      if (`D${user.replace(/^U/, '')}` === channel) return user;
    }
    return `U${channel.slice(1)}`;
  }

  /**
   * The file an upload completed: the name it was announced with (files.getUploadURLExternal just before
   * its upload, else its title), and the bytes that reached its upload URL.
   */
  function uploaded(call: SlackCall, fileId: string | undefined): { name?: string; data?: Uint8Array } {
    const at = api.calls.findIndex((c) => c.method === 'upload' && c.id === fileId && !c.failed);
    const data = at >= 0 && api.calls[at]!.body.bytes instanceof Uint8Array ? { data: api.calls[at]!.body.bytes } : {};
    const announced = api.calls.slice(0, Math.max(at, 0)).reverse().find((c) => c.method === 'files.getUploadURLExternal' && !c.failed);
    if (at >= 0 && typeof announced?.body.filename === 'string') return { name: announced.body.filename, ...data };
    const files = Array.isArray(call.body.files) ? (call.body.files as Array<{ title?: string }>) : [];
    return { name: files[0]?.title, ...data };
  }

  /** What a person sees of a modal: its title, each field's label and each option's label. */
  function modalText(view: { title?: { text?: string }; blocks?: Array<{ label?: { text?: string }; element?: { options?: Array<{ text?: { text?: string } }> } }> }): string {
    const lines = [view.title?.text ?? ''];
    for (const b of view.blocks ?? []) {
      lines.push(b.label?.text ?? '');
      for (const o of b.element?.options ?? []) lines.push(o.text?.text ?? '');
    }
    return lines.filter(Boolean).join('\n');
  }

  /** A views.open call as a delivery to the person whose interaction (the last one before it) opened it. */
  function toModal(call: SlackCall, index: number): SlackDelivery | undefined {
    const view = (typeof call.body.view === 'object' && call.body.view !== null ? call.body.view : {}) as Parameters<typeof modalText>[0] & { private_metadata?: string };
    const by = interactions.filter((i) => i.at <= index).at(-1);
    let channel = by?.channel;
    try {
      channel = (JSON.parse(view.private_metadata ?? '{}') as { channel?: string }).channel ?? channel;
    } catch {
      // Metadata that is not JSON: the channel of the interaction that opened it.
    }
    return { where: 'modal', ...(channel && { channel }), ...(by && { user: by.user }), text: modalText(view), blocks: (view.blocks ?? []) as unknown[] };
  }

  function toDelivery(call: SlackCall): SlackDelivery | undefined {
    const text = typeof call.body.text === 'string' ? unescape(call.body.text) : '';
    const blocks = Array.isArray(call.body.blocks) ? (call.body.blocks as unknown[]) : undefined;
    const withBlocks = <T extends object>(d: T) => (blocks ? { ...d, blocks } : d);
    switch (call.method) {
      case 'respond':
      case 'ack': {
        const origin = origins.get(call.id ?? '');
        if (call.body.response_type === 'in_channel') return withBlocks({ where: 'channel' as const, ...(origin && { channel: origin.channel }), text });
        return withBlocks({ where: 'ephemeral' as const, ...(origin && { channel: origin.channel, user: origin.user }), text });
      }
      case 'chat.postMessage': {
        const channel = String(call.body.channel ?? '');
        if (channel.startsWith('D')) return withBlocks({ where: 'dm' as const, channel, user: dmUser(channel), text });
        return withBlocks({ where: 'channel' as const, channel, text });
      }
      case 'chat.postEphemeral':
        return withBlocks({ where: 'ephemeral' as const, channel: String(call.body.channel ?? ''), user: String(call.body.user ?? ''), text });
      case 'files.completeUploadExternal': {
        const channel = String(call.body.channel_id ?? '');
        const files = Array.isArray(call.body.files) ? (call.body.files as Array<{ id?: string }>) : [];
        const file = uploaded(call, files[0]?.id);
        const comment = typeof call.body.initial_comment === 'string' ? unescape(call.body.initial_comment) : '';
        const base = channel.startsWith('D')
          ? { where: 'dm' as const, channel, user: dmUser(channel), text: comment }
          : { where: 'channel' as const, channel, text: comment };
        return file.name === undefined ? base : { ...base, file: file.name, ...(file.data && { data: file.data }) };
      }
      default:
        return undefined;
    }
  }

  let closed = false;
  const harness: SlackHarness = {
    h,
    api,
    ...(socket && { socket }),
    url,
    signingSecret,
    adapter,
    triggerIds,
    settle,
    async slash(user, channel, line) {
      const res = await harness.request(user, channel, line);
      await settle();
      return res;
    },
    async request(user, channel, line) {
      const m = /^\/(\S+)\s*(.*)$/s.exec(line);
      if (!m) throw new Error(`not a slash command: ${line}`);
      const id = String(++seq);
      origins.set(id, { channel, user });
      interactions.push({ at: api.calls.length, user, channel });
      const body = slashCommand({
        command: `/${m[1]!}`,
        text: m[2]!,
        user_id: user,
        user_name: user.toLowerCase(),
        channel_id: channel,
        channel_name: channel.startsWith('D') ? 'directmessage' : channel.toLowerCase(),
        response_url: api.responseUrl(id),
        ...triggerId(),
      });
      const at = api.calls.length;
      const res = await post(body);
      if (res.status === 200 && res.body) api.acknowledged(id, JSON.parse(res.body) as Record<string, unknown>, at);
      return res;
    },
    async click(user, channel, command) {
      const id = String(++seq);
      origins.set(id, { channel, user });
      interactions.push({ at: api.calls.length, user, channel });
      const res = await post(blockAction({ user_id: user, channel_id: channel, action_id: 'xc_action_0', value: command, response_url: api.responseUrl(id), ...triggerId() }));
      await settle();
      return res;
    },
    async submit(user, channel, command, values) {
      interactions.push({ at: api.calls.length, user, channel });
      const res = await post(viewSubmission({ user_id: user, callback_id: 'xc_form', private_metadata: JSON.stringify({ command, channel }), values: values as ViewValues, ...triggerId() }));
      await settle();
      return res;
    },
    deliveries(since = 0, options = {}) {
      return api.calls.slice(since).flatMap((c, i) => {
        if (c.failed) return [];
        const d = c.method === 'views.open' ? (options.modals ? toModal(c, since + i) : undefined) : toDelivery(c);
        return d ? [d] : [];
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await adapter.idle();
      await adapter.stop();
      await h.dispose();
      await api.close();
      await socket?.close();
    },
  };
  return harness;
}

/**
 * A team set up the Slack way, by UADMIN's slash commands in `channel` (default CTEAM): 第一巡察组 with
 * units 城关镇 and 东关村; ULEAD 组长, UDEPUTY 副组长, UMEMBER 组员, ULIAISON 联络员 (城关镇).
 */
export async function withSlackTeam(s: SlackHarness, channel = 'CTEAM'): Promise<void> {
  const setup = [
    '/team create 第一巡察组',
    '/team unit add 城关镇',
    '/team unit add 东关村',
    '/team add <@ULEAD|zhang> 组长',
    '/team add <@UDEPUTY|li> 副组长',
    '/team add <@UMEMBER|wang> 组员',
    '/team add <@ULIAISON|liu> 联络员 --unit 城关镇',
  ];
  for (const line of setup) {
    const since = s.api.calls.length;
    const res = await s.slash('UADMIN', channel, line);
    const out = s.deliveries(since);
    if (res.status !== 200 || out.length !== 1 || out[0]!.where !== 'channel') {
      throw new Error(`setup failed at ${line}: ${res.status} ${JSON.stringify(out)}`);
    }
  }
}
