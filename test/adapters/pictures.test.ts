/**
 * Charts on every platform, through each adapter with only the platform's far side faked: a picture
 * with no words goes as the platform shows a picture (a Telegram photo without a caption, a Slack file
 * upload without a comment, a DingTalk image message, a console line of its own), to where its reply may
 * go, after the figures it shows; and so does the weekly chart the outbox sends with the digest.
 */
import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/console.ts';
import { createDigestJob } from '../../src/digest.ts';
import { parseConsole } from '../contract/console-driver.ts';
import { DT_FAILURES, type DingTalkCall } from '../helpers/dingtalk-api.ts';
import { createDingTalkHarness, dmConversation, DT_USERS, TEAM_GROUP, type DingTalkHarness } from '../helpers/dingtalk-harness.ts';
import { createHarness, storeTask, tempDir, withTeam, type Harness } from '../helpers/harness.ts';
import { PNG_SIGNATURE } from '../helpers/replies.ts';
import { createSlackHarness, withSlackTeam, type SlackHarness } from '../helpers/slack-harness.ts';
import { createTelegramHarness, GROUP_ID, TG_USERS, withTelegramTeam, type TelegramHarness } from '../helpers/telegram-harness.ts';

/** The team's chart as /stats draws it at the harness clock (2026-11-25 09:00), and the office's. */
const STATS_PNG = '统计-第一巡察组-20261125-0900.png';
const OVERVIEW_PNG = '总览-20261125-0900.png';
/** The weekly chart of Monday 2026-11-30, the default chart day, and that morning's digest time. */
const WEEKLY_PNG = '统计-第一巡察组-20261130.png';
const MONDAY = '2026-11-30T08:30:00+08:00';

const isPng = (data: Uint8Array | undefined) => expect([...(data ?? new Uint8Array()).subarray(0, 8)]).toEqual(PNG_SIGNATURE);

/** Run the daily digest job at `at` on a harness's bot and deliver the outbox, as the scheduler would. */
async function digestAt(h: Harness, at: string): Promise<void> {
  h.clock.set(at);
  await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
  await h.bot.flush();
}

describe('Telegram: a chart is a photo', () => {
  let t: TelegramHarness | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const { admin, leader, member } = TG_USERS;

  async function start(): Promise<TelegramHarness> {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
    await t.send('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风');
    await t.send('leader', 'group', `/rectify add F-1 收回车辆 --owner @${member.username} --due +2d`);
    return t;
  }

  it('/stats in the group: the figures, then sendPhoto to the same group with no caption', async () => {
    await start();
    const since = t!.calls.length;
    await t!.send('leader', 'group', '/stats');
    const calls = t!.calls.slice(since);
    expect(calls.map((c) => [c.method, c.payload.chat_id])).toEqual([['sendMessage', GROUP_ID], ['sendPhoto', GROUP_ID]]);
    const photo = calls[1]!;
    // No words of its own: no caption at all, not an empty one Telegram would refuse.
    expect(photo.payload.caption).toBeUndefined();
    expect(photo.upload?.name).toBe(STATS_PNG);
    isPng(photo.upload?.data);
    expect(t!.deliveries(since)[1]).toMatchObject({ chatId: GROUP_ID, text: '', file: STATS_PNG, photo: true });
  });

  it('/overview typed in the group: the figures and the photo to the office privately, nothing to the group', async () => {
    await start();
    const since = t!.calls.length;
    await t!.send('admin', 'group', '/overview');
    const calls = t!.calls.slice(since);
    expect(calls.map((c) => [c.method, c.payload.chat_id])).toEqual([['sendMessage', admin.id], ['sendPhoto', admin.id]]);
    expect(calls[1]!.payload.caption).toBeUndefined();
    expect(calls[1]!.upload?.name).toBe(OVERVIEW_PNG);
    isPng(calls[1]!.upload?.data);
  });

  it("the Monday digest (the outbox's sender): the group's text, then its chart as a photo", async () => {
    await start();
    const since = t!.calls.length;
    await digestAt(t!.h, MONDAY);
    const toGroup = t!.calls.slice(since).filter((c) => c.payload.chat_id === GROUP_ID);
    expect(toGroup.map((c) => c.method)).toEqual(['sendMessage', 'sendPhoto']);
    expect(String(toGroup[0]!.payload.text)).toContain('2026-11-30');
    expect(toGroup[1]!.payload.caption).toBeUndefined();
    expect(toGroup[1]!.upload?.name).toBe(WEEKLY_PNG);
    isPng(toGroup[1]!.upload?.data);
    // The owners' and leaders' own digests carry no chart.
    expect(t!.calls.slice(since).filter((c) => c.method === 'sendPhoto' && [leader.id, member.id].includes(Number(c.payload.chat_id)))).toEqual([]);
  });
});

