import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { reply } from '../../src/command.ts';
import { createDigestJob } from '../../src/digest.ts';
import type { Finding } from '../../src/finding.ts';
import type { Rectification } from '../../src/rectification.ts';
import type { Incoming, Reply } from '../../src/types.ts';
import { slashCommand } from '../helpers/slack-payloads.ts';
import { createSlackHarness, state, withSlackTeam, type SlackDelivery, type SlackHarness } from '../helpers/slack-harness.ts';
import { postSlack, signSlackRequest } from '../helpers/slack-sign.ts';

const TEAM = 'CTEAM';
const TEAM_NAME = '第一巡察组';

let s: SlackHarness;
afterEach(async () => {
  await s?.close();
});

/** Run a slash command; returns the HTTP response and what reached Slack for it. */
async function run(user: string, channel: string, line: string): Promise<{ status: number; body: string; out: SlackDelivery[] }> {
  const since = s.api.calls.length;
  const res = await s.slash(user, channel, line);
  return { ...res, out: s.deliveries(since) };
}

/** Run a slash command that must be answered with exactly one delivery; returns it. */
async function one(user: string, channel: string, line: string): Promise<SlackDelivery> {
  const { status, out } = await run(user, channel, line);
  expect(status, line).toBe(200);
  expect(out, line).toHaveLength(1);
  return out[0]!;
}

/** Put `around` in place of the core's handling of a typed command, with the real one at hand. */
function wrapHandle(around: (real: Bot['handle'], msg: Incoming) => Promise<{ replies: Reply[] }>): void {
  const real = s.h.bot.handle;
  s.h.bot.handle = (msg) => around(real, msg);
}

async function teamId(): Promise<string> {
  const team = await s.h.bot.services.teams.byChat(`slack:${TEAM}`);
  expect(team).toBeDefined();
  return team!.id;
}

async function findings(): Promise<Finding[]> {
  return s.h.bot.services.findings.list(await teamId());
}

async function tasks(): Promise<Rectification[]> {
  return s.h.bot.services.rectifications.list(await teamId());
}

/** Calls to the stand-in other than Bolt's token check (which the App makes when it is created). */
function dispatched(): string[] {
  return s.api.calls.filter((c) => c.method !== 'auth.test').map((c) => c.method);
}

function mrkdwn(blocks: unknown[] | undefined): string[] {
  return (blocks ?? []).flatMap((b) => {
    const block = b as { type: string; text?: { text: string } };
    return block.type === 'section' && block.text ? [block.text.text] : [];
  });
}

function buttons(blocks: unknown[] | undefined): Array<{ action_id: string; text: string; value: string; style?: string }> {
  return (blocks ?? []).flatMap((b) => {
    const block = b as { type: string; elements?: Array<{ type: string; action_id: string; text: { text: string }; value: string; style?: string }> };
    if (block.type !== 'actions') return [];
    return (block.elements ?? []).map((e) => ({ action_id: e.action_id, text: e.text.text, value: e.value, ...(e.style && { style: e.style }) }));
  });
}

