import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { reply } from '../../src/command.ts';
import type { Incoming, Reply } from '../../src/types.ts';
import { slashCommand } from '../helpers/slack-payloads.ts';
import { APP_TOKEN, createSlackHarness, state, withSlackTeam, type SlackDelivery, type SlackHarness } from '../helpers/slack-harness.ts';

// Socket Mode end to end: the real adapter, Bolt's SocketModeReceiver and @slack/socket-mode's client,
// against a WebSocket stand-in for Slack that apps.connections.open (at SLACK_API_URL) points to.

const TEAM = 'CTEAM';

let s: SlackHarness;
afterEach(async () => {
  await s?.close();
});

/** The Socket Mode stand-in of the current harness. */
const socket = () => s.socket!;

/** Run a slash command over the socket; returns the ack's payload (undefined when empty) and what reached Slack. */
async function run(user: string, channel: string, line: string): Promise<{ ack?: Record<string, unknown>; out: SlackDelivery[] }> {
  const since = s.api.calls.length;
  const res = await s.slash(user, channel, line);
  expect(res.status, line).toBe(200);
  return { ...(res.body && { ack: JSON.parse(res.body) as Record<string, unknown> }), out: s.deliveries(since) };
}

/** Record every Incoming the adapter hands the core (typed, clicked or submitted), still handled for real. */
function recordIncoming(): Array<Omit<Incoming, 'command' | 'text'> & { command?: string }> {
  const seen: Array<Omit<Incoming, 'command' | 'text'> & { command?: string }> = [];
  const bot = s.h.bot;
  const { handle, dispatch, submit } = bot;
  bot.handle = ((msg) => (seen.push(msg), handle(msg))) as Bot['handle'];
  bot.dispatch = ((msg) => (seen.push(msg), dispatch(msg))) as Bot['dispatch'];
  bot.submit = ((msg, command, values) => (seen.push(msg), submit(msg, command, values))) as Bot['submit'];
  return seen;
}

async function findingCount(): Promise<number> {
  const team = await s.h.bot.services.teams.byChat(`slack:${TEAM}`);
  return team ? (await s.h.bot.services.findings.list(team.id)).length : 0;
}

describe('Slack Socket Mode: connecting', () => {
  it('opens the connection through apps.connections.open at SLACK_API_URL with the app token, and serves no HTTP route', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    expect(s.adapter.route).toBeUndefined();
    expect(s.api.callsOf('apps.connections.open')).toEqual([expect.objectContaining({ token: APP_TOKEN })]);
    // The bot token is for the Web API only; the app token for apps.connections.open only.
    expect(s.api.calls.filter((c) => c.method !== 'apps.connections.open').every((c) => c.token === 'xoxb-test')).toBe(true);
    // start() resolved once Slack's hello came, on the one connection opened.
    expect([socket().connections, socket().open]).toEqual([1, 1]);
  });

  it('closes the socket on stop(), and does not reconnect', async () => {
    s = await createSlackHarness({ transport: 'socket', adapter: { clientPingTimeoutMs: 500 } });
    await s.adapter.stop();
    await socket().waitForNoneOpen();
    // Longer than the SDK would wait before reconnecting: no reconnect comes.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(socket().connections).toBe(1);
    expect(s.api.callsOf('apps.connections.open')).toHaveLength(1);
  });
});

