import { afterEach, describe, expect, it } from 'vitest';
import { createDingTalkApi, createThrottle, DingTalkApiError } from '../../adapters/dingtalk/api.ts';
import { commandLineOf, withMentionsAsIds } from '../../adapters/dingtalk/message.ts';
import { escapeMarkdown, sendMessageLink, toMessages, toRobotMessage, toSessionBody } from '../../adapters/dingtalk/render.ts';
import { callbackSignature, checkCallbackSignature, MAX_SKEW_MS } from '../../adapters/dingtalk/sign.ts';
import { dingtalkText } from '../../adapters/dingtalk/text.ts';
import { fixedClock } from '../../src/clock.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { Team } from '../../src/team.ts';
import { DT_FAILURES, startDingTalkStandIn, type DingTalkStandIn } from '../helpers/dingtalk-api.ts';
import {
  createDingTalkHarness, dmConversation, DT_USERS, OTHER_GROUP, TEAM_GROUP,
  type DingTalkHarness, type DingTalkHarnessOptions, type DtChatRef, type DtDelivery, type DtUserRef,
} from '../helpers/dingtalk-harness.ts';

const TEAM_NAME = '第一巡察组';
const { admin, leader, member } = DT_USERS;
const dt = dingtalkText('zh');

let d: DingTalkHarness | undefined;
let standIn: DingTalkStandIn | undefined;
afterEach(async () => {
  await d?.close();
  await standIn?.close();
  d = undefined;
  standIn = undefined;
});

async function start(options: DingTalkHarnessOptions = {}): Promise<DingTalkHarness> {
  d = await createDingTalkHarness(options);
  return d;
}

/** `user` writes `text` in `chat`; what reached DingTalk because of it. */
async function run(user: DtUserRef, chat: DtChatRef, text: string): Promise<DtDelivery[]> {
  const since = d!.api.calls.length;
  await d!.send(user, chat, text);
  return d!.deliveries(since);
}

/** The office sets the team up in its group, naming people by @-mention. */
async function withTeam(): Promise<void> {
  for (const line of [`/team create ${TEAM_NAME}`, '/team unit add 城关镇', '/team add @王强 组长', '/team add @李娜 组员', '/team add @赵敏 联络员 --unit 城关镇']) {
    const out = await run('admin', 'group', line);
    expect(out, line).toHaveLength(1);
    expect(out[0], line).toMatchObject({ via: 'session', conversationId: TEAM_GROUP });
  }
}

async function team(): Promise<Team> {
  const found = await d!.h.bot.services.teams.byChat(`dingtalk:${TEAM_GROUP}`);
  expect(found).toBeDefined();
  return found!;
}

/** Nothing of `text` in the group's conversation, by any way in. */
function expectNotInGroup(out: DtDelivery[], text: string): void {
  for (const x of out.filter((o) => o.conversationId === TEAM_GROUP)) expect(x.text).not.toContain(text);
}

describe('DingTalk: configuration', () => {
  it('is on with a client id and secret; the robot code defaults to the client id; Stream mode by default', () => {
    const c = loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's3cret' });
    expect(c.dingtalk).toEqual({ clientId: 'dingabc', clientSecret: 's3cret', robotCode: 'dingabc', mode: 'stream', apiUrl: 'https://api.dingtalk.com', oapiUrl: 'https://oapi.dingtalk.com' });
    expect(c.console).toBe(false);
    expect(loadConfig({}).dingtalk).toBeUndefined();
    const http = loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's', DINGTALK_ROBOT_CODE: 'dingrobot', DINGTALK_MODE: 'http', DINGTALK_API_URL: 'http://127.0.0.1:9/' });
    expect(http.dingtalk).toMatchObject({ robotCode: 'dingrobot', mode: 'http', apiUrl: 'http://127.0.0.1:9' });
    expect(loadConfig({ XC_ADMINS: 'dingtalk:manager4220' }).admins).toEqual(['dingtalk:manager4220']);
  });

  it('names the missing half of the credentials, and never echoes the secret', () => {
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'dingabc' })).toThrow(/^DINGTALK_CLIENT_SECRET is not valid/);
    expect(() => loadConfig({ DINGTALK_CLIENT_SECRET: 'hunter2' })).toThrow(/^DINGTALK_CLIENT_ID is not valid/);
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 'has space' })).toThrow(ConfigError);
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 'has space' })).not.toThrow(/has space/);
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's', DINGTALK_MODE: 'webhook' })).toThrow(/^DINGTALK_MODE is not valid/);
  });
});