describe('Slack HTTP transport', () => {
  beforeEach(async () => {
    s = await createSlackHarness();
  });

  it('answers GET /healthz with 200 ok', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('answers a signed slash command in its acknowledgement', async () => {
    const res = await s.slash('UADMIN', TEAM, `/team create ${TEAM_NAME}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      response_type: 'in_channel',
      // Escaped like the blocks: the fallback text is mrkdwn too.
      text: `已新建巡察组「${TEAM_NAME}」，本群已绑定。下一步：/team unit add &lt;单位&gt;，/team add &lt;用户&gt; &lt;角色&gt;`,
      blocks: expect.any(Array),
    });
    // The answer went only in the HTTP response: nothing to the response_url, no chat.postMessage.
    expect(s.api.callsOf('respond')).toEqual([]);
    expect(s.api.callsOf('chat.postMessage')).toEqual([]);
    expect((await s.h.bot.services.teams.byChat(`slack:${TEAM}`))?.name).toBe(TEAM_NAME);
    // Bolt checked its token once with the bot token, against the stand-in.
    expect(s.api.callsOf('auth.test')).toEqual([expect.objectContaining({ token: 'xoxb-test' })]);
  });

  it('refuses a forged signature with 401 and dispatches nothing', async () => {
    const body = slashCommand({ command: '/team', text: 'create 伪造组', user_id: 'UADMIN', channel_id: TEAM, response_url: s.api.responseUrl('forged') });
    const res = await postSlack(`${s.url}/slack/events`, body, signSlackRequest(body, 'not-the-secret'));
    expect(res.status).toBe(401);
    // Correct secret, tampered body: refused too.
    const tampered = slashCommand({ command: '/team', text: 'create 伪造组', user_id: 'UADMIN', channel_id: TEAM, response_url: s.api.responseUrl('forged') });
    const headers = signSlackRequest(slashCommand({ command: '/team', text: 'create 真组', user_id: 'UADMIN', channel_id: TEAM }), s.signingSecret);
    expect((await postSlack(`${s.url}/slack/events`, tampered, headers)).status).toBe(401);
    await s.adapter.idle();
    expect(await s.h.bot.services.teams.all()).toEqual([]);
    expect(dispatched()).toEqual([]);
  });

  it('refuses a timestamp older than five minutes with 401', async () => {
    const body = slashCommand({ command: '/team', text: `create ${TEAM_NAME}`, user_id: 'UADMIN', channel_id: TEAM, response_url: s.api.responseUrl('stale') });
    const stale = signSlackRequest(body, s.signingSecret, Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await postSlack(`${s.url}/slack/events`, body, stale)).status).toBe(401);
    await s.adapter.idle();
    expect(await s.h.bot.services.teams.all()).toEqual([]);
    expect(dispatched()).toEqual([]);
  });

  it('refuses an unsigned request with 401', async () => {
    const body = slashCommand({ command: '/team', text: `create ${TEAM_NAME}`, user_id: 'UADMIN', channel_id: TEAM, response_url: s.api.responseUrl('unsigned') });
    const res = await postSlack(`${s.url}/slack/events`, body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(401);
    await s.adapter.idle();
    expect(await s.h.bot.services.teams.all()).toEqual([]);
    expect(dispatched()).toEqual([]);
  });
});

describe('slash commands over a team set up in Slack', () => {
  beforeEach(async () => {
    s = await createSlackHarness();
    await withSlackTeam(s);
  });

  it('set the team up through slash commands, with names from users.info', async () => {
    const card = await one('UMEMBER', TEAM, '/team');
    expect(card).toMatchObject({ where: 'channel', channel: TEAM });
    expect(card.text).toBe(
      `巡察组「${TEAM_NAME}」\n巡察期间：未设置（/team period <进驻日期> <结束日期>）\n被巡察单位：城关镇、东关村\n` +
        '组长：张组长\n副组长：李副组长\n组员：王组员\n联络员：刘联络员（城关镇）',
    );
    const team = (await s.h.bot.services.teams.byChat(`slack:${TEAM}`))!;
    expect(team.members.map((m) => [m.user, m.role])).toEqual([
      ['slack:ULEAD', 'leader'],
      ['slack:UDEPUTY', 'deputy'],
      ['slack:UMEMBER', 'member'],
      ['slack:ULIAISON', 'liaison'],
    ]);
  });

  it('answers every command family', async () => {
    // The team's liaison reads the channel: findings and tasks are answered to the asker alone.
    const answers: Array<[user: string, line: string, starts: string, where: 'channel' | 'ephemeral']> = [
      ['UMEMBER', '/help', '巡察助手 · 你在这里可用的命令（组员）：\n【巡察组：成员、单位、巡察期间】\n　/team', 'channel'],
      ['UMEMBER', '/team', `巡察组「${TEAM_NAME}」`, 'channel'],
      ['UMEMBER', '/finding add 公车私用 --unit 城关镇 --cat 作风', '已保存 F-1（草稿）：城关镇 · 作风建设 · 一般', 'ephemeral'],
      ['UMEMBER', '/finding list', '问题清单：共 1 条（第 1/1 页）\nF-1［草稿］城关镇 · 作风建设 · 一般：公车私用（王组员 · 2026-11-25）', 'ephemeral'],
      ['ULEAD', '/rectify add F-1 收回车辆 --owner <@UOWNER|chen> --due 12-31', '已建立整改任务 R-1（F-1 · 城关镇）：责任人 陈主任，时限 2026-12-31。', 'ephemeral'],
      ['UMEMBER', '/rectify list', '整改任务：共 1 项（第 1/1 页）\nR-1［进行中］城关镇 · 陈主任 · 时限 2026-12-31：收回车辆（F-1）', 'ephemeral'],
      ['UMEMBER', '/docs list', '调阅材料：共 0 件', 'channel'],
      ['UMEMBER', '/secrecy', '保密提醒（2026-11-25）', 'channel'],
      ['UMEMBER', '/digest', `【每日提醒】巡察组「${TEAM_NAME}」 · 2026-11-25`, 'channel'],
      ['UMEMBER', '/rule 保密', '与「保密」相关的规定：', 'channel'],
      ['UMEMBER', '/stats', `「${TEAM_NAME}」统计（截至 2026-11-25）`, 'channel'],
    ];
    for (const [user, line, starts, where] of answers) {
      const { status, out } = await run(user, TEAM, line);
      expect(status, line).toBe(200);
      const answer = out.find((d) => d.where === where);
      expect(answer, line).toBeDefined();
      expect(answer!.text.startsWith(starts), `${line} → ${answer!.text}`).toBe(true);
      expect(answer!.text).not.toMatch(/undefined|Error/);
    }
    // /export answers too, in the asker's DM (checked in detail below).
    const exported = await run('ULEAD', TEAM, '/export');
    expect(exported.out.map((d) => [d.where, d.user])).toEqual([['dm', 'ULEAD']]);
    expect(exported.out[0]!.text).toMatch(/^「第一巡察组」三张清单已导出/);
  });

  it('renders a chat reply in the channel as Block Kit: bold first line, buttons carrying the command', async () => {
    // A request to 城关镇, whose liaison reads the channel: the channel may read it.
    const { out } = await run('UMEMBER', TEAM, '/docs request 党委会议记录 --unit 城关镇 --due 12-01');
    // The reply in the channel, and the liaison's notice in their DM.
    expect(out.map((x) => [x.where, x.channel])).toEqual([['channel', TEAM], ['dm', 'DLIAISON']]);
    const d = out[0]!;
    expect(mrkdwn(d.blocks)[0]).toBe(`*${d.text.split('\n')[0]}*`);
    expect(d.text).toMatch(/^.*D-1/);
    expect(buttons(d.blocks)).toEqual([
      { action_id: 'xc_action_0', text: '已提供', value: '/docs provided D-1', style: 'primary' },
      { action_id: 'xc_action_1', text: '查看', value: '/docs show D-1' },
    ]);
    expect(s.api.callsOf('ack').at(-1)!.body.response_type).toBe('in_channel');
  });

  it('renders a reply for the asker alone as ephemeral Block Kit, buttons and all', async () => {
    const d = await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    expect(d).toMatchObject({ where: 'ephemeral', channel: TEAM, user: 'UMEMBER', text: '已保存 F-1（草稿）：城关镇 · 作风建设 · 一般' });
    expect(mrkdwn(d.blocks)[0]).toBe('*已保存 F-1（草稿）：城关镇 · 作风建设 · 一般*');
    expect(buttons(d.blocks)).toEqual([
      { action_id: 'xc_action_0', text: '复核', value: '/finding review F-1', style: 'primary' },
      { action_id: 'xc_action_1', text: '查看', value: '/finding show F-1' },
    ]);
    expect(s.api.callsOf('ack').at(-1)!.body.response_type).toBe('ephemeral');
  });

  it('sends errors and refusals ephemerally', async () => {
    const refusal = await one('ULIAISON', TEAM, '/finding list');
    expect(refusal).toMatchObject({ where: 'ephemeral', channel: TEAM, user: 'ULIAISON' });
    expect(refusal.text).toBe('需要以下角色之一：巡察办、组长、副组长、组员（你的角色：联络员）。请由巡察办、组长、副组长或组员办理。');
    const bad = await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 火星 --cat 作风');
    expect(bad).toMatchObject({ where: 'ephemeral', user: 'UMEMBER', text: '没有被巡察单位「火星」。请从以下单位中选：城关镇、东关村。' });
    const unknown = await one('UMEMBER', TEAM, '/rectify frobnicate');
    expect(unknown.where).toBe('ephemeral');
    expect(unknown.text).toMatch(/^没有 \/rectify frobnicate 这个子命令。请按下列用法之一发送。\n\/rectify 的用法：\n/);
    expect(s.deliveries().filter((d) => d.where === 'channel').map((d) => d.text)).not.toContain(refusal.text);
    expect(await findings()).toEqual([]);
  });

  it('never shows a clue in the channel: /finding show after /finding clue is ephemeral', async () => {
    await one('UMEMBER', TEAM, '/finding add 违规发放补贴 --unit 城关镇 --cat 纪律');
    const flagged = await one('ULEAD', TEAM, '/finding clue F-1');
    expect(flagged).toMatchObject({ where: 'ephemeral', user: 'ULEAD' });
    expect(flagged.text).toMatch(/^已将 F-1 标记为问题线索/);

    const since = s.api.calls.length;
    const shown = await one('ULEAD', TEAM, '/finding show F-1');
    expect(shown).toMatchObject({ where: 'ephemeral', channel: TEAM, user: 'ULEAD' });
    expect(shown.text).toMatch(/^F-1［草稿 · 线索］\n违规发放补贴\n/);
    const calls = s.api.calls.slice(since);
    expect(calls.filter((c) => c.method === 'ack' || c.method === 'respond').map((c) => c.body.response_type)).toEqual(['ephemeral']);
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    // A member may not read it at all; the refusal is ephemeral too, and the list hides it.
    const member = await one('UMEMBER2', TEAM, '/finding show F-1');
    expect(member.where).toBe('ephemeral');
    expect(member.text).not.toContain('违规发放补贴');
    const list = await one('UMEMBER', TEAM, '/finding list');
    expect(list.where).toBe('channel');
    expect(list.text).not.toContain('违规发放补贴');
    // Nothing that reached the channel ever carried the clue's text.
    const inChannel = s.deliveries().filter((d) => d.where === 'channel');
    expect(inChannel.some((d) => d.text.includes('违规发放补贴') && !d.text.startsWith('已保存'))).toBe(false);
  });

  it('uploads /export to the asker’s DM with the file upload API, never to the team channel', async () => {
    await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    const since = s.api.calls.length;
    const { status, body, out } = await run('ULEAD', TEAM, '/export');
    expect({ status, body }).toEqual({ status: 200, body: '' });
    const calls = s.api.calls.slice(since).map((c) => c.method);
    expect(calls).toEqual(['conversations.open', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const [open, getUrl, upload, complete] = s.api.calls.slice(since);
    expect(open!.body).toMatchObject({ users: 'ULEAD' });
    expect(getUrl!.body).toMatchObject({ filename: 'xuncha-第一巡察组-20261125-090000.xlsx' });
    const bytes = upload!.body.bytes as Buffer;
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(String(getUrl!.body.length)).toBe(String(bytes.length));
    expect(complete!.body).toMatchObject({ channel_id: 'DLEAD', files: [{ id: upload!.id }] });
    expect(out).toEqual([
      {
        where: 'dm',
        channel: 'DLEAD',
        user: 'ULEAD',
        file: 'xuncha-第一巡察组-20261125-090000.xlsx',
        data: bytes,
        text: '「第一巡察组」三张清单已导出：问题清单 1 条，任务清单 0 项，责任清单 0 项；首页为汇总（主要指标和整改进度图）。\n另附移交台账 0 条（仅组长、巡察办导出时包含）。\n本文件为巡察工作材料，请按保密规定保管，不得转发到群聊。',
      },
    ]);
    // A member may not export: refused, ephemeral, nothing uploaded.
    const refused = await one('UMEMBER', TEAM, '/export');
    expect(refused.where).toBe('ephemeral');
    expect(refused.text).toMatch(/^需要以下角色之一：/);
    expect(s.api.callsOf('files.completeUploadExternal')).toHaveLength(1);
    expect(s.api.calls.some((c) => c.body.channel === TEAM || c.body.channel_id === TEAM)).toBe(false);
  });

  it('runs a button click as the clicker and checks their role again', async () => {
    await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    let since = s.api.calls.length;
    const memberClick = await s.click('UMEMBER', TEAM, '/finding review F-1');
    expect(memberClick).toEqual({ status: 200, body: '' });
    expect(s.deliveries(since)).toEqual([
      expect.objectContaining({ where: 'ephemeral', channel: TEAM, user: 'UMEMBER', text: '需要以下角色之一：组长、副组长（你的角色：组员）。请由组长或副组长办理。' }),
    ]);
    expect((await findings())[0]!.state).toBe('draft');

    since = s.api.calls.length;
    expect(await s.click('ULEAD', TEAM, '/finding review F-1')).toEqual({ status: 200, body: '' });
    expect(s.deliveries(since)).toEqual([expect.objectContaining({ where: 'channel', channel: TEAM, text: '已复核 F-1：待组长审签。' })]);
    const [finding] = await findings();
    expect(finding!.state).toBe('reviewed');
    expect(finding!.history.at(-1)).toMatchObject({ by: 'slack:ULEAD', field: 'state', to: 'reviewed' });
  });

  it('opens a modal for /finding add with no arguments, listing the team’s units', async () => {
    const { status, body, out } = await run('UMEMBER', TEAM, '/finding add');
    expect({ status, body, out }).toEqual({ status: 200, body: '', out: [] });
    const [open] = s.api.callsOf('views.open');
    expect(open!.body.trigger_id).toBe(s.triggerIds.at(-1));
    const view = open!.body.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; optional: boolean; element: { type: string; options?: Array<{ value: string }> } }> };
    expect(view.callback_id).toBe('xc_form');
    expect(JSON.parse(view.private_metadata)).toEqual({ command: 'finding add', channel: TEAM });
    expect(view.blocks.map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['unit', 'static_select', false],
      ['cat', 'static_select', false],
      ['text', 'plain_text_input', false],
      ['source', 'static_select', true],
      ['severity', 'static_select', true],
    ]);
    expect(view.blocks[0]!.element.options!.map((o) => o.value)).toEqual(['城关镇', '东关村']);
    expect(view.blocks[1]!.element.options!.map((o) => o.value)).toContain('作风建设');
    expect(view.blocks[4]!.element.options!.map((o) => o.value)).toEqual(['一般', '较重', '严重']);
    // A liaison may not log findings: no modal, an ephemeral refusal.
    const refused = await one('ULIAISON', TEAM, '/finding add');
    expect(refused.where).toBe('ephemeral');
    expect(s.api.callsOf('views.open')).toHaveLength(1);
  });

  it('opens a modal for /rectify add with a user select for the owner and a date picker', async () => {
    await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    const { out } = await run('ULEAD', TEAM, '/rectify add');
    expect(out).toEqual([]);
    const view = s.api.callsOf('views.open')[0]!.body.view as { private_metadata: string; blocks: Array<{ block_id: string; element: { type: string; options?: Array<{ value: string }> } }> };
    expect(JSON.parse(view.private_metadata)).toEqual({ command: 'rectify add', channel: TEAM });
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ['ref', 'static_select'],
      ['measure', 'plain_text_input'],
      ['owner', 'users_select'],
      ['due', 'datepicker'],
      ['immediate', 'checkboxes'],
    ]);
    expect(view.blocks[0]!.element.options!.map((o) => o.value)).toEqual(['F-1']);
  });

  it('saves a submitted /finding add modal, text as typed, and answers the asker ephemerally', async () => {
    const since = s.api.calls.length;
    const res = await s.submit('UMEMBER', TEAM, 'finding add', {
      unit: state.select('东关村'),
      cat: state.select('作风建设'),
      text: state.text('  村干部“吃空饷”，账目不清 '),
      source: state.select(null),
      severity: state.select('较重'),
    });
    expect(res).toEqual({ status: 200, body: '' });
    const [finding] = await findings();
    expect(finding).toMatchObject({ n: 1, unit: '东关村', category: '作风建设', severity: '较重', source: '其他', text: '村干部“吃空饷”，账目不清', author: 'slack:UMEMBER', state: 'draft' });
    const out = s.deliveries(since);
    expect(out).toEqual([expect.objectContaining({ where: 'ephemeral', channel: TEAM, user: 'UMEMBER', text: '已保存 F-1（草稿）：东关村 · 作风建设 · 较重' })]);
    expect(buttons(out[0]!.blocks).map((b) => b.value)).toEqual(['/finding review F-1', '/finding show F-1']);
    expect(s.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it("sends a modal's reply to the asker's DM when the bot may not post in the channel", async () => {
    // Without a liaison on the roster the channel may read findings, so the reply is the channel's.
    await one('UADMIN', TEAM, '/team remove <@ULIAISON>');
    s.api.failNext('chat.postMessage', { error: 'not_in_channel' });
    const since = s.api.calls.length;
    await s.submit('UMEMBER', TEAM, 'finding add', {
      unit: state.select('东关村'),
      cat: state.select('作风建设'),
      text: state.text('私有频道里的问题'),
      source: state.select(null),
      severity: state.select(null),
    });
    expect((await findings()).map((f) => f.text)).toEqual(['私有频道里的问题']);
    expect(s.deliveries(since)).toEqual([expect.objectContaining({ where: 'dm', user: 'UMEMBER', text: '已保存 F-1（草稿）：东关村 · 作风建设 · 一般' })]);
  });

  it('shows a modal error beside the field and saves nothing: empty text', async () => {
    const res = await s.submit('UMEMBER', TEAM, 'finding add', {
      unit: state.select('城关镇'),
      cat: state.select('作风建设'),
      text: state.text(null),
      source: state.select(null),
      severity: state.select(null),
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['text']);
    expect(body.errors.text).toMatch(/^缺少问题描述。/);
    expect(await findings()).toEqual([]);
    expect(s.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it('shows a modal error beside the due date when it is before today, and saves nothing', async () => {
    await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    const values = {
      ref: state.select('F-1'),
      measure: state.text('收回车辆，建立台账'),
      owner: state.user('UOWNER'),
      due: state.date('2026-11-20'),
      immediate: state.flag(false),
    };
    const res = await s.submit('ULEAD', TEAM, 'rectify add', values);
    const body = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
    expect(body).toEqual({ response_action: 'errors', errors: { due: expect.stringContaining('2026-11-20') } });
    expect(body.errors.due).toContain('2026-11-25');
    expect(await tasks()).toEqual([]);
    expect(s.api.callsOf('conversations.open')).toEqual([]);

    // The same form with a good date is saved; the owner (a users_select) is told by DM, named from users.info.
    const since = s.api.calls.length;
    const ok = await s.submit('ULEAD', TEAM, 'rectify add', { ...values, due: state.date('2026-12-31'), immediate: state.flag(true) });
    expect(ok).toEqual({ status: 200, body: '' });
    expect(await tasks()).toEqual([expect.objectContaining({ n: 1, finding: 1, owner: 'slack:UOWNER', due: '2026-12-31', immediate: true, measure: '收回车辆，建立台账' })]);
    const out = s.deliveries(since);
    // To be fixed at once (立行立改) at the liaison's own unit: the whole channel may read it.
    expect(out.map((d) => [d.where, d.channel, d.user])).toEqual([
      ['channel', TEAM, undefined],
      ['dm', 'DOWNER', 'UOWNER'],
    ]);
    expect(out[0]!.text).toMatch(/^已建立整改任务 R-1（F-1 · 城关镇）：责任人 陈主任，时限 2026-12-31/);
    expect(out[1]!.text).toMatch(/^巡察组「第一巡察组」交给你一项整改任务 R-1：收回车辆，建立台账/);
  });

  it('resolves mentions to users and names them from users.info, asking once per user', async () => {
    const added = await one('ULEAD', TEAM, '/team add <@UMEMBER2|zhao> 组员');
    expect(added).toMatchObject({ where: 'channel', text: '已添加 赵组员 为组员。' });
    const team = (await s.h.bot.services.teams.byChat(`slack:${TEAM}`))!;
    expect(team.members.find((m) => m.user === 'slack:UMEMBER2')?.role).toBe('member');
    // A mention without a label works too.
    expect((await one('ULEAD', TEAM, '/team remove <@UMEMBER2>')).text).toBe('已移除 赵组员，历史记录保留。');
    await one('UMEMBER2', TEAM, '/help');
    await one('ULEAD', TEAM, '/team');
    const infos = s.api.callsOf('users.info').map((c) => c.body.user);
    for (const user of ['UADMIN', 'ULEAD', 'UDEPUTY', 'UMEMBER', 'UMEMBER2', 'ULIAISON']) {
      expect(infos.filter((u) => u === user), user).toHaveLength(1);
    }
  });

  it('runs a command typed in a DM with the bot for the asker’s team', async () => {
    const d = await one('ULEAD', 'DLEAD', '/team');
    expect(d).toMatchObject({ where: 'channel', channel: 'DLEAD' });
    expect(d.text).toMatch(/^巡察组「第一巡察组」/);
  });

  it('takes a DM between two people for an unbound chat: no team data, no binding, only general answers', async () => {
    await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    // DHUMAN is a DM between the leader and the liaison: not the one conversations.open gives for the leader.
    const since = s.api.calls.length;
    for (const line of ['/team', '/finding list', '/finding show F-1', '/stats', '/digest', '/export']) {
      const d = await one('ULEAD', 'DHUMAN', line);
      expect(d, line).toMatchObject({ where: 'ephemeral', channel: 'DHUMAN', user: 'ULEAD' });
      expect(d.text, line).toContain('人与人之间的私聊');
      expect(d.text).not.toMatch(/公车私用|第一巡察组/);
    }
    // Nothing was posted into that DM, where the liaison would read it.
    expect(s.deliveries(since).filter((d) => d.channel === 'DHUMAN' && d.where !== 'ephemeral')).toEqual([]);
    expect((await one('UADMIN', 'DHUMAN', '/team create 私聊组')).where).toBe('ephemeral');
    expect(await s.h.bot.services.teams.byChat('slack:DHUMAN')).toBeUndefined();
    // General help is anyone's, there as anywhere.
    expect((await one('ULEAD', 'DHUMAN', '/rule 宴请')).where).toBe('channel');
    // The bot's own DM with the leader, as conversations.open gives it, is theirs.
    expect((await one('ULEAD', 'DLEAD', '/finding show F-1')).where).toBe('channel');
  });

  it('gives an unbound channel no team data', async () => {
    await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    const notBound = '本群未绑定巡察组，不显示巡察组数据。巡察办可用 /team create <组名> 或 /team bind <组名> 绑定。';
    for (const line of ['/finding list', '/team', '/stats', '/digest']) {
      const d = await one('UMEMBER', 'COTHER', line);
      expect(d, line).toMatchObject({ where: 'ephemeral', channel: 'COTHER', user: 'UMEMBER', text: notBound });
    }
    const export_ = await one('ULEAD', 'COTHER', '/export');
    expect(export_).toMatchObject({ where: 'ephemeral', text: notBound });
    expect(s.api.callsOf('files.completeUploadExternal')).toEqual([]);
    // The daily digest goes to the bound channel only.
    s.h.clock.set('2026-11-26T08:30:00+08:00');
    await createDigestJob({ services: s.h.bot.services, config: s.h.config, t: s.h.bot.t }).run(s.h.clock.now());
    await s.h.bot.flush();
    expect(s.api.callsOf('chat.postMessage').map((c) => c.body.channel)).toEqual([TEAM]);
    expect(s.deliveries().some((d) => d.channel === 'COTHER' && d.text.includes('公车私用'))).toBe(false);
  });
});

describe('answers in the acknowledgement', () => {
  beforeEach(async () => {
    s = await createSlackHarness();
    await withSlackTeam(s);
  });

  it('carries a quick answer in the HTTP response: in_channel for the chat, ephemeral for the asker', async () => {
    const card = await s.slash('UMEMBER', TEAM, '/team');
    expect(JSON.parse(card.body)).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^巡察组「第一巡察组」/) });
    const refusal = await s.slash('ULIAISON', TEAM, '/finding list');
    expect(JSON.parse(refusal.body)).toMatchObject({ response_type: 'ephemeral', text: '需要以下角色之一：巡察办、组长、副组长、组员（你的角色：联络员）。请由巡察办、组长、副组长或组员办理。' });
    const rule = await s.slash('UOWNER', 'COTHER', '/rule 宴请');
    expect(JSON.parse(rule.body)).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^与「宴请」相关的规定：/) });
    expect(mrkdwn(JSON.parse(rule.body).blocks as unknown[])[0]).toBe('*与「宴请」相关的规定：*');
    // Nothing went to a response_url or the Web API for these answers.
    expect(s.api.callsOf('respond')).toEqual([]);
    expect(s.api.callsOf('chat.postMessage')).toEqual([]);
    expect(s.api.callsOf('chat.postEphemeral')).toEqual([]);
  });

  it('acknowledges with the first reply that fits and delivers the others after it, in order', async () => {
    wrapHandle(async () => ({ replies: [reply.dm('一、私信', []), reply.chat('二、群里', []), reply.asker('三、仅你可见', [])] }));
    const since = s.api.calls.length;
    const res = await s.slash('UMEMBER', TEAM, '/team');
    expect(JSON.parse(res.body)).toMatchObject({ response_type: 'in_channel', text: '二、群里' });
    expect(s.deliveries(since).map((d) => [d.where, d.channel, d.text])).toEqual([
      ['channel', TEAM, '二、群里'],
      ['dm', 'DMEMBER', '一、私信'],
      ['ephemeral', TEAM, '三、仅你可见'],
    ]);
    expect(s.api.callsOf('respond').map((c) => c.body.response_type)).toEqual(['ephemeral']);
  });

  it('acknowledges a slow command empty and answers through response_url once the core is done', async () => {
    await s.close();
    s = await createSlackHarness({ adapter: { ackBudgetMs: 10 } });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    wrapHandle(async (real, msg) => {
      await gate;
      return (await real(msg)) as { replies: Reply[] };
    });
    const res = await s.request('UADMIN', TEAM, `/team create ${TEAM_NAME}`);
    expect(res).toEqual({ status: 200, body: '' });
    expect(s.deliveries()).toEqual([]);
    open();
    await s.settle();
    expect(s.deliveries()).toEqual([expect.objectContaining({ where: 'channel', channel: TEAM, text: expect.stringMatching(/^已新建巡察组「第一巡察组」/) })]);
    expect(s.api.callsOf('respond')).toHaveLength(1);
    expect(s.api.callsOf('ack')).toEqual([]);
  });

  it('acknowledges a command whose handling fails, and logs the failure without what was typed', async () => {
    wrapHandle(async () => {
      throw new Error('store unavailable');
    });
    const res = await s.slash('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    expect(res).toEqual({ status: 200, body: '' });
    expect(s.h.logs).toContainEqual(expect.objectContaining({ msg: 'slack handler failed', err: expect.objectContaining({ message: 'store unavailable' }) }));
    expect(JSON.stringify(s.h.logs)).not.toContain('公车私用');
    expect(await findings()).toEqual([]);
  });
});

describe('what the bot sends on its own', () => {
  const digestAt = async (at: string): Promise<void> => {
    s.h.clock.set(at);
    await createDigestJob({ services: s.h.bot.services, config: s.h.config, t: s.h.bot.t }).run(s.h.clock.now());
    await s.h.bot.flush();
  };

  beforeEach(async () => {
    s = await createSlackHarness();
    await withSlackTeam(s);
    // The channel's reading of the digest is the core's (test/digest.test.ts); here, the transport:
    // with no liaison on the roster the channel gets the whole digest and nobody a second copy.
    await one('UADMIN', TEAM, '/team remove <@ULIAISON>');
    await one('UMEMBER', TEAM, '/finding add 公车私用 --unit 城关镇 --cat 作风');
    // Due on the 27th: within three days of the 26th's digest. The owner is told by DM.
    const { out } = await run('ULEAD', TEAM, '/rectify add F-1 收回车辆 --owner <@UOWNER|chen> --due 11-27');
    expect(out.map((d) => [d.where, d.channel])).toEqual([
      ['channel', TEAM],
      ['dm', 'DOWNER'],
    ]);
  });

  it('posts the daily digest to the bound channel and DMs each owner', async () => {
    const since = s.api.calls.length;
    await digestAt('2026-11-26T08:30:00+08:00');
    const posts = s.api.calls.slice(since).filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.body.channel)).toEqual([TEAM, 'DOWNER']);
    expect(posts[0]!.body).toMatchObject({ channel: TEAM, text: expect.stringMatching(/^【每日提醒】巡察组「第一巡察组」 · 2026-11-26\n/) });
    expect(String(posts[0]!.body.text)).toContain('R-1');
    expect(String(posts[0]!.body.text)).toContain('陈主任');
    expect(mrkdwn(posts[0]!.body.blocks as unknown[])[0]).toBe('*【每日提醒】巡察组「第一巡察组」 · 2026-11-26*');
    expect(String(posts[1]!.body.text)).toContain('R-1');
    // The owner's DM channel was opened earlier (for the assignment) and is reused.
    expect(s.api.callsOf('conversations.open').map((c) => c.body.users)).toEqual(['UOWNER']);
    expect(s.deliveries(since).map((d) => [d.where, d.channel, d.user])).toEqual([
      ['channel', TEAM, undefined],
      ['dm', 'DOWNER', 'UOWNER'],
    ]);
    // Exactly once a day.
    await digestAt('2026-11-26T09:30:00+08:00');
    expect(s.api.calls.slice(since).filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
  });

  it('waits out a 429 on chat.postMessage and delivers', async () => {
    s.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const since = s.api.calls.length;
    await digestAt('2026-11-26T08:30:00+08:00');
    const posts = s.api.calls.slice(since).filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => [c.body.channel, c.failed ?? false])).toEqual([
      [TEAM, true],
      [TEAM, false],
      ['DOWNER', false],
    ]);
    expect(s.deliveries(since).map((d) => d.channel)).toEqual([TEAM, 'DOWNER']);
  });

  it('keeps a batch pending after channel_not_found and delivers it on a later flush', async () => {
    s.api.failNext('chat.postMessage', { error: 'channel_not_found' });
    const since = s.api.calls.length;
    await digestAt('2026-11-26T08:30:00+08:00');
    // The channel message failed; the owner's DM went out.
    expect(s.deliveries(since).map((d) => d.channel)).toEqual(['DOWNER']);
    expect(s.h.logs.some((l) => l.msg === 'delivery failed; will retry')).toBe(true);

    await s.h.bot.flush();
    const out = s.deliveries(since);
    expect(out.map((d) => d.channel)).toEqual(['DOWNER', TEAM]);
    expect(out[1]!.text).toMatch(/^【每日提醒】巡察组「第一巡察组」 · 2026-11-26/);
    // Delivered once: a further flush sends nothing.
    await s.h.bot.flush();
    expect(s.deliveries(since)).toHaveLength(2);
  });
});