describe('Slack Socket Mode: commands and interactions', () => {
  it('answers quick slash commands in the ack: in_channel for the chat, ephemeral for a refusal', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    await withSlackTeam(s);
    const rule = await run('UOWNER', 'COTHER', '/rule 宴请');
    expect(rule.ack).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^与「宴请」相关的规定：/), blocks: expect.any(Array) });
    expect(rule.out).toEqual([expect.objectContaining({ where: 'channel', channel: 'COTHER' })]);
    const refusal = await run('ULIAISON', TEAM, '/finding list');
    expect(refusal.ack).toEqual({ response_type: 'ephemeral', text: '需要以下角色之一：巡察办、组长、副组长、组员（你的角色：联络员）。请由巡察办、组长、副组长或组员办理。', blocks: expect.any(Array) });
    // On the wire: one ack per envelope, carrying its envelope_id, the answer as the ack's payload.
    const [ruleEnvelope, refusalEnvelope] = socket().envelopes.slice(-2);
    expect(ruleEnvelope).toMatchObject({ type: 'slash_commands', accepts_response_payload: true, payload: { command: '/rule', text: '宴请' } });
    expect(socket().acksOf(ruleEnvelope!.envelope_id)).toEqual([{ envelope_id: ruleEnvelope!.envelope_id, payload: rule.ack, connection: 1 }]);
    expect(socket().acksOf(refusalEnvelope!.envelope_id)).toHaveLength(1);
    expect(socket().acks).toHaveLength(socket().envelopes.length);
    expect(socket().strays).toEqual([]);
    // Nothing went to a response_url or the Web API for these answers.
    expect(s.api.callsOf('respond')).toEqual([]);
    expect(s.api.callsOf('chat.postMessage')).toEqual([]);
    expect(s.api.callsOf('chat.postEphemeral')).toEqual([]);
  });

  it('acks a slow command empty and answers through response_url once the core is done', async () => {
    s = await createSlackHarness({ transport: 'socket', adapter: { ackBudgetMs: 10 } });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const handle = s.h.bot.handle;
    s.h.bot.handle = async (msg) => {
      await gate;
      return handle(msg);
    };
    const res = await s.request('UADMIN', TEAM, '/team create 第一巡察组');
    expect(res).toEqual({ status: 200, body: '' });
    expect(socket().acks.at(-1)).not.toHaveProperty('payload');
    expect(s.deliveries()).toEqual([]);
    open();
    await s.settle();
    expect(s.deliveries()).toEqual([expect.objectContaining({ where: 'channel', channel: TEAM, text: expect.stringMatching(/^已新建巡察组「第一巡察组」/) })]);
    expect(s.api.callsOf('respond').map((c) => c.body.response_type)).toEqual(['in_channel']);
  });

  it('acks with the first reply that fits and sends the others as in HTTP mode: DM by chat.postMessage, ephemeral by response_url', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    await withSlackTeam(s);
    s.h.bot.handle = async () => ({ replies: [reply.dm('一、私信', []), reply.chat('二、群里', []), reply.asker('三、仅你可见', [])] as Reply[] });
    const { ack, out } = await run('UMEMBER', TEAM, '/team');
    expect(ack).toMatchObject({ response_type: 'in_channel', text: '二、群里' });
    expect(out.map((d) => [d.where, d.channel, d.text])).toEqual([
      ['channel', TEAM, '二、群里'],
      ['dm', 'DMEMBER', '一、私信'],
      ['ephemeral', TEAM, '三、仅你可见'],
    ]);
  });

  it('uploads /export to the asker’s DM, acking empty', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    await withSlackTeam(s);
    const { ack, out } = await run('ULEAD', TEAM, '/export');
    expect(ack).toBeUndefined();
    expect(out).toEqual([expect.objectContaining({ where: 'dm', channel: 'DLEAD', user: 'ULEAD', file: 'xuncha-第一巡察组-20261125-090000.xlsx' })]);
  });

  it('runs a button (a block_actions envelope) as the person who pressed it, checking their role again', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    await withSlackTeam(s);
    await run('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    let since = s.api.calls.length;
    expect(await s.click('UMEMBER', TEAM, '/finding review F-1')).toEqual({ status: 200, body: '' });
    const click = socket().envelopes.at(-1)!;
    expect(click).toMatchObject({ type: 'interactive', accepts_response_payload: true, payload: { type: 'block_actions' } });
    // A button is acknowledged with its envelope_id alone; the answer follows through response_url.
    expect(socket().acksOf(click.envelope_id)).toEqual([{ envelope_id: click.envelope_id, connection: 1 }]);
    expect(s.deliveries(since)).toEqual([expect.objectContaining({ where: 'ephemeral', channel: TEAM, user: 'UMEMBER', text: '需要以下角色之一：组长、副组长（你的角色：组员）。请由组长或副组长办理。' })]);

    since = s.api.calls.length;
    await s.click('ULEAD', TEAM, '/finding review F-1');
    expect(s.deliveries(since)).toEqual([expect.objectContaining({ where: 'channel', channel: TEAM, text: '已复核 F-1：待组长审签。' })]);
    const team = (await s.h.bot.services.teams.byChat(`slack:${TEAM}`))!;
    const [finding] = await s.h.bot.services.findings.list(team.id);
    expect(finding!.history.at(-1)).toMatchObject({ by: 'slack:ULEAD', field: 'state', to: 'reviewed' });
  });

  it('acks a view_submission with an error as response_action: errors, beside the field, and saves nothing', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    await withSlackTeam(s);
    const values = { unit: state.select('城关镇'), cat: state.select('作风建设'), text: state.text(null), source: state.select(null), severity: state.select(null) };
    const res = await s.submit('UMEMBER', TEAM, 'finding add', values);
    const submission = socket().envelopes.at(-1)!;
    expect(submission).toMatchObject({ type: 'interactive', payload: { type: 'view_submission' } });
    const ack = socket().acksOf(submission.envelope_id);
    expect(ack).toEqual([{ envelope_id: submission.envelope_id, payload: { response_action: 'errors', errors: { text: expect.stringMatching(/^缺少问题描述。/) } }, connection: 1 }]);
    expect(JSON.parse(res.body)).toEqual(ack[0]!.payload);
    expect(await findingCount()).toBe(0);

    // The same form filled in: acked empty (the modal closes), the answer for the asker by chat.postEphemeral.
    const since = s.api.calls.length;
    const ok = await s.submit('UMEMBER', TEAM, 'finding add', { ...values, text: state.text('公车私用') });
    expect(ok).toEqual({ status: 200, body: '' });
    expect(await findingCount()).toBe(1);
    expect(s.deliveries(since)).toEqual([expect.objectContaining({ where: 'ephemeral', channel: TEAM, user: 'UMEMBER', text: '已保存 F-1（草稿）：城关镇 · 作风建设 · 一般' })]);
    expect(s.api.callsOf('chat.postEphemeral')).toHaveLength(1);
  });
});