describe('DingTalk: the callback signature', () => {
  const secret = 'this is secret';
  it('is Base64 of HMAC-SHA256 over timestamp + "\\n" + secret (a vector computed with node:crypto)', () => {
    expect(callbackSignature('1577262236757', secret)).toBe('hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=');
  });
  it('is refused when missing, more than an hour off either way, or wrong', () => {
    const now = 1_800_000_000_000;
    const at = (ms: number) => ({ timestamp: String(ms), sign: callbackSignature(String(ms), secret) });
    expect(checkCallbackSignature(at(now), secret, now)).toBeUndefined();
    expect(checkCallbackSignature(at(now - MAX_SKEW_MS), secret, now)).toBeUndefined();
    expect(checkCallbackSignature(at(now - MAX_SKEW_MS - 1), secret, now)).toBe('stale');
    expect(checkCallbackSignature(at(now + MAX_SKEW_MS + 1), secret, now)).toBe('stale');
    expect(checkCallbackSignature({ timestamp: String(now) }, secret, now)).toBe('missing');
    expect(checkCallbackSignature({ sign: 'x' }, secret, now)).toBe('missing');
    expect(checkCallbackSignature({ timestamp: 'soon', sign: 'x' }, secret, now)).toBe('missing');
    expect(checkCallbackSignature({ timestamp: String(now), sign: callbackSignature(String(now), 'other secret') }, secret, now)).toBe('mismatch');
    expect(checkCallbackSignature({ timestamp: String(now), sign: 'short' }, secret, now)).toBe('mismatch');
  });
});

describe('DingTalk: command lines and rendering', () => {
  it('takes the line after the robot\'s mention, with or without a slash', () => {
    expect(commandLineOf(' /finding list --unit 城关镇')).toEqual({ command: 'finding', text: 'list --unit 城关镇' });
    expect(commandLineOf(' Finding list')).toEqual({ command: 'finding', text: 'list' });
    expect(commandLineOf('／team')).toEqual({ command: 'team', text: '' });
    expect(commandLineOf('\u3000team\u3000add')).toEqual({ command: 'team', text: 'add' });
    expect(commandLineOf('   ')).toBeUndefined();
  });

  it('writes a mention as the person\'s id only when it cannot pair the wrong person', () => {
    expect(withMentionsAsIds('add @王强 组长', ['staff0002'])).toEqual({ text: 'add dingtalk:staff0002 组长', named: { user: 'dingtalk:staff0002', name: '王强' } });
    expect(withMentionsAsIds('add @王强 @李娜 组长', ['staff0002', 'staff0003'])).toEqual({ text: 'add @王强 @李娜 组长' });
    expect(withMentionsAsIds('add 王强 组长', ['staff0002'])).toEqual({ text: 'add 王强 组长' });
    expect(withMentionsAsIds('mail a@b.cn', ['staff0002']).text).toBe('mail a@b.cn');
  });

  it('escapes what DingTalk markdown would read as markup, keeps lines as lines and the title bold', () => {
    expect(escapeMarkdown('[点我](http://x.cn) ![](http://x.cn/p.png) **粗** # 标题 <font color=red>x</font>')).toBe('［点我］(http://x.cn) !［］(http://x.cn/p.png) ＊＊粗＊＊ ＃ 标题 ＜font color=red＞x＜/font＞');
    const [m] = toMessages({ text: 'F-1 [草稿]\n    缩进\n> 引用' }, dt, { buttons: false });
    expect(m).toEqual({ kind: 'markdown', title: 'F-1 [草稿]', text: '**F-1 ［草稿］**  \n\u00a0\u00a0\u00a0\u00a0缩进  \n＞ 引用  ' });
  });

  it('splits a long reply between lines under the send APIs\' size limit', () => {
    const text = ['标题', ...Array.from({ length: 2000 }, (_, i) => `第 ${i} 行：整改措施落实情况`)].join('\n');
    const messages = toMessages({ text }, dt, { buttons: false });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(Buffer.byteLength(JSON.stringify(toRobotMessage(m).msgParam))).toBeLessThan(15_000);
  });

  it('shows actions as commands to type, and as ActionCard buttons that send them only where asked', () => {
    const actions = [{ label: '确认', command: '/finding confirm F-1' }, { label: '查看', command: '/finding show F-1' }];
    const [inGroup] = toMessages({ text: '已保存 F-1', actions }, dt, { buttons: false });
    expect(inGroup).toMatchObject({ kind: 'markdown' });
    expect(inGroup!.text).toContain('确认：/finding confirm F-1');
    const [inDm] = toMessages({ text: '已保存 F-1', actions }, dt, { buttons: true });
    expect(inDm).toMatchObject({ kind: 'actionCard', buttons: [{ title: '确认', url: sendMessageLink('/finding confirm F-1') }, { title: '查看' }] });
    expect(sendMessageLink('/finding show F-1')).toBe('dtmd://dingtalkclient/sendMessage?content=%2Ffinding%20show%20F-1');
    expect(toRobotMessage(inDm!)).toMatchObject({ msgKey: 'sampleActionCard2', msgParam: { actionTitle1: '确认', actionURL1: sendMessageLink('/finding confirm F-1'), actionTitle2: '查看' } });
    expect(toSessionBody(inDm!)).toMatchObject({ msgtype: 'actionCard', actionCard: { btnOrientation: '0', btns: [{ title: '确认' }, { title: '查看' }] } });
    const [one] = toMessages({ text: 'x', actions: actions.slice(0, 1) }, dt, { buttons: true });
    expect(toRobotMessage(one!)).toMatchObject({ msgKey: 'sampleActionCard', msgParam: { singleTitle: '确认' } });
    expect(toSessionBody(one!)).toMatchObject({ actionCard: { singleTitle: '确认', singleURL: sendMessageLink('/finding confirm F-1') } });
  });
});

