import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-api.ts';
import { blockAction, slashCommand, viewSubmission } from './helpers/slack-payloads.ts';
import { postSlack, signSlackRequest } from './helpers/slack-sign.ts';

let standIn: SlackStandIn;
let client: WebClient;

beforeEach(async () => {
  standIn = await startSlackStandIn();
  // Retry fast: WebClient's default policy retries for about 30 minutes.
  client = new WebClient('xoxb-test', {
    slackApiUrl: standIn.url,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
  });
});
afterEach(() => standIn.close());

describe('Slack stand-in', () => {
  it('records chat.postMessage with decoded blocks and the bearer token', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*整改* 到期' } }];
    const res = await client.chat.postMessage({ channel: 'C1', text: '整改到期', blocks });
    expect(res.ok).toBe(true);
    expect(res.channel).toBe('C1');
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);

    const call = await standIn.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.token).toBe('xoxb-test');
    expect(call.body).toMatchObject({ channel: 'C1', text: '整改到期', blocks });
  });

  it('answers auth.test, users.info and conversations.open', async () => {
    standIn.setUser('U0ALICE', { name: 'alice', real_name: '李丽', display_name: '丽丽' });
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', user: 'xuncha' });

    const info = await client.users.info({ user: 'U0ALICE' });
    expect(info.user).toMatchObject({ id: 'U0ALICE', name: 'alice', real_name: '李丽' });
    expect(info.user?.profile).toMatchObject({ display_name: '丽丽', real_name: '李丽' });
    const unknown = await client.users.info({ user: 'U0BOB' });
    expect(unknown.user?.name).toBeTruthy();

    const dm = await client.conversations.open({ users: 'U0ALICE' });
    expect(dm.channel?.id).toBe('D0ALICE');
    expect(standIn.callsOf('conversations.open')).toHaveLength(1);
  });

  it('lets WebClient retry a 429 after Retry-After', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const res = await client.chat.postMessage({ channel: 'C1', text: 'again' });
    expect(res.ok).toBe(true);
    // WebClient sleeps Retry-After itself, whatever retryConfig says.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const calls = standIn.callsOf('chat.postMessage');
    expect(calls.map((c) => c.failed ?? false)).toEqual([true, false]);
  });

  it('turns an { error } failure into a platform error once', async () => {
    standIn.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(client.chat.postMessage({ channel: 'C404', text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'channel_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('completes files.uploadV2 and records the uploaded bytes', async () => {
    const bytes = Buffer.from('巡察,整改\n1,2\n');
    const res = await client.files.uploadV2({ channel_id: 'C1', file: bytes, filename: 'report.csv', title: '报表' });
    expect(res.ok).toBe(true);

    expect(standIn.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [getUrl, upload, complete] = standIn.calls;
    expect(getUrl?.body).toMatchObject({ filename: 'report.csv', length: String(bytes.length) });
    expect(upload?.body.length).toBe(bytes.length);
    expect(Buffer.compare(upload?.body.bytes as Buffer, bytes)).toBe(0);
    expect(complete?.body).toMatchObject({ channel_id: 'C1', files: [{ id: upload?.id, title: '报表' }] });
  });

  it('records response_url posts', async () => {
    const res = await fetch(standIn.responseUrl('cmd-1'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: '收到', response_type: 'ephemeral' }),
    });
    expect(res.status).toBe(200);
    expect(await standIn.waitFor((c) => c.method === 'respond')).toMatchObject({
      id: 'cmd-1',
      body: { text: '收到', response_type: 'ephemeral' },
    });
  });

  it('records an acknowledgement’s answer where its interaction was posted, before the calls after it', async () => {
    const at = standIn.calls.length;
    await client.chat.postMessage({ channel: 'C1', text: '之后' });
    standIn.acknowledged('cmd-2', { text: '收到', response_type: 'in_channel' }, at);
    expect(standIn.calls.slice(at).map((c) => [c.method, c.id])).toEqual([
      ['ack', 'cmd-2'],
      ['chat.postMessage', undefined],
    ]);
  });

  it('waitFor rejects with the recorded methods on timeout', async () => {
    await client.auth.test();
    await expect(standIn.waitFor((c) => c.method === 'views.open', 50)).rejects.toThrow(/auth\.test/);
  });
});