describe('Slack Socket Mode: reconnecting', () => {
  it('reconnects when Slack sends disconnect (a second apps.connections.open) and goes on answering', async () => {
    // The SDK waits its client ping timeout before reconnecting: short here, so the test takes no 5 s.
    s = await createSlackHarness({ transport: 'socket', adapter: { clientPingTimeoutMs: 500 } });
    expect((await run('UADMIN', TEAM, '/team create 第一巡察组')).ack).toMatchObject({ response_type: 'in_channel' });
    socket().disconnect('refresh_requested');
    await socket().waitForConnections(2);
    // A new URL (its ticket single-use), asked for with the app token again; the old connection is closed.
    expect(s.api.callsOf('apps.connections.open')).toEqual([expect.objectContaining({ token: APP_TOKEN }), expect.objectContaining({ token: APP_TOKEN })]);
    expect(socket().open).toBe(1);

    const { ack } = await run('UADMIN', TEAM, '/team');
    expect(ack).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^巡察组「第一巡察组」/) });
    expect(socket().acks.at(-1)!.connection).toBe(2);
  });
});

describe('Slack delivery ids', () => {
  for (const transport of ['http', 'socket'] as const) {
    it(`gives every Incoming its trigger_id as deliveryId (${transport}): typed, clicked, submitted`, async () => {
      s = await createSlackHarness({ transport, uniqueTriggerIds: true });
      await withSlackTeam(s);
      const seen = recordIncoming();
      await s.slash('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
      await s.click('ULEAD', TEAM, '/finding review F-1');
      await s.submit('UMEMBER', TEAM, 'finding add', {
        unit: state.select('城关镇'),
        cat: state.select('作风建设'),
        text: state.text('违规发放补贴'),
        source: state.select(null),
        severity: state.select(null),
      });
      expect(seen.map((m) => [m.user, m.command])).toEqual([
        ['slack:UMEMBER', 'finding'],
        ['slack:ULEAD', 'finding'],
        // A submitted form carries no typed command: the core gets the form's command separately.
        ['slack:UMEMBER', ''],
      ]);
      // Each is the trigger_id of the payload it came in, and no two are the same.
      const triggers = seen.map((m) => (m.raw as { trigger_id?: string }).trigger_id);
      expect(seen.map((m) => m.deliveryId)).toEqual(triggers);
      expect(new Set(triggers).size).toBe(3);
      expect(triggers.every((t) => typeof t === 'string' && /^\d+\.\d+\.[0-9a-f]+$/.test(t))).toBe(true);
    });
  }

  it('falls back on the envelope_id in Socket Mode when a payload has no trigger_id', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    const seen = recordIncoming();
    const payload = Object.fromEntries(new URLSearchParams(slashCommand({ command: '/help', text: '', user_id: 'UMEMBER', channel_id: TEAM, response_url: s.api.responseUrl('no-trigger') })));
    delete payload.trigger_id;
    const envelopeId = socket().send('slash_commands', payload);
    await socket().ackOf(envelopeId);
    await s.settle();
    expect(seen.map((m) => m.deliveryId)).toEqual([envelopeId]);
  });

  it('hands a re-delivered envelope (same envelope_id, retry_attempt 1) to the core with the same deliveryId, and acks it again', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    await withSlackTeam(s);
    const seen = recordIncoming();
    await s.slash('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    const first = socket().envelopes.at(-1)!;
    socket().redeliver(first.envelope_id, { attempt: 1, reason: 'timeout' });
    const again = socket().envelopes.at(-1)!;
    expect(again).toEqual({ ...first, retry_attempt: 1, retry_reason: 'timeout' });
    await expect.poll(() => socket().acksOf(first.envelope_id).length).toBe(2);
    await s.settle();
    expect(seen).toHaveLength(2);
    expect(seen[1]!.deliveryId).toBe(seen[0]!.deliveryId);
    expect(seen[0]!.deliveryId).toBe((first.payload as { trigger_id: string }).trigger_id);
  });

  // End to end with the core's part (src/bot.ts: a change is committed with its delivery's mark).
  it('does not run a re-delivered command twice: one finding, and nothing more in the channel', async () => {
    s = await createSlackHarness({ transport: 'socket' });
    await withSlackTeam(s);
    const { ack } = await run('ULEAD', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    expect(ack).toMatchObject({ text: expect.stringMatching(/^已保存 F-1/) });
    const first = socket().envelopes.at(-1)!;
    const since = s.api.calls.length;
    socket().redeliver(first.envelope_id, { attempt: 1, reason: 'timeout' });
    await expect.poll(() => socket().acksOf(first.envelope_id).length).toBe(2);
    await s.settle();
    expect(await findingCount()).toBe(1);
    // Acknowledged again, so Slack stops retrying; whatever the core answers, it is for the asker alone.
    const again = socket().acksOf(first.envelope_id)[1]!;
    expect(again.payload?.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(s.deliveries(since).filter((d) => d.where !== 'ephemeral')).toEqual([]);
  });
});