describe('DingTalk: the HTTP callback', () => {
  it('runs a signed group message and answers the group through its sessionWebhook', async () => {
    await start();
    const msg = d!.message('admin', 'group', `/team create ${TEAM_NAME}`);
    const since = d!.api.calls.length;
    const res = await d!.post(JSON.stringify(msg), d!.signed());
    expect(res).toEqual({ status: 200, body: '{}' });
    await d!.settle();
    const out = d!.deliveries(since);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ via: 'session', conversationId: TEAM_GROUP });
    expect(out[0]!.text).toContain(TEAM_NAME);
    expect((await team()).name).toBe(TEAM_NAME);
    // A reply in the conversation needs no token.
    expect(d!.api.callsOf('token')).toEqual([]);
  });

  it('refuses a missing, wrong or stale signature, and runs nothing', async () => {
    await start();
    const body = JSON.stringify(d!.message('admin', 'group', `/team create ${TEAM_NAME}`));
    const now = Date.now();
    const refused = [
      {},
      { timestamp: String(now) },
      { timestamp: String(now), sign: 'AAAA' },
      { timestamp: String(now), sign: d!.signed(now - 1000).sign! },
      d!.signed(now - 2 * MAX_SKEW_MS),
      d!.signed(now + 2 * MAX_SKEW_MS),
    ];
    for (const headers of refused) expect((await d!.post(body, headers)).status, JSON.stringify(headers)).toBe(401);
    await d!.settle();
    expect(d!.api.calls).toEqual([]);
    expect(await d!.h.bot.services.teams.all()).toEqual([]);
    const refusals = d!.h.logs.filter((l) => l.msg === 'dingtalk callback refused');
    expect(refusals.map((l) => l.problem)).toEqual(['missing', 'missing', 'mismatch', 'mismatch', 'stale', 'stale']);
    expect(JSON.stringify(d!.h.logs)).not.toContain(TEAM_NAME);
  });

  it('refuses what is not a POST of a robot message', async () => {
    await start();
    expect((await fetch(`${d!.url}/dingtalk/events`)).status).toBe(405);
    expect((await d!.post('not json', d!.signed())).status).toBe(400);
    expect((await d!.post('x'.repeat(300 * 1024), d!.signed())).status).toBe(413);
    // Signed JSON that is no robot message is taken and dropped.
    expect((await d!.post(JSON.stringify({ hello: 'world' }), d!.signed())).status).toBe(200);
    await d!.settle();
    expect(d!.api.calls).toEqual([]);
  });

  it('runs a message delivered twice (the same msgId) once', async () => {
    await start();
    await withTeam();
    const msg = d!.message('member', 'group', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    const since = d!.api.calls.length;
    await d!.deliver(msg);
    await d!.deliver(msg);
    await d!.settle();
    expect(await d!.h.bot.services.findings.list((await team()).id)).toHaveLength(1);
    expect(d!.deliveries(since)).toHaveLength(1);
  });
});