describe('Slack request signing', () => {
  it("matches Slack's documented example", () => {
    // From Slack's "Verifying requests from Slack" guide.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = signSlackRequest(body, '8f742231b10e8888abcd99yyyzzz85a5', 1531420618);
    expect(headers).toMatchObject({
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'content-type': 'application/x-www-form-urlencoded',
    });
  });

  it('signs JSON bodies as JSON', () => {
    const body = '{"type":"url_verification","challenge":"c"}';
    const headers = signSlackRequest(body, 'secret', 1700000000);
    const expected = createHmac('sha256', 'secret').update(`v0:1700000000:${body}`).digest('hex');
    expect(headers['x-slack-signature']).toBe(`v0=${expected}`);
    expect(headers['content-type']).toBe('application/json');
  });

  it('postSlack sends the raw body with the headers', async () => {
    const body = slashCommand({ text: '查 整改', response_url: standIn.responseUrl('x') });
    // The stand-in's respond route records whatever arrives, which makes it a handy echo here.
    const res = await postSlack(standIn.responseUrl('signed'), body, signSlackRequest(body, 's'));
    expect(res).toEqual({ status: 200, body: 'ok' });
    const call = await standIn.waitFor((c) => c.id === 'signed');
    expect(call.body).toMatchObject({ command: '/xc', text: '查 整改', response_url: standIn.responseUrl('x') });
  });
});

describe('Slack payload builders', () => {
  it('build block_actions and view_submission bodies', () => {
    const click = JSON.parse(
      new URLSearchParams(blockAction({ user_id: 'U2', channel_id: 'C2', action_id: 'done', value: 'v' })).get('payload')!,
    );
    expect(click).toMatchObject({
      type: 'block_actions',
      user: { id: 'U2' },
      channel: { id: 'C2' },
      container: { channel_id: 'C2' },
      actions: [{ action_id: 'done', value: 'v', type: 'button' }],
    });

    const values = { title: { title_input: { type: 'plain_text_input', value: '标题' } } };
    const submit = JSON.parse(
      new URLSearchParams(viewSubmission({ callback_id: 'report', private_metadata: '{"c":"C1"}', values })).get('payload')!,
    );
    expect(submit).toMatchObject({
      type: 'view_submission',
      view: { type: 'modal', callback_id: 'report', private_metadata: '{"c":"C1"}', state: { values } },
    });
  });
});

describe('a real Bolt App against the stand-in', () => {
  it('handles a signed slash command and a button click', async () => {
    const signingSecret = 'test-secret';
    const app = new App({
      token: 'xoxb-test',
      signingSecret,
      logLevel: LogLevel.ERROR,
      processBeforeResponse: true,
      clientOptions: { slackApiUrl: standIn.url, retryConfig: { retries: 0 } },
    });
    app.command('/xc', async ({ ack, respond, say, command }) => {
      await ack();
      await respond(`echo ${command.text}`);
      await say('posted');
    });
    app.action('confirm', async ({ ack, respond, body }) => {
      await ack();
      await respond({ text: `clicked by ${body.user.id}`, replace_original: false });
    });
    const server = (await app.start(0)) as Server;
    try {
      const events = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

      const cmd = slashCommand({ text: '查 整改', response_url: standIn.responseUrl('cmd') });
      expect((await postSlack(events, cmd, signSlackRequest(cmd, signingSecret))).status).toBe(200);
      expect((await standIn.waitFor((c) => c.id === 'cmd')).body).toEqual({ text: 'echo 查 整改' });
      const posted = await standIn.waitFor((c) => c.method === 'chat.postMessage');
      expect(posted.body).toMatchObject({ channel: 'C0XC0001', text: 'posted', team_id: 'T0001' });

      const click = blockAction({ user_id: 'U0BOB', response_url: standIn.responseUrl('click') });
      expect((await postSlack(events, click, signSlackRequest(click, signingSecret))).status).toBe(200);
      expect((await standIn.waitFor((c) => c.id === 'click')).body).toMatchObject({ text: 'clicked by U0BOB' });

      // Bolt verified its token once, on the first request.
      expect(standIn.callsOf('auth.test')).toHaveLength(1);
      // A stale timestamp is refused before any listener runs.
      const stale = signSlackRequest(cmd, signingSecret, Math.floor(Date.now() / 1000) - 600);
      expect((await postSlack(events, cmd, stale)).status).toBe(401);
    } finally {
      await app.stop();
    }
  });
});