describe('Slack: a chart is a file upload', () => {
  let s: SlackHarness | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });
  /** What the adapter did to answer: the acknowledgement and the Web API calls that deliver, in order. */
  const SHOWN = new Set(['ack', 'respond', 'chat.postMessage', 'chat.postEphemeral', 'conversations.open', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);

  async function start(): Promise<SlackHarness> {
    s = await createSlackHarness();
    await withSlackTeam(s);
    await s.slash('UMEMBER', 'CTEAM', '/finding add 公车私用 --unit 城关镇 --cat 作风');
    await s.slash('ULEAD', 'CTEAM', '/rectify add F-1 收回车辆 --owner <@UMEMBER|wang> --due +2d');
    return s;
  }

  it('/stats in the channel: the figures in the channel, then files.uploadV2 of the PNG there, without an initial comment', async () => {
    await start();
    const since = s!.api.calls.length;
    await s!.slash('ULEAD', 'CTEAM', '/stats');
    const calls = s!.api.calls.slice(since).filter((c) => SHOWN.has(c.method));
    expect(calls.map((c) => c.method)).toEqual(['ack', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const [ack, getUrl, upload, complete] = calls;
    expect(ack!.body).toMatchObject({ response_type: 'in_channel' });
    expect(getUrl!.body).toMatchObject({ filename: STATS_PNG });
    isPng(upload!.body.bytes as Buffer);
    expect(complete!.body).toMatchObject({ channel_id: 'CTEAM', files: [{ id: upload!.id, title: STATS_PNG }] });
    // A picture with no words: no comment, not an empty one.
    expect(complete!.body).not.toHaveProperty('initial_comment');
    expect(s!.deliveries(since).at(-1)).toMatchObject({ where: 'channel', channel: 'CTEAM', text: '', file: STATS_PNG });
  });

  it('/overview in the channel: the figures ephemeral, the picture to the office’s DM (an ephemeral message carries no file)', async () => {
    await start();
    const since = s!.api.calls.length;
    await s!.slash('UADMIN', 'CTEAM', '/overview');
    const calls = s!.api.calls.slice(since).filter((c) => SHOWN.has(c.method));
    expect(calls.map((c) => c.method)).toEqual(['ack', 'conversations.open', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    expect(calls[0]!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(calls[2]!.body).toMatchObject({ filename: OVERVIEW_PNG });
    expect(calls[4]!.body).toMatchObject({ channel_id: 'DADMIN' });
    expect(calls[4]!.body).not.toHaveProperty('initial_comment');
    expect(s!.api.calls.slice(since).some((c) => c.body.channel_id === 'CTEAM' || c.body.channel === 'CTEAM')).toBe(false);
  });

  it("the Monday digest (the outbox's sender): the channel's text, then its chart uploaded there", async () => {
    await start();
    const since = s!.api.calls.length;
    await digestAt(s!.h, MONDAY);
    const toChannel = s!.api.calls.slice(since).filter((c) => c.body.channel === 'CTEAM' || c.body.channel_id === 'CTEAM');
    expect(toChannel.map((c) => c.method)).toEqual(['chat.postMessage', 'files.completeUploadExternal']);
    expect(toChannel[1]!.body).not.toHaveProperty('initial_comment');
    expect(s!.deliveries(since).find((d) => d.file)).toMatchObject({ where: 'channel', channel: 'CTEAM', file: WEEKLY_PNG });
    isPng(s!.deliveries(since).find((d) => d.file)?.data);
  });
});

describe('DingTalk: a chart is an image message', () => {
  let d: DingTalkHarness | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });
  const { admin, leader, member } = DT_USERS;
  /** The calls that deliver: a session post, an upload, a group or one-to-one send. */
  const delivering = (since: number) => d!.api.calls.slice(since).filter((c) => c.api !== 'token');
  const param = (body: Record<string, unknown>) => JSON.parse(String(body.msgParam)) as Record<string, unknown>;

  async function start(): Promise<DingTalkHarness> {
    d = await createDingTalkHarness();
    for (const line of ['/team create 第一巡察组', '/team unit add 城关镇', '/team add @王强 组长', '/team add @李娜 组员', '/team add @赵敏 联络员 --unit 城关镇']) await d.send('admin', 'group', line);
    await d.send('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风');
    await d.send('leader', 'group', '/rectify add F-1 收回车辆 --owner @李娜 --due +2d');
    return d;
  }

  /** An upload of the PNG with type=image, then its media_id sent as sampleImageMsg's photoURL by `api`. */
  function expectImage(upload: DingTalkCall | undefined, send: DingTalkCall | undefined, api: 'groupSend' | 'batchSend', name: string): void {
    expect(upload).toMatchObject({ api: 'upload', status: 200, body: { type: 'image', media: { name } }, answer: { errcode: 0, type: 'image' } });
    const mediaId = String(upload!.answer.media_id);
    isPng(d!.api.media(mediaId)?.data);
    expect(send).toMatchObject({ api, status: 200, body: { msgKey: 'sampleImageMsg' } });
    expect(param(send!.body)).toEqual({ photoURL: mediaId });
  }

  it('/stats in the group: the figures by the sessionWebhook, then the PNG uploaded as an image and sent to the group', async () => {
    await start();
    const since = d!.api.calls.length;
    await d!.send('leader', 'group', '/stats');
    const calls = delivering(since);
    expect(calls.map((c) => c.api)).toEqual(['session', 'upload', 'groupSend']);
    expectImage(calls[1], calls[2], 'groupSend', STATS_PNG);
    expect(calls[2]!.body).toMatchObject({ openConversationId: TEAM_GROUP });
    expect(d!.deliveries(since)[1]).toMatchObject({ via: 'groupSend', conversationId: TEAM_GROUP, text: '', image: true, file: STATS_PNG });
  });

  it('/stats in a one-to-one chat: the picture to that person (batchSend)', async () => {
    await start();
    const since = d!.api.calls.length;
    await d!.send('leader', 'dm', '/stats');
    const calls = delivering(since);
    expect(calls.map((c) => c.api)).toEqual(['session', 'upload', 'batchSend']);
    expect(d!.api.conversationOf(calls[0]!.session!)).toBe(dmConversation(leader.staffId));
    expectImage(calls[1], calls[2], 'batchSend', STATS_PNG);
    expect(calls[2]!.body).toMatchObject({ userIds: [leader.staffId] });
  });

  it('/overview typed in the group: the figures and the picture to the office by batchSend, nothing to the group', async () => {
    await start();
    const since = d!.api.calls.length;
    await d!.send('admin', 'group', '/overview');
    const calls = delivering(since);
    expect(calls.map((c) => c.api)).toEqual(['batchSend', 'upload', 'batchSend']);
    for (const c of [calls[0]!, calls[2]!]) expect(c.body).toMatchObject({ userIds: [admin.staffId] });
    expectImage(calls[1], calls[2], 'batchSend', OVERVIEW_PNG);
  });

  it('an image upload DingTalk held back is tried again, as a file upload is', async () => {
    await start();
    d!.api.failNext('upload', DT_FAILURES.oapiRateLimited);
    const since = d!.api.calls.length;
    await d!.send('leader', 'group', '/stats');
    const calls = delivering(since);
    expect(calls.map((c) => [c.api, c.answer.errcode ?? null])).toEqual([['session', 0], ['upload', 90018], ['upload', 0], ['groupSend', null]]);
    expectImage(calls[2], calls[3], 'groupSend', STATS_PNG);
  });

  it("the Monday digest (the outbox's sender): the group's text, then its chart as an image; a failed upload is retried by the outbox, the text not sent twice", async () => {
    await start();
    d!.api.failNext('upload', DT_FAILURES.serverError);
    const since = d!.api.calls.length;
    await digestAt(d!.h, MONDAY);
    const toGroup = () => d!.deliveries(since).filter((o) => o.conversationId === TEAM_GROUP);
    expect(toGroup().map((o) => o.text.split('\n')[0])).toEqual(['【每日提醒】巡察组「第一巡察组」 · 2026-11-30']);
    expect(d!.api.callsOf('upload').at(-1)).toMatchObject({ status: 500 });
    // The outbox tries again after its back-off.
    const at = d!.api.calls.length;
    d!.h.clock.set('2026-11-30T10:30:00+08:00');
    await d!.h.bot.flush();
    const again = delivering(at);
    expect(again.map((c) => c.api)).toEqual(['upload', 'groupSend']);
    expectImage(again[0], again[1], 'groupSend', WEEKLY_PNG);
    expect(toGroup()).toHaveLength(2);
    expect(toGroup()[1]).toMatchObject({ via: 'groupSend', text: '', image: true, file: WEEKLY_PNG });
    // The owner's own digest carries no picture.
    expect(d!.deliveries(since).filter((o) => o.staffId === member.staffId && o.image)).toEqual([]);
  });
});

describe('console: a chart is a saved picture, printed as a message of its own', () => {
  let h: Harness | undefined;
  let files: ReturnType<typeof tempDir> | undefined;
  afterEach(async () => {
    await h?.dispose();
    files?.cleanup();
    h = undefined;
  });

  /** Pipe `lines` through the console adapter over a bot with the standard team, as `npm start < script` would. */
  async function transcript(lines: string[], before?: (h: Harness) => Promise<void>): Promise<string> {
    h = await createHarness();
    files = tempDir();
    await withTeam(h);
    await h.say('组员', '/finding add 公车私用 --unit 城关镇 --cat 作风');
    // Stored, not typed: a typed one would print its owner's notice into the transcript.
    await storeTask(h, (await h.bot.services.teams.byName('第一巡察组'))!.id, {});
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (chunk) => (out += String(chunk)));
    const adapter = createConsoleAdapter({ bot: h.bot, input, output, interactive: false, user: 'admin', store: 'sqlite://test', filesDir: files.dir, lang: 'zh' });
    h.bot.connect(adapter);
    await before?.(h);
    input.end(lines.join('\n') + '\n');
    await adapter.run();
    return out;
  }
  const saved = (name: string) => `${files!.dir}/${name}`;

  it('/stats: the figures, then 〔图片〕 and where the picture was saved, read back as a delivery of its own', async () => {
    const out = await transcript(['/as 组长', '/stats']);
    const answer = out.split('> /stats\n')[1]!;
    expect(answer).toMatch(new RegExp(`^「第一巡察组」统计（截至 2026-11-25）\\n[^]*\\n〔图片〕已保存：${saved(STATS_PNG)}\\n\\n$`));
    isPng(readFileSync(saved(STATS_PNG)));
    expect(parseConsole(answer, { user: 'leader', chat: 'team' })).toEqual([
      expect.objectContaining({ to: 'group', chat: 'team', text: expect.stringMatching(/^「第一巡察组」统计/) }),
      { to: 'group', chat: 'team', where: 'team', text: '', file: STATS_PNG },
    ]);
  });

  it('/overview in a group: both messages under the office’s 〔仅 … 可见〕, the picture’s alone', async () => {
    const out = await transcript(['/overview']);
    const answer = out.split('> /overview\n')[1]!;
    expect(answer).toMatch(new RegExp(`^〔仅 admin 可见〕\\n【巡察工作总览】[^]*\\n〔仅 admin 可见〕\\n〔图片〕已保存：${saved(OVERVIEW_PNG)}\\n\\n$`));
    expect(parseConsole(answer, { user: 'admin', chat: 'team' }).map((x) => [x.to, x.text === '' ? '' : 'figures', x.file])).toEqual([
      ['private', 'figures', undefined],
      ['private', '', OVERVIEW_PNG],
    ]);
  });

  it('in a direct message the picture, unlabelled, is still a message of its own', () => {
    const answer = `「第一巡察组」统计（截至 2026-11-25）\n问题（不含问题线索）：共 1 条\n〔图片〕已保存：${saved(STATS_PNG)}\n`;
    expect(parseConsole(answer, { user: 'leader', chat: 'dm' })).toEqual([
      expect.objectContaining({ to: 'private', user: 'leader', where: 'dm' }),
      { to: 'private', user: 'leader', where: 'dm', text: '', file: STATS_PNG },
    ]);
  });

  it('the Monday digest (the sender): the group’s text, then the chart saved and printed under its own label', async () => {
    const out = await transcript([], (bot) => digestAt(bot, MONDAY));
    expect(out).toContain(`〔发往群聊 main〕\n【每日提醒】巡察组「第一巡察组」 · 2026-11-30\n`);
    expect(out).toContain(`\n〔发往群聊 main〕\n〔图片〕已保存：${saved(WEEKLY_PNG)}\n\n`);
    expect(existsSync(saved(WEEKLY_PNG))).toBe(true);
    isPng(readFileSync(saved(WEEKLY_PNG)));
  });
});