describe('DingTalk: where answers go', () => {
  it('takes `finding list` after the mention as well as `/finding list`', async () => {
    await start();
    await withTeam();
    const [a] = await run('leader', 'group', 'finding list');
    const [b] = await run('leader', 'group', '/finding list');
    expect(a!.text).toBe(b!.text);
    expect(a).toMatchObject({ via: 'session', conversationId: TEAM_GROUP });
  });

  it('takes every message of a one-to-one chat as a command line, and answers in that chat', async () => {
    await start();
    await withTeam();
    const out = await run('leader', 'dm', 'team');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ via: 'session', conversationId: dmConversation(leader.staffId) });
    expect(out[0]!.text).toContain(TEAM_NAME);
    // Names learnt from the @-mentions and from the senders' nicks.
    for (const name of ['王强', '李娜', '赵敏']) expect(out[0]!.text).toContain(name);
    const unknown = await run('leader', 'dm', '你好');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.text).toContain('/help');
  });

  it('sends what only the asker may see to their one-to-one chat, never into the group', async () => {
    await start();
    await withTeam();
    const clue = '某局长亲属违规承揽工程线索';
    const added = await run('leader', 'group', `/finding add ${clue} --unit 城关镇 --cat 作风`);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ via: 'batchSend', staffId: leader.staffId });
    // In the one-to-one chat the actions are buttons that send the command as the person pressing.
    expect(added[0]!.buttons).toEqual([{ title: '复核', command: '/finding review F-1' }, { title: '查看', command: '/finding show F-1' }]);
    const flagged = await run('leader', 'group', '/finding clue F-1');
    const shown = await run('leader', 'group', '/finding show F-1');
    expect(shown).toEqual([expect.objectContaining({ via: 'batchSend', staffId: leader.staffId, text: expect.stringContaining(clue) })]);
    const refused = await run('member', 'group', '/finding show F-1');
    expect(refused).toEqual([expect.objectContaining({ via: 'batchSend', staffId: member.staffId })]);
    expect(refused[0]!.text).not.toContain(clue);
    for (const out of [added, flagged, shown, refused]) expectNotInGroup(out, clue);
    expect(d!.api.callsOf('groupSend')).toEqual([]);
  });

  it('pressing a button is the presser typing its command, with their role checked again', async () => {
    await start();
    await withTeam();
    const [added] = await run('member', 'group', '/finding add 公车私用未登记 --unit 城关镇 --cat 作风');
    const review = added!.buttons!.find((b) => b.title === '复核')!;
    // The member pressed it in their chat with the robot: a member may not review.
    const byMember = await run('member', 'dm', review.command!);
    expect(byMember).toHaveLength(1);
    expect(byMember[0]!.text).toContain('组长');
    expect((await d!.h.bot.services.findings.get((await team()).id, 1))?.state).toBe('draft');
    await run('leader', 'dm', review.command!);
    expect((await d!.h.bot.services.findings.get((await team()).id, 1))?.state).toBe('reviewed');
  });

  it('tells the group only that a private answer did not arrive, when DingTalk cannot send it', async () => {
    await start();
    await withTeam();
    d!.api.invalidStaff.add(member.staffId);
    const text = '食堂超标准采购茶叶';
    const out = await run('member', 'group', `/finding add ${text} --unit 城关镇 --cat 作风`);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ via: 'session', conversationId: TEAM_GROUP, text: dt.privateUnreachable(member.nick) });
    expectNotInGroup(out, text);
    expect(out[0]!.text).not.toContain('F-1');
  });

  it('shows a form as its usage and choices, privately', async () => {
    await start();
    await withTeam();
    const out = await run('member', 'group', '/finding add');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ via: 'batchSend', staffId: member.staffId });
    expect(out[0]!.text).toContain('/finding add <问题描述>');
    expect(out[0]!.text).toContain('城关镇');
    expect(out[0]!.text).toContain(dt.formAsText('登记问题'));
  });

  it('uploads an export and sends it as a file to the asker alone', async () => {
    await start();
    await withTeam();
    await run('member', 'group', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    const out = await run('leader', 'group', '/export');
    const files = out.filter((o) => o.file);
    expect(files).toEqual([expect.objectContaining({ via: 'batchSend', staffId: leader.staffId, file: expect.stringMatching(/\.xlsx$/) })]);
    for (const o of out) expect(o).toMatchObject({ via: 'batchSend', staffId: leader.staffId });
    const [upload] = d!.api.callsOf('upload');
    expect(upload!.body).toMatchObject({ type: 'file', media: { name: files[0]!.file } });
    expect((upload!.body.media as { size: number }).size).toBeGreaterThan(1000);
    const send = d!.api.callsOf('batchSend').at(-1)!;
    expect(JSON.parse(String(send.body.msgParam))).toMatchObject({ mediaId: upload!.answer.media_id, fileType: 'xlsx' });
  });

  it('answers someone DingTalk gives no userId for, and runs nothing', async () => {
    await start();
    const out = await run({ staffId: '', nick: '外部联系人' }, 'group', `/team create ${TEAM_NAME}`);
    expect(out).toEqual([expect.objectContaining({ via: 'session', conversationId: TEAM_GROUP, text: dt.unidentified })]);
    expect(await d!.h.bot.services.teams.all()).toEqual([]);
  });

  it('sends through the API once the sessionWebhook has expired', async () => {
    await start();
    const msg = d!.message('admin', 'group', `/team create ${TEAM_NAME}`);
    d!.api.expireSession(new URL(String(msg.sessionWebhook)).searchParams.get('session')!);
    const since = d!.api.calls.length;
    await d!.deliver(msg);
    await d!.settle();
    // Refused by the session (errcode), then sent to the group by the API.
    expect(d!.api.calls.slice(since).map((c) => c.api)).toEqual(['session', 'token', 'groupSend']);
    expect(d!.deliveries(since)).toEqual([expect.objectContaining({ via: 'groupSend', conversationId: TEAM_GROUP })]);
    const other = d!.message('admin', 'other', '/team create 第二巡察组');
    other.sessionWebhookExpiredTime = Date.now() - 1;
    const at = d!.api.calls.length;
    await d!.deliver(other);
    await d!.settle();
    // Not even tried: it was past its time.
    expect(d!.api.calls.slice(at).map((c) => c.api)).toEqual(['groupSend']);
    expect(d!.deliveries(at)).toEqual([expect.objectContaining({ via: 'groupSend', conversationId: OTHER_GROUP })]);
  });

  it('retries an answer DingTalk held back (429), waiting as asked', async () => {
    const waits: number[] = [];
    await start({ adapter: { sleep: async (ms) => void waits.push(ms) } });
    await withTeam();
    d!.api.failNext('batchSend', DT_FAILURES.tooManyRequests(2));
    const out = await run('member', 'group', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    expect(out).toEqual([expect.objectContaining({ via: 'batchSend', staffId: member.staffId })]);
    expect(waits).toEqual([2000]);
  });
});

