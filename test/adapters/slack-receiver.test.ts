import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackReceiver } from '../../adapters/slack/receiver.ts';
import { createLogger } from '../../src/logger.ts';
import { blockAction, slashCommand } from '../helpers/slack-payloads.ts';
import { createSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { postSlack, signSlackRequest } from '../helpers/slack-sign.ts';

const TEAM = 'CTEAM';

/** Our receiver, as the bot serves it, in front of a real App and bot. */
describe('SlackReceiver behind the real adapter', () => {
  let s: SlackHarness;
  afterEach(async () => {
    await s?.close();
  });

  const events = () => `${s.url}/slack/events`;
  const createTeam = (text = 'create 第一巡察组') => slashCommand({ command: '/team', text, user_id: 'UADMIN', channel_id: TEAM, response_url: s.api.responseUrl('r') });
  /** The stand-in calls other than Bolt's token check: what the bot did in Slack. */
  const acted = () => s.api.calls.filter((c) => c.method !== 'auth.test');

  async function nothingHappened(): Promise<void> {
    await s.adapter.idle();
    expect(await s.h.bot.services.teams.all()).toEqual([]);
    expect(acted()).toEqual([]);
  }

  it('answers an unsigned ssl_check with 200 and reads nothing else in it', async () => {
    s = await createSlackHarness();
    // A smuggled command beside ssl_check=1 must not run: the request carries no signature.
    const body = `ssl_check=1&${createTeam()}`;
    const res = await postSlack(events(), body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res).toEqual({ status: 200, body: '' });
    await nothingHappened();
  });

  it('echoes a signed url_verification challenge', async () => {
    s = await createSlackHarness();
    const body = JSON.stringify({ type: 'url_verification', token: 't', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    const res = await postSlack(events(), body, signSlackRequest(body, s.signingSecret));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses a timestamp more than five minutes ahead, as a replay, and one just inside the window is served', async () => {
    s = await createSlackHarness();
    const body = createTeam();
    const now = Math.floor(Date.now() / 1000);
    expect((await postSlack(events(), body, signSlackRequest(body, s.signingSecret, now + 6 * 60))).status).toBe(401);
    await nothingHappened();
    const res = await postSlack(events(), body, signSlackRequest(body, s.signingSecret, now - 4 * 60));
    expect(res.status).toBe(200);
    expect((await s.h.bot.services.teams.all()).map((t) => t.name)).toEqual(['第一巡察组']);
  });

  it('refuses malformed signature headers with 401: another version, a short digest, a timestamp that is not a number', async () => {
    s = await createSlackHarness();
    const body = createTeam();
    const good = signSlackRequest(body, s.signingSecret);
    const variants = [
      { ...good, 'x-slack-signature': good['x-slack-signature']!.replace('v0=', 'v1=') },
      { ...good, 'x-slack-signature': good['x-slack-signature']!.slice(0, -1) },
      { ...good, 'x-slack-signature': 'v0=' },
      { ...good, 'x-slack-request-timestamp': `${good['x-slack-request-timestamp']}.0` },
      { ...good, 'x-slack-request-timestamp': '' },
    ];
    for (const headers of variants) expect((await postSlack(events(), body, headers)).status, JSON.stringify(headers)).toBe(401);
    await nothingHappened();
    // Refusals are logged by status only: nothing of what was sent, which may be anything.
    expect(s.h.logs.filter((l) => l.msg === 'slack request refused')).toHaveLength(variants.length);
    expect(JSON.stringify(s.h.logs)).not.toContain('第一巡察组');
    expect(JSON.stringify(s.h.logs)).not.toContain(good['x-slack-signature']!.slice(3));
  });

  it('refuses a body over 1 MB with 413 without running anything', async () => {
    s = await createSlackHarness();
    const body = createTeam(`create ${'大'.repeat(400_000)}`);
    const res = await postSlack(events(), body, signSlackRequest(body, s.signingSecret));
    expect(res.status).toBe(413);
    await nothingHappened();
  });

  it('refuses a signed body that is not what it claims to be with 400', async () => {
    s = await createSlackHarness();
    const broken = 'payload=%7Bnot%20json';
    expect((await postSlack(events(), broken, signSlackRequest(broken, s.signingSecret))).status).toBe(400);
    const scalar = '42';
    expect((await postSlack(events(), scalar, { ...signSlackRequest(scalar, s.signingSecret), 'content-type': 'application/json' })).status).toBe(400);
    await nothingHappened();
  });

  it('answers anything but POST with 405', async () => {
    s = await createSlackHarness();
    expect((await fetch(events())).status).toBe(405);
  });

  it('answers 404 at once when no listener acknowledges the event (a button this bot never made)', async () => {
    s = await createSlackHarness();
    const body = blockAction({ user_id: 'UADMIN', channel_id: TEAM, action_id: 'someone_elses_button', value: '/team create 第一巡察组', response_url: s.api.responseUrl('b') });
    const res = await postSlack(events(), body, signSlackRequest(body, s.signingSecret));
    expect(res.status).toBe(404);
    // Answered when the listeners were done, not by the 3-second guard.
    expect(s.h.logs.map((l) => l.msg)).not.toContain('a Slack request was not acknowledged within 3 seconds');
    await nothingHappened();
  });
});

/** The receiver alone, before an App whose handling never acknowledges. */
describe('SlackReceiver with a listener that never acknowledges', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  it('answers 404 once Slack has stopped waiting (3 s) and logs it', async () => {
    const lines: string[] = [];
    const log = createLogger('info', undefined, { write: (line: string) => lines.push(line) } as never);
    const receiver = new SlackReceiver({ signingSecret: 'secret', log });
    let resolveEvent!: () => void;
    receiver.init({ processEvent: () => new Promise<void>((resolve) => (resolveEvent = resolve)) } as unknown as App);
    server = createServer(receiver.requestListener);
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const body = slashCommand({ command: '/rule', text: '宴请' });
    const res = await postSlack(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, body, signSlackRequest(body, 'secret'));
    expect(res.status).toBe(404);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['a Slack request was not acknowledged within 3 seconds']);
    resolveEvent();
  });

  it('refuses to be built without a signing secret, naming the variable', () => {
    expect(() => new SlackReceiver({ signingSecret: '', log: createLogger('silent') })).toThrow(/SLACK_SIGNING_SECRET/);
  });
});