describe('DingTalk: the access token and the outbox', () => {
  it('fetches the token once, uses it until shortly before it expires, then fetches another', async () => {
    await start();
    await withTeam();
    d!.api.expireIn = 7200;
    await run('member', 'group', '/finding add 茶叶 --unit 城关镇 --cat 作风');
    await run('member', 'group', '/finding add 公车 --unit 城关镇 --cat 作风');
    expect(d!.api.callsOf('token')).toHaveLength(1);
    expect(d!.api.callsOf('token')[0]!.body).toEqual({ appKey: d!.api.credentials.clientId, appSecret: d!.api.credentials.clientSecret });
    expect(d!.api.callsOf('batchSend').map((c) => c.token)).toEqual(['tok-1', 'tok-1']);
    // Past expireIn less five minutes on the bot's clock.
    d!.h.clock.set(new Date(d!.h.clock.now().getTime() + (7200 - 299) * 1000));
    await run('member', 'group', '/finding add 会议 --unit 城关镇 --cat 作风');
    expect(d!.api.callsOf('token')).toHaveLength(2);
    expect(d!.api.callsOf('batchSend').at(-1)!.token).toBe('tok-2');
  });

  it('fetches a new token once when DingTalk refuses the cached one', async () => {
    await start();
    await withTeam();
    await run('member', 'group', '/finding add 茶叶 --unit 城关镇 --cat 作风');
    d!.api.revoke('tok-1');
    const out = await run('member', 'group', '/finding add 公车 --unit 城关镇 --cat 作风');
    expect(out).toEqual([expect.objectContaining({ via: 'batchSend', staffId: member.staffId })]);
    expect(d!.api.callsOf('batchSend').map((c) => [c.token, c.status])).toEqual([['tok-1', 200], ['tok-1', 400], ['tok-2', 200]]);
  });

  it('keeps a notice that DingTalk held back (flow control) queued, and delivers it on a later flush', async () => {
    await start();
    await withTeam();
    await run('member', 'group', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    d!.api.flowControl(member.staffId, 100);
    const since = d!.api.calls.length;
    await d!.send('leader', 'group', '/rectify add F-1 退还超标茶叶款 --owner @李娜 --due +7d');
    // The owner's notice was held back (a 200 listing them as flow-controlled): nothing reached them.
    expect(d!.deliveries(since).filter((o) => o.staffId === member.staffId)).toEqual([]);
    expect(d!.api.callsOf('batchSend').filter((c) => (c.answer.flowControlledStaffIdList as string[] | undefined)?.includes(member.staffId)).length).toBeGreaterThan(0);
    expect(d!.h.logs.some((l) => l.msg === 'delivery failed; will retry' && JSON.stringify(l.err).includes('FLOW_CONTROLLED'))).toBe(true);
    // DingTalk lets it through again; the outbox tries after its back-off (at most an hour).
    d!.api.flowControl(member.staffId, 0);
    const at = d!.api.calls.length;
    d!.h.clock.set(new Date(d!.h.clock.now().getTime() + 2 * 3600_000));
    await d!.h.bot.flush();
    const notice = d!.deliveries(at).filter((o) => o.staffId === member.staffId);
    expect(notice).toHaveLength(1);
    expect(notice[0]!.text).toContain('退还超标茶叶款');
  });

  it('sends to a group and to a person; a refusal names the API and DingTalk\'s code, retryable or not', async () => {
    standIn = await startDingTalkStandIn();
    const { clientId, clientSecret, robotCode } = standIn.credentials;
    const api = createDingTalkApi({ clientId, clientSecret, robotCode, apiUrl: standIn.url, oapiUrl: standIn.url, clock: fixedClock('2026-11-25T01:00:00Z'), throttle: false });
    const [m] = toMessages({ text: '今日提醒\nR-1 到期' }, dt, { buttons: false });
    await api.sendToGroup(TEAM_GROUP, m!);
    standIn.invalidStaff.add('nobody');
    const refused = await api.sendToUser('nobody', m!).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DingTalkApiError);
    expect(refused).toMatchObject({ code: 'INVALID_RECIPIENT', retryable: false });
    // The error names the API and the code: no token, no secret, no text.
    expect(String((refused as Error).message)).toBe('DingTalk /v1.0/robot/oToMessages/batchSend: INVALID_RECIPIENT');
    standIn.failNext('batchSend', DT_FAILURES.serverError);
    expect(await api.sendToUser(admin.staffId, m!).catch((err: unknown) => err)).toMatchObject({ code: 'ServiceUnavailable', retryable: true });
    standIn.failNext('upload', DT_FAILURES.oapiRateLimited);
    const upload = await api.sendFile({ staffId: admin.staffId }, { name: 'x.xlsx', mime: 'application/octet-stream', data: new Uint8Array(10) }, 'xlsx').catch((err: unknown) => err);
    expect(upload).toMatchObject({ code: '90018', retryable: true });
    expect(JSON.stringify(upload)).not.toContain('tok-');
    expect(standIn.callsOf('groupSend')[0]!.body).toMatchObject({ robotCode, openConversationId: TEAM_GROUP, msgKey: 'sampleMarkdown' });
  });

  it('throttles calls to DingTalk: past the limit a call waits its turn, none is dropped', async () => {
    const take = createThrottle(2, 50);
    const order: number[] = [];
    const calls = [1, 2, 3].map((n) => take().then(() => order.push(n)));
    await calls[1];
    expect(order).toEqual([1, 2]);
    await Promise.all(calls);
    expect(order).toEqual([1, 2, 3]);
  });

  it('logs no token, secret or text of what it sent', async () => {
    await start();
    await withTeam();
    await run('member', 'group', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    const logs = JSON.stringify(d!.h.logs);
    expect(logs).not.toContain(d!.api.credentials.clientSecret);
    expect(logs).not.toContain('tok-1');
    expect(logs).not.toContain('食堂超标准采购茶叶');
  });
});

describe('DingTalk: Stream mode', () => {
  it('connects through the gateway, subscribed to robot messages only, and acknowledges each callback before answering it', async () => {
    await start({ mode: 'stream' });
    expect(d!.api.stream.subscriptions).toEqual([[{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }]]);
    expect(d!.api.callsOf('gateway')[0]!.body).toMatchObject({ clientId: d!.api.credentials.clientId });
    const msg = d!.message('admin', 'group', `/team create ${TEAM_NAME}`);
    const since = d!.api.calls.length;
    const frame = d!.api.stream.push(msg);
    const ack = await d!.api.stream.replyTo(frame);
    expect(ack).toMatchObject({ code: 200, message: 'OK', headers: { messageId: frame }, data: JSON.stringify({ response: null }) });
    await d!.settle();
    expect(d!.deliveries(since)).toEqual([expect.objectContaining({ via: 'session', conversationId: TEAM_GROUP })]);
    expect((await team()).name).toBe(TEAM_NAME);
  });

  it('answers pings, and runs a message pushed twice once', async () => {
    await start({ mode: 'stream' });
    const ping = await d!.api.stream.replyTo(d!.api.stream.ping('op-1'));
    expect(ping).toMatchObject({ code: 200, data: JSON.stringify({ opaque: 'op-1' }) });
    const msg = d!.message('admin', 'group', `/team create ${TEAM_NAME}`);
    const since = d!.api.calls.length;
    const first = d!.api.stream.push(msg);
    const again = d!.api.stream.push(msg);
    await d!.api.stream.replyTo(first);
    await d!.api.stream.replyTo(again);
    await d!.settle();
    expect(d!.deliveries(since)).toHaveLength(1);
  });

  it('drops a frame it cannot read, and carries on', async () => {
    await start({ mode: 'stream' });
    d!.api.stream.push({ not: 'a robot message' });
    const msg = d!.message('admin', 'group', `/team create ${TEAM_NAME}`);
    await d!.deliver(msg);
    await d!.settle();
    expect((await team()).name).toBe(TEAM_NAME);
  });

  it('reconnects with a new ticket after DingTalk disconnects, and takes messages on the new connection', async () => {
    await start({ mode: 'stream' });
    d!.api.stream.disconnect();
    await d!.api.stream.waitForConnections(2, 10_000);
    expect(d!.api.callsOf('gateway')).toHaveLength(2);
    const msg = d!.message('admin', 'group', `/team create ${TEAM_NAME}`);
    const frame = d!.api.stream.push(msg);
    expect((await d!.api.stream.replyTo(frame)).connection).toBe(2);
    await d!.settle();
    expect((await team()).name).toBe(TEAM_NAME);
  });

  it('stops: the socket is closed and no new connection is made', async () => {
    await start({ mode: 'stream' });
    await d!.adapter.stop();
    expect(d!.adapter.connected).toBe(false);
    expect(d!.api.stream.open).toBe(0);
    const gateways = d!.api.callsOf('gateway').length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(d!.api.callsOf('gateway')).toHaveLength(gateways);
  });
});
