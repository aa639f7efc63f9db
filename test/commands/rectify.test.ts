import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry as AuditEntry } from '../../src/audit.ts';
import type { Rectification } from '../../src/rectification.ts';
import type { ChatRef, Outgoing } from '../../src/types.ts';
import { dm, type Harness, useTeamHarness } from '../helpers/harness.ts';
import { signOff } from '../helpers/findings.ts';
import { ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';
const ADD_USAGE = '用法：/rectify add <F编号> <整改措施> --owner <用户> --due <日期> [--immediate]';
const OWNER = 'console:王镇长';
const OWNER_DM = dm('王镇长');
/** The measure of the standard task R-1: it must never leak to someone who may not. */
const MEASURE = '公开栏每月更新';
/** A completion note that says what was done and what shows it (EVIDENCE_MIN characters and more). */
const DONE = '公开栏已按月更新，附照片三张';

/** A fresh team harness per call, disposed after each test. */
const setup = useTeamHarness();

/**
 * The standard team with F-1 (城关镇) and F-2 (东关村), and R-1 on F-1 owned by 王镇长 (not a
 * member), due 2026-12-10, created by 组长 at T0. The notice of R-1 is already delivered and cleared.
 */
async function withTask(env?: Record<string, string>) {
  const s = await setup(env);
  await ok(s.h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
  await ok(s.h, '组员', '/finding add 村级财务报销不规范 --unit 东关村 --cat 纪律');
  await ok(s.h, '组长', `/rectify add F-1 ${MEASURE} --owner 王镇长 --due 2026-12-10`);
  await delivered(s.h, s.sent);
  s.sent.length = 0;
  return s;
}

async function task(h: Harness, teamId: string, n: number): Promise<Rectification> {
  const r = await h.bot.services.rectifications.get(teamId, n);
  expect(r, `R-${n} stored`).toBeDefined();
  return r!;
}

/** Every notice delivered so far. */
async function delivered(h: Harness, sent: Outgoing[]): Promise<Outgoing[]> {
  await h.bot.flush();
  return sent;
}

/** Who the delivered notices went to, in order. */
const recipients = (sent: Outgoing[]) => sent.map((o) => ('user' in o.to ? o.to.user : `chat ${o.to.chat}`));

/** The references a list shows, in order. */
const refsIn = (text: string) => [...text.matchAll(/^R-(\d+)［/gm)].map((m) => Number(m[1]));
/** The list line of one reference. */
const lineOf = (text: string, n: number) => text.split('\n').find((l) => l.startsWith(`R-${n}［`));
/** 09:00 (or `hm`) on a day in Asia/Shanghai, as the harness clock takes it. */
const local = (date: string, hm = '09:00') => `${date}T${hm}:00+08:00`;
/** The same instant as stored in history entries. */
const iso = (date: string, hm = '09:00') => new Date(local(date, hm)).toISOString();
const audits = async (h: Harness, teamId: string, action: string): Promise<AuditEntry[]> =>
  (await h.bot.services.audit.list(teamId)).filter((e) => e.action === action);
const noCrash = (h: Harness) => expect(h.logs.filter((l) => l.outcome === 'error')).toEqual([]);
const owners = async (h: Harness, teamId: string) => (await h.bot.services.teams.get(teamId))!.owners;

describe('/rectify add', () => {
  it('creates R-1 for a finding, tells the owner by direct message, and registers a non-member owner', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    const r = await ok(h, '组长', `/rectify add F-1 ${MEASURE} --owner 王镇长 --due 15工作日 --immediate`);
    // To be fixed at once (立行立改) at 城关镇: its liaison, who reads the group, may read it at once.
    expect(r.visibility).toBe('chat');
    // 15 working days from Wednesday 2026-11-25; F-1 is still a draft, and that is said.
    expect(r.text).toBe(
      '已建立整改任务 R-1（F-1 · 城关镇）：责任人 王镇长，时限 2026-12-16，立行立改。已通知责任人。\n注意：F-1 还是草稿，尚未复核审签：整改应针对审定的问题，请尽快审定。',
    );
    expect(r.actions).toEqual([{ label: '查看', command: '/rectify show R-1' }]);
    expect(await task(h, teamId, 1)).toEqual({
      team: teamId, n: 1, finding: 1, unit: '城关镇', measure: MEASURE, owner: OWNER, due: '2026-12-16', immediate: true,
      state: 'open', progress: [], extensions: [], followUps: [], createdAt: T0, createdBy: 'console:组长', history: [],
    });
    expect(await owners(h, teamId)).toEqual([OWNER]);
    expect(await audits(h, teamId, 'create')).toEqual([{ at: T0, user: 'console:组长', action: 'create', ref: 'R-1' }]);
    const notices = await delivered(h, sent);
    expect(recipients(notices)).toEqual([OWNER]);
    expect(notices[0]!.reply.visibility).toBe('dm');
    expect(notices[0]!.reply.text).toBe(
      `巡察组「第一巡察组」交给你一项整改任务 R-1：${MEASURE}\n时限：2026-12-16。完成后发送 /rectify done R-1 <完成说明>。`,
    );
  });

  it('lets a deputy assign a member, accepts references and dates as typed, and numbers on', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    await ok(h, '组员', '/finding add 村级财务报销不规范 --unit 东关村 --cat 纪律');
    await signOff(h, 'F-2');
    // The sign-off's own notice (审签 awaited) is not this test's.
    await delivered(h, sent);
    sent.length = 0;
    const first = await ok(h, '副组长', '/rectify add f2 “逐笔 补正 报销凭证” --owner 组员 --due 12月31日');
    // Before feedback the liaison in the group may not read a task: the asker alone sees the reply.
    expect(first.visibility).toBe('asker');
    expect(first.text).toBe('已建立整改任务 R-1（F-2 · 东关村）：责任人 组员，时限 2026-12-31。已通知责任人。');
    await ok(h, '组长', '/rectify add 1 建立公开台账 --owner @组员二 --due +7d');
    await ok(h, '组长', '/rectify add F-1 整改三 --owner 组员 --due 2026-11-25');
    expect(await task(h, teamId, 1)).toMatchObject({ finding: 2, unit: '东关村', measure: '逐笔 补正 报销凭证', owner: 'console:组员', due: '2026-12-31', immediate: false, createdBy: 'console:副组长' });
    expect(await task(h, teamId, 2)).toMatchObject({ finding: 1, unit: '城关镇', owner: 'console:组员二', due: '2026-12-02' });
    // Today is still a good deadline.
    expect((await task(h, teamId, 3)).due).toBe('2026-11-25');
    // Members are not added as owners: they already see the team's tasks.
    expect(await owners(h, teamId)).toEqual([]);
    const notices = await delivered(h, sent);
    expect(recipients(notices)).toEqual(['console:组员', 'console:组员二', 'console:组员']);
    expect(notices.map((n) => /R-\d+/.exec(n.reply.text)?.[0])).toEqual(['R-1', 'R-2', 'R-3']);
  });

  it.each([
    ['a bad finding reference', `/rectify add F-x ${MEASURE} --owner 王镇长 --due 12-10`, ['「F-x」', 'F-3']],
    ['a task reference for the finding', `/rectify add R-1 ${MEASURE} --owner 王镇长 --due 12-10`, ['「R-1」', 'F-3']],
    ['an unknown finding', `/rectify add F-9 ${MEASURE} --owner 王镇长 --due 12-10`, ['本组没有 F-9']],
    ['a missing measure', '/rectify add F-1 --owner 王镇长 --due 12-10', ['缺少整改措施。', ADD_USAGE]],
    ['a blank measure', '/rectify add F-1 “　” --owner 王镇长 --due 12-10', ['整改措施不能为空。', ADD_USAGE]],
    ['a missing owner', `/rectify add F-1 ${MEASURE} --due 12-10`, ['缺少整改责任人。', ADD_USAGE]],
    ['--owner without a value', `/rectify add F-1 ${MEASURE} --due 12-10 --owner`, ['--owner 后面缺少值', ADD_USAGE]],
    ['a missing deadline', `/rectify add F-1 ${MEASURE} --owner 王镇长`, ['缺少时限。', ADD_USAGE]],
    ['an unparseable deadline', `/rectify add F-1 ${MEASURE} --owner 王镇长 --due 下个月`, ['看不懂日期「下个月」']],
    ['a deadline before today', `/rectify add F-1 ${MEASURE} --owner 王镇长 --due 2026-11-24`, ['期限 2026-11-24 早于今天（2026-11-25）']],
    ['yesterday as month-day', `/rectify add F-1 ${MEASURE} --owner 王镇长 --due 11-24`, ['期限 2026-11-24 早于今天']],
    ['an unknown option', `/rectify add F-1 ${MEASURE} --owner 王镇长 --due 12-10 --unit 城关镇`, ['不认识选项 --unit', ADD_USAGE]],
    ['nothing at all', '/rectify add', ['缺少编号', ADD_USAGE]],
  ])('refuses %s and saves nothing', async (_name, line, parts) => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    const r = await refused(h, '组长', line);
    for (const part of parts) expect(r.text).toContain(part);
    expect(await h.bot.services.rectifications.list(teamId)).toEqual([]);
    expect(await owners(h, teamId)).toEqual([]);
    expect(await audits(h, teamId, 'create')).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
    // No reference was burnt.
    expect((await ok(h, '组长', `/rectify add F-1 ${MEASURE} --owner 组员 --due 12-10`)).text).toContain('R-1');
  });

  it.each([
    ['组员', '组员'],
    ['联络员', '联络员'],
    ['admin', '巡察办'],
  ])('refuses %s, naming the roles needed', async (user, role) => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    const r = await refused(h, user, `/rectify add F-1 ${MEASURE} --owner 王镇长 --due 12-10`);
    expect(r.text).toBe(`需要以下角色之一：组长、副组长（你的角色：${role}）。请由组长或副组长办理。`);
    expect(await h.bot.services.rectifications.list(teamId)).toEqual([]);
    expect(await owners(h, teamId)).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses an owner who is not a member', async () => {
    const { h, teamId } = await withTask();
    const r = await refused(h, '王镇长', '/rectify add F-1 自己给自己 --owner 王镇长 --due 12-20', OWNER_DM);
    expect(r.text).toBe('需要以下角色之一：组长、副组长（你的角色：整改责任人）。请由组长或副组长办理。');
    expect(await h.bot.services.rectifications.list(teamId)).toHaveLength(1);
  });
});

describe('/rectify progress', () => {
  it('records notes from the owner and from the team, with who and when', async () => {
    const { h, teamId, sent } = await withTask();
    h.clock.set(local('2026-11-27', '10:00'));
    const r = await ok(h, '王镇长', '/rectify progress R-1 已制定公开目录', OWNER_DM);
    expect(r.text).toBe('已记录 R-1 的整改进展。');
    h.clock.set(local('2026-11-28', '16:30'));
    await ok(h, '组员', '/rectify progress r1 “现场 核实 公开栏已更新”');
    await ok(h, '副组长', '/rectify progress 1 督促加快');
    const t = await task(h, teamId, 1);
    expect(t.progress).toEqual([
      { at: iso('2026-11-27', '10:00'), by: OWNER, text: '已制定公开目录' },
      { at: iso('2026-11-28', '16:30'), by: 'console:组员', text: '现场 核实 公开栏已更新' },
      { at: iso('2026-11-28', '16:30'), by: 'console:副组长', text: '督促加快' },
    ]);
    expect(t.state).toBe('open');
    expect((await audits(h, teamId, 'progress')).map((e) => e.user)).toEqual([OWNER, 'console:组员', 'console:副组长']);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses an empty note, a liaison who is not the owner, and the office, saving nothing', async () => {
    const { h, teamId } = await withTask();
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    h.clock.set(local('2026-12-02'));
    const before = await task(h, teamId, 1);
    const empty = await refused(h, '王镇长', '/rectify progress R-1', OWNER_DM);
    expect(empty.text).toContain('缺少');
    expect(empty.text).toContain('用法：/rectify progress <R编号> <进展>');
    // After feedback the liaison sees the task, but a progress note is the owner's or the team's.
    const liaison = await refused(h, '联络员', '/rectify progress R-1 单位自己说已整改');
    expect(liaison.text).toBe('需要以下角色之一：组长、副组长、组员、整改责任人（你的角色：联络员）。请由组长、副组长、组员或整改责任人办理。');
    const office = await refused(h, 'admin', '/rectify progress R-1 巡察办催办');
    expect(office.text).toContain('你的角色：巡察办');
    expect(await task(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'progress')).toEqual([]);
  });
});

describe('/rectify done', () => {
  it('records the completion note and tells every current leader, and only them', async () => {
    const { h, teamId, sent } = await withTask();
    await ok(h, 'admin', '/team add 组长二 leader');
    await ok(h, 'admin', '/team add 前组长 leader');
    await ok(h, 'admin', '/team remove 前组长');
    h.clock.set(local('2026-12-05', '17:00'));
    const r = await ok(h, '王镇长', '/rectify done R-1 “公开栏 每月5日前更新，附照片三张”', OWNER_DM);
    expect(r.text).toBe('已报告 R-1 完成，等待组长销号。');
    expect(r.actions).toEqual([{ label: '销号', command: '/rectify verify R-1', style: 'primary' }]);
    const at = iso('2026-12-05', '17:00');
    const t = await task(h, teamId, 1);
    expect(t.state).toBe('done');
    expect(t.doneNote).toEqual({ at, by: OWNER, text: '公开栏 每月5日前更新，附照片三张' });
    expect(t.history).toEqual([{ at, by: OWNER, field: 'state', from: 'open', to: 'done' }]);
    expect(await audits(h, teamId, 'done')).toEqual([{ at, user: OWNER, action: 'done', ref: 'R-1' }]);
    const notices = await delivered(h, sent);
    expect(recipients(notices)).toEqual(['console:组长', 'console:组长二']);
    for (const n of notices) {
      expect(n.reply.visibility).toBe('dm');
      expect(n.reply.text).toBe('巡察组「第一巡察组」：王镇长 报告整改任务 R-1 已完成，请核实后销号（/rectify verify R-1）。');
    }
  });

  it.each([
    ['no note', '/rectify done R-1'],
    ['a blank note', '/rectify done R-1 “　 ”'],
  ])('refuses %s: no paper-only rectification', async (_name, line) => {
    const { h, teamId, sent } = await withTask();
    const before = await task(h, teamId, 1);
    const r = await refused(h, '王镇长', line, OWNER_DM);
    expect(r.text).toContain('用法：/rectify done <R编号> <完成说明>');
    expect(await task(h, teamId, 1)).toEqual(before);
    expect(before.state).toBe('open');
    expect(await audits(h, teamId, 'done')).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses a second report, keeping the first note and telling the leaders once', async () => {
    const { h, teamId, sent } = await withTask();
    await ok(h, '王镇长', '/rectify done R-1 第一次说明：公开栏已更新并附照片', OWNER_DM);
    const first = await task(h, teamId, 1);
    h.clock.set(local('2026-11-26'));
    const r = await refused(h, '王镇长', '/rectify done R-1 第二次说明：又补了三张照片', OWNER_DM);
    expect(r.text).toBe('R-1 当前为已完成待销号，此操作要求进行中。请用 /rectify show R-1 查看它的进展。');
    expect(await task(h, teamId, 1)).toEqual(first);
    expect(await audits(h, teamId, 'done')).toHaveLength(1);
    expect(recipients(await delivered(h, sent))).toEqual(['console:组长']);
  });

  it.each(['组长', '组员', 'admin'])('refuses %s, who is not the owner', async (user) => {
    const { h, teamId, sent } = await withTask();
    const r = await refused(h, user, '/rectify done R-1 替责任人报完成');
    expect(r.text).toBe('只有 R-1 的整改责任人可以报告完成。请由责任人报告，你可以用 /rectify progress R-1 <进展> 记录进展。');
    expect((await task(h, teamId, 1)).state).toBe('open');
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('lets a member who owns a task report it done', async () => {
    const { h, teamId } = await withTask();
    await ok(h, '组长', '/rectify add F-2 补正凭证 --owner 组员 --due 12-20');
    await ok(h, '组员', '/rectify done R-2 凭证已逐笔补正，附补正清单');
    expect(await task(h, teamId, 2)).toMatchObject({ state: 'done', doneNote: { by: 'console:组员', text: '凭证已逐笔补正，附补正清单' } });
    expect((await task(h, teamId, 1)).state).toBe('open');
  });
});

describe('/rectify verify', () => {
  it('signs a done task off, with who and when', async () => {
    const { h, teamId, sent } = await withTask();
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    h.clock.set(local('2026-12-07', '11:00'));
    const r = await ok(h, '组长', '/rectify verify R-1');
    expect(r.visibility).toBe('chat');
    expect(r.text).toBe('R-1 已销号。');
    const at = iso('2026-12-07', '11:00');
    const t = await task(h, teamId, 1);
    expect(t.state).toBe('verified');
    expect(t.verified).toEqual({ at, by: 'console:组长' });
    expect(t.history).toEqual([
      { at: T0, by: OWNER, field: 'state', from: 'open', to: 'done' },
      { at, by: 'console:组长', field: 'state', from: 'done', to: 'verified' },
    ]);
    expect(await audits(h, teamId, 'verify')).toEqual([{ at, user: 'console:组长', action: 'verify', ref: 'R-1' }]);
    // Only the done notice to the leader went out.
    expect(recipients(await delivered(h, sent))).toEqual(['console:组长']);
  });

  it('refuses an open task and a task already signed off', async () => {
    const { h, teamId } = await withTask();
    const open = await refused(h, '组长', '/rectify verify R-1');
    expect(open.text).toBe('R-1 当前为进行中，此操作要求已完成待销号。请用 /rectify show R-1 查看它的进展。');
    expect(await task(h, teamId, 1)).toMatchObject({ state: 'open', history: [] });
    expect((await task(h, teamId, 1)).verified).toBeUndefined();
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    await ok(h, '组长', '/rectify verify R-1');
    const signed = await task(h, teamId, 1);
    expect((await refused(h, '组长', '/rectify verify R-1')).text).toBe('R-1 当前为已销号，此操作要求已完成待销号。请用 /rectify show R-1 查看它的进展。');
    expect(await task(h, teamId, 1)).toEqual(signed);
    expect(await audits(h, teamId, 'verify')).toHaveLength(1);
  });

  it.each([
    ['副组长', '副组长'],
    ['组员', '组员'],
  ])('refuses %s: 销号 is the leader’s (and after feedback the office’s)', async (user, role) => {
    const { h, teamId } = await withTask();
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    const r = await refused(h, user, '/rectify verify R-1');
    expect(r.text).toBe(`需要以下角色之一：组长、巡察办（你的角色：${role}）。请由组长或巡察办办理。`);
    expect((await task(h, teamId, 1)).state).toBe('done');
    expect(await audits(h, teamId, 'verify')).toEqual([]);
  });

  it('never lets a leader sign off a task they own; another leader may', async () => {
    const { h, teamId } = await withTask();
    await ok(h, '副组长', '/rectify add F-2 组长牵头约谈 --owner 组长 --due 12-20');
    await ok(h, '组长', '/rectify done R-2 已约谈并形成谈话记录一份');
    const r = await refused(h, '组长', '/rectify verify R-2');
    expect(r.text).toBe('R-2 的责任人不能为自己的任务销号。请由组长销号。');
    expect((await task(h, teamId, 2)).state).toBe('done');
    await ok(h, 'admin', '/team add 组长二 leader');
    await ok(h, '组长二', '/rectify verify R-2');
    expect((await task(h, teamId, 2)).verified).toEqual({ at: T0, by: 'console:组长二' });
  });
});

describe('/rectify reopen', () => {
  it('sends a done task back with the reason in history and tells the owner', async () => {
    const { h, teamId, sent } = await withTask();
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    await delivered(h, sent);
    sent.length = 0;
    h.clock.set(local('2026-12-03', '15:00'));
    const r = await ok(h, '组长', '/rectify reopen R-1 “佐证只有 一张照片”');
    expect(r.text).toBe('已将 R-1 退回，状态改为进行中。已通知责任人。');
    const at = iso('2026-12-03', '15:00');
    const t = await task(h, teamId, 1);
    expect(t.state).toBe('open');
    expect(t.history).toEqual([
      { at: T0, by: OWNER, field: 'state', from: 'open', to: 'done' },
      { at, by: 'console:组长', field: 'state', from: 'done', to: 'open' },
      { at, by: 'console:组长', field: 'doneNote', from: DONE },
      { at, by: 'console:组长', field: 'reopen', to: '佐证只有 一张照片' },
    ]);
    // The refused note lives on in history only: the next report must stand on its own.
    expect(t.doneNote).toBeUndefined();
    expect(await audits(h, teamId, 'reopen')).toEqual([{ at, user: 'console:组长', action: 'reopen', ref: 'R-1' }]);
    const notices = await delivered(h, sent);
    expect(recipients(notices)).toEqual([OWNER]);
    expect(notices[0]!.reply).toMatchObject({ visibility: 'dm', text: '巡察组「第一巡察组」退回了整改任务 R-1：佐证只有 一张照片' });
    // The owner can report again, with a new note.
    await ok(h, '王镇长', '/rectify done R-1 补充了近三个月的公开栏照片', OWNER_DM);
    expect(await task(h, teamId, 1)).toMatchObject({ state: 'done', doneNote: { text: '补充了近三个月的公开栏照片' } });
  });

  it('refuses an open task, a missing reason, and anyone but the leader', async () => {
    const { h, teamId, sent } = await withTask();
    expect((await refused(h, '组长', '/rectify reopen R-1 没做完')).text).toBe('R-1 当前为进行中，此操作要求已完成待销号。请用 /rectify show R-1 查看它的进展。');
    expect(await task(h, teamId, 1)).toMatchObject({ state: 'open', history: [] });
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    await delivered(h, sent);
    sent.length = 0;
    const done = await task(h, teamId, 1);
    const missing = await refused(h, '组长', '/rectify reopen R-1');
    expect(missing.text).toContain('用法：/rectify reopen <R编号> <理由>');
    expect((await refused(h, '副组长', '/rectify reopen R-1 退回')).text).toBe('需要以下角色之一：组长（你的角色：副组长）。请由组长办理。');
    expect((await refused(h, '组员', '/rectify reopen R-1 退回')).text).toBe('需要以下角色之一：组长（你的角色：组员）。请由组长办理。');
    expect((await refused(h, '王镇长', '/rectify reopen R-1 退回', OWNER_DM)).text).toBe('需要以下角色之一：组长（你的角色：整改责任人）。请由组长办理。');
    expect(await task(h, teamId, 1)).toEqual(done);
    expect(await audits(h, teamId, 'reopen')).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });
});

describe('/rectify extend', () => {
  it('moves the deadline, keeps the old one in the extensions and history, and tells the owner', async () => {
    const { h, teamId, sent } = await withTask();
    h.clock.set(local('2026-12-01', '10:00'));
    const r = await ok(h, '组长', '/rectify extend R-1 --due 2026-12-18 --reason “等待 镇党委会 审议”');
    expect(r.text).toBe('R-1 的时限已由 2026-12-10 延至 2026-12-18，原时限保留在历史中。已通知责任人。');
    h.clock.set(local('2026-12-02', '10:00'));
    await ok(h, '组长', '/rectify extend 1 --due 15工作日 --reason 补充材料');
    const [a, b] = [iso('2026-12-01', '10:00'), iso('2026-12-02', '10:00')];
    const t = await task(h, teamId, 1);
    // 15 working days from Wednesday 12-02: three weeks of Monday to Friday.
    expect(t.due).toBe('2026-12-23');
    expect(t.extensions).toEqual([
      { at: a, by: 'console:组长', from: '2026-12-10', to: '2026-12-18', reason: '等待 镇党委会 审议' },
      { at: b, by: 'console:组长', from: '2026-12-18', to: '2026-12-23', reason: '补充材料' },
    ]);
    expect(t.history).toEqual([
      { at: a, by: 'console:组长', field: 'due', from: '2026-12-10', to: '2026-12-18' },
      { at: b, by: 'console:组长', field: 'due', from: '2026-12-18', to: '2026-12-23' },
    ]);
    expect(t.state).toBe('open');
    expect((await audits(h, teamId, 'extend')).map((e) => e.at)).toEqual([a, b]);
    const notices = await delivered(h, sent);
    expect(recipients(notices)).toEqual([OWNER, OWNER]);
    expect(notices[0]!.reply).toMatchObject({ visibility: 'dm', text: '巡察组「第一巡察组」将整改任务 R-1 的时限延至 2026-12-18：等待 镇党委会 审议' });
  });

  it('takes an overdue task out of the overdue list', async () => {
    const { h, teamId } = await withTask();
    h.clock.set(local('2026-12-20'));
    expect(refsIn((await ok(h, '组长', '/rectify list --overdue')).text)).toEqual([1]);
    await ok(h, '组长', '/rectify extend R-1 --due 12-31 --reason 换届顺延');
    expect((await task(h, teamId, 1)).extensions.map((e) => [e.from, e.to])).toEqual([['2026-12-10', '2026-12-31']]);
    expect(refsIn((await ok(h, '组长', '/rectify list --overdue')).text)).toEqual([]);
  });

  it.each([
    ['the same deadline', '组长', '/rectify extend R-1 --due 2026-12-10 --reason 不变', ['新时限与原时限相同（2026-12-10）']],
    ['a deadline before today', '组长', '/rectify extend R-1 --due 2026-11-20 --reason 补救', ['期限 2026-11-20 早于今天（2026-11-25）']],
    ['a deadline earlier than the current one', '组长', '/rectify extend R-1 --due 2026-12-01 --reason 提前', ['延期的新时限 2026-12-01 不晚于原时限 2026-12-10。请给出 2026-12-10 之后的日期。']],
    ['an unparseable deadline', '组长', '/rectify extend R-1 --due 年底 --reason 顺延', ['看不懂日期「年底」']],
    ['a missing reason', '组长', '/rectify extend R-1 --due 12-20', ['缺少理由。', '用法：/rectify extend <R编号> --due <日期> --reason <理由>']],
    ['a missing deadline', '组长', '/rectify extend R-1 --reason 顺延', ['缺少时限。', '用法：/rectify extend']],
    ['a deputy', '副组长', '/rectify extend R-1 --due 12-20 --reason 顺延', ['需要以下角色之一：组长（你的角色：副组长）。请由组长办理。']],
    ['a member', '组员', '/rectify extend R-1 --due 12-20 --reason 顺延', ['需要以下角色之一：组长（你的角色：组员）。请由组长办理。']],
  ])('refuses %s and changes nothing', async (_name, user, line, parts) => {
    const { h, teamId, sent } = await withTask();
    const before = await task(h, teamId, 1);
    const r = await refused(h, user, line);
    for (const part of parts) expect(r.text).toContain(part);
    expect(await task(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'extend')).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses to extend a task reported done', async () => {
    const { h, teamId } = await withTask();
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    const r = await refused(h, '组长', '/rectify extend R-1 --due 12-20 --reason 顺延');
    expect(r.text).toBe('R-1 当前为已完成待销号，此操作要求进行中。请用 /rectify show R-1 查看它的进展。');
    expect(await task(h, teamId, 1)).toMatchObject({ due: '2026-12-10', extensions: [] });
  });
});

describe('/rectify followup', () => {
  /** R-1 reported done on 11-25 and signed off by the leader; the round fed back on 2026-12-01. */
  async function verified() {
    const s = await withTask();
    await ok(s.h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    await ok(s.h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    await ok(s.h, '组长', '/rectify verify R-1');
    await delivered(s.h, s.sent);
    s.sent.length = 0;
    return s;
  }

  it('records 巩固 on a verified task, which stays signed off', async () => {
    const { h, teamId, sent } = await verified();
    h.clock.set(local('2027-03-01'));
    const r = await ok(h, '副组长', '/rectify followup R-1 --result 巩固 --note “抽查 三个月 均按时公开”');
    expect(r.text).toBe('已记录 R-1 的回头看结果：巩固。');
    const t = await task(h, teamId, 1);
    expect(t.followUps).toEqual([{ at: iso('2027-03-01'), by: 'console:副组长', result: '巩固', note: '抽查 三个月 均按时公开' }]);
    expect(t.state).toBe('verified');
    expect(t.history.at(-1)).toEqual({ at: iso('2027-03-01'), by: 'console:副组长', field: 'followUp', to: '巩固' });
    expect(await audits(h, teamId, 'followup')).toHaveLength(1);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it.each(['反弹', '未到位'])('opens the task again on %s, with the new deadline, and it is open and in time overdue', async (result) => {
    const { h, teamId, sent } = await verified();
    const signed = await task(h, teamId, 1);
    h.clock.set(local('2027-03-01'));
    const r = await ok(h, '组长', `/rectify followup R-1 --result ${result} --due 2027-03-20 --note 三月未更新`);
    expect(r.text).toBe(`已记录 R-1 的回头看结果：${result}。任务重新打开，新时限 2027-03-20，须重新报告完成并销号。已通知责任人。`);
    const at = iso('2027-03-01');
    const t = await task(h, teamId, 1);
    expect(t).toMatchObject({ state: 'open', due: '2027-03-20' });
    expect(t.verified).toBeUndefined();
    expect(t.doneNote).toBeUndefined();
    expect(t.followUps).toEqual([{ at, by: 'console:组长', result, note: '三月未更新', due: '2027-03-20' }]);
    expect(t.history.slice(signed.history.length)).toEqual([
      { at, by: 'console:组长', field: 'followUp', to: result },
      { at, by: 'console:组长', field: 'state', from: 'verified', to: 'open' },
      { at, by: 'console:组长', field: 'doneNote', from: DONE },
      { at, by: 'console:组长', field: 'due', from: '2026-12-10', to: '2027-03-20' },
    ]);
    expect(await audits(h, teamId, 'followup')).toEqual([{ at, user: 'console:组长', action: 'followup', ref: 'R-1' }]);
    const notices = await delivered(h, sent);
    expect(recipients(notices)).toEqual([OWNER]);
    expect(notices[0]!.reply).toMatchObject({
      visibility: 'dm',
      text: `巡察组「第一巡察组」回头看发现整改任务 R-1${result}：三月未更新。任务重新打开，新时限 2027-03-20；整改到位后请重新报告完成（/rectify done R-1 <完成说明>）。`,
    });
    // Open again: in the list as open, and overdue once its new deadline has passed.
    expect(lineOf((await ok(h, '组长', '/rectify list')).text, 1)).toBe(`R-1［进行中］城关镇 · 王镇长 · 时限 2027-03-20：${MEASURE}（F-1）`);
    h.clock.set(local('2027-03-25'));
    expect(refsIn((await ok(h, '组长', '/rectify list --overdue')).text)).toEqual([1]);
    // Reported done and signed off anew, it may be followed up again.
    await ok(h, '王镇长', '/rectify done R-1 三月以来每月按时更新，附照片', OWNER_DM);
    await ok(h, '组长', '/rectify verify R-1');
    await ok(h, '组长', '/rectify followup R-1 --result 巩固');
    expect((await task(h, teamId, 1)).followUps.map((f) => f.result)).toEqual([result, '巩固']);
  });

  it('lets a supervisor record a follow-up from the feedback date, on the tasks they may read', async () => {
    const { h, teamId } = await verified();
    await ok(h, 'admin', '/team add 纪检员 监督 --org 纪委监委');
    h.clock.set(local('2027-03-01'));
    const r = await ok(h, '纪检员', '/rectify followup R-1 --result 反弹 --due 3-31', dm('纪检员'));
    expect(r.text).toContain('任务重新打开，新时限 2027-03-31');
    expect((await task(h, teamId, 1)).followUps).toEqual([{ at: iso('2027-03-01'), by: 'console:纪检员', result: '反弹', due: '2027-03-31' }]);
    expect((await audits(h, teamId, 'followup')).map((e) => e.user)).toEqual(['console:纪检员']);
  });

  it('refuses 反弹 or 未到位 without a new deadline, a deadline with 巩固, and bad input, saving nothing', async () => {
    const { h, teamId, sent } = await verified();
    const before = await task(h, teamId, 1);
    for (const result of ['反弹', '未到位']) {
      const r = await refused(h, '组长', `/rectify followup R-1 --result ${result} --note 又没更新`);
      expect(r.text).toBe('回头看发现反弹或未到位，R-1 将重新打开，须有新的整改时限。请用 --due <日期> 给出。');
    }
    expect((await refused(h, '组长', '/rectify followup R-1 --result 巩固 --due 12-31')).text).toBe('回头看结果为巩固时任务不重新打开，不用给出新时限。请去掉 --due；反弹或未到位时才用。');
    expect((await refused(h, '组长', '/rectify followup R-1 --result 反弹 --due 2026-11-01')).text).toBe('期限 2026-11-01 早于今天（2026-11-25）。请给出今天或以后的日期，例如 +7d 或 15个工作日。');
    expect((await refused(h, '组长', '/rectify followup R-1 --result 反弹 --due 下月')).text).toContain('看不懂日期「下月」');
    expect((await refused(h, '组长', '/rectify followup R-1 --result 很好')).text).toBe('回头看结果没有「很好」这一项。请从以下选一个：巩固、反弹、未到位。');
    const missing = await refused(h, '组长', '/rectify followup R-1 --note 看过了');
    expect(missing.text).toContain('缺少回头看结果。');
    expect(missing.text).toContain('用法：/rectify followup <R编号> --result 巩固|反弹|未到位 [--due <日期>] [--note <说明>]');
    expect(await task(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'followup')).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses a member, the owner and the liaison: 回头看 is the leaders’ and the supervisors’', async () => {
    const { h, teamId } = await verified();
    const before = await task(h, teamId, 1);
    for (const [user, chat, role] of [['组员', undefined, '组员'], ['王镇长', OWNER_DM, '整改责任人'], ['联络员', dm('联络员'), '联络员'], ['admin', undefined, '巡察办']] as const) {
      const r = await refused(h, user, '/rectify followup R-1 --result 反弹 --due 12-31', chat);
      expect(r.text).toBe(`需要以下角色之一：组长、副组长、监督（你的角色：${role}）。请由组长、副组长或监督办理。`);
    }
    expect(await task(h, teamId, 1)).toEqual(before);
  });

  it('refuses a follow-up on a task not yet signed off', async () => {
    const { h, teamId } = await withTask();
    expect((await refused(h, '组长', '/rectify followup R-1 --result 巩固')).text).toBe('R-1 当前为进行中，此操作要求已销号。请用 /rectify show R-1 查看它的进展。');
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    expect((await refused(h, '副组长', '/rectify followup R-1 --result 未到位 --due 12-31')).text).toBe('R-1 当前为已完成待销号，此操作要求已销号。请用 /rectify show R-1 查看它的进展。');
    expect((await task(h, teamId, 1)).followUps).toEqual([]);
    expect(await audits(h, teamId, 'followup')).toEqual([]);
  });
});

describe('/rectify show', () => {
  it('shows the whole record, oldest first, each step with who and when: sent-back notes, extensions, sign-offs and follow-ups', async () => {
    const { h } = await withTask();
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    h.clock.set(local('2026-11-27'));
    await ok(h, '王镇长', '/rectify progress R-1 已制定公开目录', OWNER_DM);
    h.clock.set(local('2026-11-30'));
    await ok(h, '王镇长', '/rectify done R-1 公开栏已更新，见照片一张', OWNER_DM);
    h.clock.set(local('2026-12-01'));
    await ok(h, '组长', '/rectify reopen R-1 佐证只有一张照片');
    await ok(h, '组长', '/rectify extend R-1 --due 2026-12-18 --reason 等待镇党委会审议');
    h.clock.set(local('2026-12-05'));
    await ok(h, '王镇长', '/rectify done R-1 每月5日前更新并附照片', OWNER_DM);
    h.clock.set(local('2026-12-07'));
    await ok(h, '组长', '/rectify verify R-1');
    h.clock.set(local('2027-03-01'));
    await ok(h, '副组长', '/rectify followup R-1 --result 反弹 --due 2027-03-31 --note 二月未更新');
    h.clock.set(local('2027-03-20'));
    await ok(h, '王镇长', '/rectify done R-1 二月、三月已补更新，附照片两张', OWNER_DM);
    h.clock.set(local('2027-03-25'));
    await ok(h, 'admin', '/rectify verify R-1');
    h.clock.set(local('2027-06-01'));
    await ok(h, '副组长', '/rectify followup R-1 --result 巩固 --note 抽查均按时公开');
    const r = await ok(h, '组员', '/rectify show R-1');
    expect(r.visibility).toBe('chat');
    expect(r.text.split('\n')).toEqual([
      'R-1［已销号］',
      MEASURE,
      '对应问题：F-1　单位：城关镇　责任人：王镇长　时限：2027-03-31',
      '记录：',
      '· 2026-11-25 组长 建立任务，时限 2026-12-10',
      '· 2026-11-27 王镇长 进展：已制定公开目录',
      '· 2026-11-30 王镇长 报告完成：公开栏已更新，见照片一张',
      '· 2026-12-01 组长 退回：佐证只有一张照片',
      '· 2026-12-01 组长 延期 2026-12-10 → 2026-12-18：等待镇党委会审议',
      '· 2026-12-05 王镇长 报告完成：每月5日前更新并附照片',
      '· 2026-12-07 组长 销号',
      '· 2027-03-01 副组长 回头看：反弹，二月未更新；任务重新打开，新时限 2027-03-31',
      '· 2027-03-20 王镇长 报告完成：二月、三月已补更新，附照片两张',
      '· 2027-03-25 admin 销号',
      '· 2027-06-01 副组长 回头看：巩固，抽查均按时公开',
    ]);
  });

  it('shows the record in English', async () => {
    const { h } = await withTask({ XC_LANG: 'en' });
    await ok(h, '王镇长', '/rectify done R-1 board updated, two photos', OWNER_DM);
    await ok(h, '组长', '/rectify reopen R-1 one photo is not enough');
    expect((await ok(h, '组长', '/rectify show R-1')).text.split('\n').slice(3)).toEqual([
      'Record:',
      '· 2026-11-25 组长 created it, due 2026-12-10',
      '· 2026-11-25 王镇长 reported it done: board updated, two photos',
      '· 2026-11-25 组长 sent it back: one photo is not enough',
    ]);
  });

  it('marks an overdue task from the clock, never from a stored flag', async () => {
    const { h, teamId } = await withTask();
    await ok(h, '组长', '/rectify add F-1 立即撤下过期公告 --owner 组员 --due 12-01 --immediate');
    const stored = await task(h, teamId, 1);
    h.clock.set(local('2026-12-20'));
    expect((await ok(h, '组长', '/rectify show R-1')).text.split('\n')[0]).toBe('R-1［进行中 · 逾期10天］');
    expect((await ok(h, '组长', '/rectify show R-2')).text.split('\n')[0]).toBe('R-2［进行中 · 立行立改 · 逾期19天］');
    expect(await task(h, teamId, 1)).toEqual(stored);
    expect(Object.keys(stored)).not.toContain('overdue');
    h.clock.set(local('2026-12-10'));
    expect((await ok(h, '组长', '/rectify show R-1')).text.split('\n')[0]).toBe('R-1［进行中］');
  });
});

describe('references', () => {
  const lines: Array<[string, string]> = [
    ['show', ''],
    ['progress', ' 进展'],
    ['done', ' 完成说明'],
    ['verify', ''],
    ['reopen', ' 理由'],
    ['extend', ' --due 12-20 --reason 顺延'],
    ['followup', ' --result 巩固'],
  ];

  it.each(lines)('/rectify %s refuses a bad and an unknown reference', async (sub, extra) => {
    const { h, teamId } = await withTask();
    const before = await task(h, teamId, 1);
    const user = sub === 'done' ? '王镇长' : '组长';
    const chat = sub === 'done' ? OWNER_DM : undefined;
    for (const bad of ['R-x', 'R-0', 'F-1']) {
      const r = await refused(h, user, `/rectify ${sub} ${bad}${extra}`, chat);
      expect(r.text).toBe(`「${bad}」不是有效编号。请写成 R-3 这样的编号。`);
    }
    expect((await refused(h, user, `/rectify ${sub} R-99${extra}`, chat)).text).toBe('本组没有 R-99。请用 /rectify list 查看现有编号。');
    expect(await task(h, teamId, 1)).toEqual(before);
    expect(await h.bot.services.rectifications.list(teamId)).toHaveLength(1);
  });

  it.each(['R-1', 'r1', '1', 'R－1', 'R-001'])('/rectify show %s finds R-1', async (input) => {
    const { h } = await withTask();
    expect((await ok(h, '组员', `/rectify show ${input}`)).text.split('\n')[0]).toBe('R-1［进行中］');
  });
});

describe('/rectify list', () => {
  /**
   * Tasks whose order at 2026-12-20 is known, created out of order so that the list cannot lean on
   * the reference: R-1 12-15 (overdue 5 days), R-2 12-31, R-3 12-05 verified, R-4 12-22, R-5 12-10
   * (overdue 10), R-6 12-01 done, R-7 12-23, R-8 12-24, R-9 12-20 (today); at 东关村,
   * the rest at 城关镇; 组员 owns, 王镇长 the rest.
   */
  async function nine() {
    const s = await setup();
    const { h } = s;
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    await ok(h, '组员', '/finding add 村级财务报销不规范 --unit 东关村 --cat 纪律');
    const tasks: Array<[number, string, string]> = [
      [1, '2026-12-15', '王镇长'],
      [1, '2026-12-31', '组员'],
      [1, '2026-12-05', '王镇长'],
      [2, '2026-12-22', '王镇长'],
      [1, '2026-12-10', '组员'],
      [1, '2026-12-01', '王镇长'],
      [1, '2026-12-23', '王镇长'],
      [1, '2026-12-24', '王镇长'],
      [2, '2026-12-20', '组员'],
    ];
    for (const [i, [f, due, owner]] of tasks.entries()) await ok(h, '组长', `/rectify add F-${f} 措施${i + 1} --owner ${owner} --due ${due}`);
    await ok(h, '王镇长', `/rectify done R-3 ${DONE}`, OWNER_DM);
    await ok(h, '组长', '/rectify verify R-3');
    await ok(h, '王镇长', `/rectify done R-6 ${DONE}`, OWNER_DM);
    h.clock.set(local('2026-12-20'));
    return s;
  }

  it('puts overdue first (longest overdue first), then by deadline, signed-off last', async () => {
    const { h } = await nine();
    const r = await ok(h, '组员二', '/rectify list');
    expect(r.visibility).toBe('asker');
    expect(r.text.split('\n')[0]).toBe('整改任务：共 9 项（第 1/1 页）');
    expect(refsIn(r.text)).toEqual([5, 1, 6, 9, 4, 7, 8, 2, 3]);
    expect(lineOf(r.text, 5)).toBe('R-5［进行中 · 逾期10天］城关镇 · 组员 · 时限 2026-12-10：措施5（F-1）');
    expect(lineOf(r.text, 1)).toBe('R-1［进行中 · 逾期5天］城关镇 · 王镇长 · 时限 2026-12-15：措施1（F-1）');
    // Done before its deadline passed: awaiting sign-off, not overdue.
    expect(lineOf(r.text, 6)).toBe('R-6［已完成待销号］城关镇 · 王镇长 · 时限 2026-12-01：措施6（F-1）');
    expect(lineOf(r.text, 9)).toBe('R-9［进行中］东关村 · 组员 · 时限 2026-12-20：措施9（F-2）');
    expect(lineOf(r.text, 3)).toBe('R-3［已销号］城关镇 · 王镇长 · 时限 2026-12-05：措施3（F-1）');
    expect(r.text).not.toContain('下一页');
  });

  it('filters overdue, due soon (within DIGEST_DAYS=3), mine and unit, alone and together', async () => {
    const { h } = await nine();
    const refs = async (user: string, line: string, chat?: ChatRef) => refsIn((await ok(h, user, line, chat)).text);
    expect(await refs('组长', '/rectify list --overdue')).toEqual([5, 1]);
    // Today, and up to three days ahead; not 12-24, and not the done R-6.
    expect(await refs('组长', '/rectify list --due-soon')).toEqual([9, 4, 7]);
    expect(await refs('组员', '/rectify list --mine')).toEqual([5, 9, 2]);
    expect(await refs('组长', '/rectify list --mine')).toEqual([]);
    expect(await refs('王镇长', '/rectify list --mine', OWNER_DM)).toEqual([1, 6, 4, 7, 8, 3]);
    expect(await refs('组长', '/rectify list --unit 东关村')).toEqual([9, 4]);
    expect(await refs('组长', '/rectify list --unit 城关镇 --overdue')).toEqual([5, 1]);
    expect(await refs('组员', '/rectify list --mine --due-soon')).toEqual([9]);
    expect(await refs('组员', '/rectify list --mine --overdue --unit 东关村')).toEqual([]);
    const none = await ok(h, '组长', '/rectify list --overdue --unit 东关村');
    expect(none.text).toBe('整改任务：共 0 项（第 1/1 页）\n暂无符合条件的整改任务。');
  });

  it('reads DIGEST_DAYS for due soon', async () => {
    const s = await setup({ DIGEST_DAYS: '0' });
    await ok(s.h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    await ok(s.h, '组长', '/rectify add F-1 今天到期 --owner 组员 --due 今天');
    await ok(s.h, '组长', '/rectify add F-1 明天到期 --owner 组员 --due 明天');
    expect(refsIn((await ok(s.h, '组长', '/rectify list --due-soon')).text)).toEqual([1]);
  });

  it('refuses an unknown unit, option or page', async () => {
    const { h } = await nine();
    const unit = await refused(h, '组长', '/rectify list --unit 西关村');
    expect(unit.text).toContain('「西关村」');
    expect(unit.text).toContain('城关镇、东关村');
    const option = await refused(h, '组长', '/rectify list --status 逾期');
    expect(option.text).toContain('--status');
    expect(option.text).toContain('用法：/rectify list');
    for (const page of ['0', 'abc']) expect((await refused(h, '组长', `/rectify list --page ${page}`)).text).toContain('用法：/rectify list');
  });

  it('pages ten at a time and keeps the filters in the next-page hint', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    await ok(h, '组员', '/finding add 村级财务报销不规范 --unit 东关村 --cat 纪律');
    // R-1..R-11: 城关镇, 组员, due 12-01..12-11; decoys: another unit, another owner, not overdue.
    for (let d = 1; d <= 11; d++) await ok(h, '组长', `/rectify add F-1 措施${d} --owner 组员 --due 2026-12-${String(d).padStart(2, '0')}`);
    await ok(h, '组长', '/rectify add F-2 东关村的 --owner 组员 --due 2026-12-02');
    await ok(h, '组长', '/rectify add F-1 别人的 --owner 组员二 --due 2026-12-03');
    await ok(h, '组长', '/rectify add F-1 没逾期的 --owner 组员 --due 2026-12-31');
    h.clock.set(local('2026-12-20'));
    const first = await ok(h, '组员', '/rectify list --overdue --mine --unit 城关镇');
    expect(first.text.split('\n')[0]).toBe('整改任务：共 11 项（第 1/2 页）');
    expect(refsIn(first.text)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const hint = /^下一页：(.*)$/m.exec(first.text)?.[1];
    expect(hint).toBe('/rectify list --page 2 --overdue --mine --unit 城关镇');
    const second = await ok(h, '组员', hint!);
    expect(second.text.split('\n')[0]).toBe('整改任务：共 11 项（第 2/2 页）');
    expect(refsIn(second.text)).toEqual([11]);
    expect(second.text).not.toContain('下一页');
    // A page past the end is refused, saying how many there are.
    expect((await refused(h, '组员', '/rectify list --overdue --mine --unit 城关镇 --page 7')).text).toBe('没有第 7 页：这份清单共 2 页。请用 --page 1 到 --page 2。');
    const all = await ok(h, '组长', '/rectify list');
    expect(all.text.split('\n')[0]).toBe('整改任务：共 14 项（第 1/2 页）');
    expect(all.text).toContain('下一页：/rectify list --page 2');
    expect(refsIn(all.text)).toEqual([1, 2, 12, 3, 13, 4, 5, 6, 7, 8]);
    expect(refsIn((await ok(h, '组长', '/rectify list --page 2')).text)).toEqual([9, 10, 11, 14]);
  });
});

describe('who sees what', () => {
  async function twoOwners() {
    const s = await withTask();
    await ok(s.h, '组长', '/rectify add F-2 财务报销逐笔补正 --owner 李村长 --due 2026-12-15');
    await ok(s.h, '组长', '/rectify add F-1 村务监督委员会每季度检查 --owner 王镇长 --due 2026-12-20');
    return s;
  }

  it('shows a liaison nothing before feedback', async () => {
    const { h, teamId } = await twoOwners();
    for (const chat of [undefined, dm('联络员')]) {
      const list = await refused(h, '联络员', '/rectify list', chat);
      expect(list.text).toBe('反馈之前，被巡察单位只看得到立行立改的整改任务，其余自反馈之日起可见（反馈日期尚未确定）。届时请再发送 /rectify list 查看。');
      const show = await refused(h, '联络员', '/rectify show R-1', chat);
      expect(show.text).toBe('R-1 不在你可查看的城关镇整改任务之中。联络员只能查看本单位的整改任务，请用 /rectify list 查看。');
    }
    // A round with a feedback date still hides the tasks until that day.
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    h.clock.set(local('2026-11-30', '23:00'));
    expect((await refused(h, '联络员', '/rectify list')).text).toBe('反馈之前，被巡察单位只看得到立行立改的整改任务，其余自反馈之日起可见（反馈日：2026-12-01）。届时请再发送 /rectify list 查看。');
    expect((await refused(h, '联络员', '/rectify show R-1')).text).not.toContain(MEASURE);
    expect(await h.bot.services.rectifications.list(teamId)).toHaveLength(3);
  });

  it('shows a liaison only their own unit’s tasks after feedback, and lets them do nothing else', async () => {
    const { h, teamId } = await twoOwners();
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    h.clock.set(local('2026-12-01'));
    const list = await ok(h, '联络员', '/rectify list', dm('联络员'));
    expect(refsIn(list.text)).toEqual([1, 3]);
    expect(list.text).not.toContain('财务报销逐笔补正');
    expect(refsIn((await ok(h, '联络员', '/rectify list --unit 东关村')).text)).toEqual([]);
    expect((await ok(h, '联络员', '/rectify show R-1')).text).toContain(MEASURE);
    const other = await refused(h, '联络员', '/rectify show R-2');
    expect(other.text).toBe('R-2 不在你可查看的城关镇整改任务之中。联络员只能查看本单位的整改任务，请用 /rectify list 查看。');
    const before = await h.bot.services.rectifications.list(teamId);
    expect((await refused(h, '联络员', '/rectify done R-1 单位已整改')).text).toBe('只有 R-1 的整改责任人可以报告完成。请由责任人报告，你可以用 /rectify progress R-1 <进展> 记录进展。');
    expect((await refused(h, '联络员', '/rectify verify R-1')).text).toBe('需要以下角色之一：组长、巡察办（你的角色：联络员）。请由组长或巡察办办理。');
    expect((await refused(h, '联络员', '/rectify extend R-1 --due 12-31 --reason 顺延')).text).toBe('需要以下角色之一：组长（你的角色：联络员）。请由组长办理。');
    expect((await refused(h, '联络员', '/rectify progress R-2 打听一下')).text).toBe('R-2 不在你可查看的城关镇整改任务之中。联络员只能查看本单位的整改任务，请用 /rectify list 查看。');
    expect(await h.bot.services.rectifications.list(teamId)).toEqual(before);
  });

  it('shows an owner who is not a member only their own tasks, in a direct message', async () => {
    const { h, teamId } = await twoOwners();
    const list = await ok(h, '王镇长', '/rectify list', OWNER_DM);
    expect(refsIn(list.text)).toEqual([1, 3]);
    expect(list.text).not.toContain('财务报销逐笔补正');
    expect((await ok(h, '李村长', '/rectify list', dm('李村长'))).text).toContain('R-2［进行中］东关村 · 李村长 · 时限 2026-12-15：财务报销逐笔补正（F-2）');
    expect((await ok(h, '王镇长', '/rectify show R-3', OWNER_DM)).text).toContain('村务监督委员会每季度检查');
    const before = await task(h, teamId, 2);
    for (const line of ['/rectify show R-2', '/rectify progress R-2 看看', '/rectify done R-2 替他报完成']) {
      const r = await refused(h, '王镇长', line, OWNER_DM);
      expect(r.text).toBe('本组没有 R-2。请用 /rectify list 查看现有编号。');
    }
    expect(await task(h, teamId, 2)).toEqual(before);
    for (const [line, roles] of [
      ['/rectify verify R-1', '组长、巡察办'],
      ['/rectify reopen R-1 退回', '组长'],
      ['/rectify extend R-1 --due 12-31 --reason 自己延期', '组长'],
      ['/rectify followup R-1 --result 巩固', '组长、副组长、监督'],
    ] as const) {
      expect((await refused(h, '王镇长', line, OWNER_DM)).text).toBe(`需要以下角色之一：${roles}（你的角色：整改责任人）。请由${roles.replace(/、(?=[^、]*$)/, '或')}办理。`);
    }
    expect((await task(h, teamId, 1)).due).toBe('2026-12-10');
  });

  it('refuses a non-member in the bound chat and in a direct message', async () => {
    const { h, teamId } = await withTask();
    for (const line of ['/rectify list', '/rectify show R-1', '/rectify add F-1 外人 --owner 路人 --due 12-20', '/rectify progress R-1 外人', '/rectify done R-1 外人']) {
      const group = await refused(h, '路人', line);
      expect(group.text).toContain('需要以下角色之一');
      expect(group.text).toContain('（你不是本组成员）');
      expect(group.text).not.toContain(MEASURE);
      const direct = await refused(h, '路人', line, dm('路人'));
      expect(direct.text).toBe('你还不是任何巡察组的成员。请联系组长或巡察办把你加入巡察组。');
    }
    expect(await h.bot.services.rectifications.list(teamId)).toHaveLength(1);
    expect((await task(h, teamId, 1)).progress).toEqual([]);
    expect(await owners(h, teamId)).toEqual([OWNER]);
  });

  it('shows nothing in a group chat not bound to the team', async () => {
    const { h, teamId, sent } = await withTask();
    for (const user of ['组长', '组员', 'admin', '王镇长']) {
      for (const line of ['/rectify list', '/rectify show R-1', '/rectify add F-1 别处 --owner 组员 --due 12-20', '/rectify done R-1 别处', '/rectify extend R-1 --due 12-20 --reason 别处']) {
        const r = await refused(h, user, line, 'other');
        expect(r.text).toContain('未绑定');
        expect(r.text).not.toContain(MEASURE);
        expect(r.text).not.toContain('R-1');
      }
    }
    expect(await h.bot.services.rectifications.list(teamId)).toHaveLength(1);
    expect(await task(h, teamId, 1)).toMatchObject({ state: 'open', due: '2026-12-10', history: [] });
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('lets the office and every team role read the list and a card', async () => {
    const { h } = await withTask();
    for (const user of ['admin', '组长', '副组长', '组员', '组员二']) {
      expect(refsIn((await ok(h, user, '/rectify list')).text)).toEqual([1]);
      expect((await ok(h, user, '/rectify show R-1', dm(user))).text).toContain(MEASURE);
    }
  });
});

describe('concurrency', () => {
  it('gives 50 concurrent adds 50 distinct references and 50 stored tasks', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    const measures = Array.from({ length: 50 }, (_, i) => `并发整改措施${i + 1}号`);
    const replies = await Promise.all(
      measures.map((m, i) => h.say(i % 2 ? '副组长' : '组长', `/rectify add F-1 ${m} --owner ${i % 3 ? '王镇长' : '组员'} --due 12-${String(1 + (i % 28)).padStart(2, '0')}`)),
    );
    expect(replies.every((r) => r.length === 1 && !r[0]!.error)).toBe(true);
    const refs = replies.map((r) => Number(/R-(\d+)/.exec(r[0]!.text)?.[1]));
    expect([...refs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await h.bot.services.rectifications.list(teamId);
    expect(stored).toHaveLength(50);
    const byN = new Map(stored.map((t) => [t.n, t]));
    refs.forEach((n, i) => {
      expect(byN.get(n)?.measure).toBe(measures[i]);
      expect(byN.get(n)?.owner).toBe(i % 3 ? OWNER : 'console:组员');
    });
    // The non-member owner is registered once, however many adds raced to do it.
    expect(await owners(h, teamId)).toEqual([OWNER]);
    const notices = await delivered(h, sent);
    expect(notices).toHaveLength(50);
    expect(recipients(notices).filter((u) => u === OWNER)).toHaveLength(33);
    expect((await ok(h, '组长', '/rectify add F-1 之后的一条 --owner 组员 --due 12-31')).text).toContain('R-51');
    noCrash(h);
  });
});

describe('English', () => {
  it('refuses and lists in English', async () => {
    const { h, sent } = await withTask({ XC_LANG: 'en' });
    const r = await refused(h, '组员', '/rectify verify R-1');
    expect(r.text).toBe('This needs one of these roles: leader, office admin (yours: member). Ask the leader or office admin to do it.');
    expect((await refused(h, '组员', '/rectify add F-1 措施 --owner 组员 --due 12-20')).text).toBe('This needs one of these roles: leader, deputy leader (yours: member). Ask the leader or deputy leader to do it.');
    expect((await refused(h, '组长', '/rectify done R-1 done')).text).toBe('Only the owner of R-1 can report it done. Let the owner report it; you can note progress with /rectify progress R-1 <progress>.');
    h.clock.set(local('2026-12-20'));
    const list = await ok(h, '组长', '/rectify list');
    expect(list.text.split('\n')).toEqual([
      'Rectification tasks: 1 (page 1/1)',
      `R-1 [open · 10 days overdue] 城关镇 · 王镇长 · due 2026-12-10: ${MEASURE} (F-1)`,
    ]);
    await ok(h, '组长', '/rectify extend R-1 --due 12-31 --reason "after the elections"');
    const notices = await delivered(h, sent);
    expect(notices.map((n) => n.reply.text)).toEqual(['Team “第一巡察组” moved the deadline of task R-1 to 2026-12-31: after the elections']);
  });
});

describe('completion notes: evidence, not paper', () => {
  it.each([
    ['a bare word', '已完成'],
    ['a word and punctuation', '“已整改！！！”'],
    ['too little in English', 'done, ok'],
  ])('refuses %s, saying what a note must hold, and saves nothing', async (_name, note) => {
    const { h, teamId, sent } = await withTask();
    const before = await task(h, teamId, 1);
    const r = await refused(h, '王镇长', `/rectify done R-1 ${note}`, OWNER_DM);
    expect(r.text).toBe('R-1 的完成说明太简单，至少要 10 个字。请写明做了什么、有何佐证，例如：/rectify done R-1 公开栏已于12月5日更新，附照片三张和会议记录一份。');
    expect(await task(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'done')).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('takes a note of ten characters, punctuation and spaces not counted', async () => {
    const { h, teamId } = await withTask();
    await ok(h, '王镇长', '/rectify done R-1 “公开栏 已更新，附照片三张”', OWNER_DM);
    expect((await task(h, teamId, 1)).state).toBe('done');
  });
});

describe('/rectify verify by the office', () => {
  it('is refused before the feedback date and allowed from it; the owner still never signs their own', async () => {
    const { h, teamId } = await withTask();
    await ok(h, '王镇长', `/rectify done R-1 ${DONE}`, OWNER_DM);
    expect((await refused(h, 'admin', '/rectify verify R-1')).text).toBe('巡察办自反馈之日起才能销号（本组反馈日期尚未确定）。此前请由组长销号。');
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    expect((await refused(h, 'admin', '/rectify verify R-1')).text).toBe('巡察办自反馈之日起才能销号（反馈日：2026-12-01）。此前请由组长销号。');
    expect((await task(h, teamId, 1)).state).toBe('done');
    h.clock.set(local('2026-12-01', '10:00'));
    expect((await ok(h, 'admin', '/rectify verify R-1')).text).toBe('R-1 已销号。');
    const at = iso('2026-12-01', '10:00');
    expect((await task(h, teamId, 1)).verified).toEqual({ at, by: 'console:admin' });
    expect(await audits(h, teamId, 'verify')).toEqual([{ at, user: 'console:admin', action: 'verify', ref: 'R-1' }]);
  });

  it('asks the office to sign off when no leader but the owner may, from the feedback date', async () => {
    const { h, teamId, sent } = await withTask();
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    await ok(h, '副组长', '/rectify add F-2 组长牵头约谈 --owner 组长 --due 12-20');
    await ok(h, '副组长', '/rectify add F-2 组长再约谈 --owner 组长 --due 12-20');
    await delivered(h, sent);
    sent.length = 0;
    // Before feedback nobody may sign it off: nobody is asked to.
    await ok(h, '组长', '/rectify done R-2 已约谈并形成谈话记录一份');
    expect(recipients(await delivered(h, sent))).toEqual([]);
    h.clock.set(local('2026-12-02'));
    await ok(h, '组长', '/rectify done R-3 已约谈并形成谈话记录一份');
    const notices = await delivered(h, sent);
    expect(recipients(notices)).toEqual(['console:admin']);
    expect(notices[0]!.reply.text).toBe('巡察组「第一巡察组」：组长 报告整改任务 R-3 已完成，请核实后销号（/rectify verify R-3）。');
    await ok(h, 'admin', '/rectify verify R-3');
    expect((await task(h, teamId, 3)).state).toBe('verified');
  });
});

describe('set-ups that can never finish, said when a task is made', () => {
  it('warns when nobody in the team but the owner could sign the task off', async () => {
    const { h } = await withTask();
    await signOff(h, 'F-2');
    const r = await ok(h, '副组长', '/rectify add F-2 组长牵头约谈 --owner 组长 --due 12-20');
    expect(r.text.split('\n')).toEqual([
      '已建立整改任务 R-2（F-2 · 东关村）：责任人 组长，时限 2026-12-20。已通知责任人。',
      '注意：除责任人 组长 外本组没有组长，R-2 完成后组内无人能销号（责任人不能为自己销号）。请再任命一名组长，或由巡察办在反馈之后销号（反馈日期尚未确定）。',
    ]);
    // A second leader: nothing to warn of.
    await ok(h, 'admin', '/team add 组长二 leader');
    expect((await ok(h, '副组长', '/rectify add F-2 再约谈 --owner 组长 --due 12-20')).text).not.toContain('注意');
  });

  it('warns of a task on a draft finding, and not on a confirmed one', async () => {
    const { h } = await withTask();
    expect((await ok(h, '组长', '/rectify add F-2 补正凭证 --owner 组员 --due 12-20')).text).toContain('注意：F-2 还是草稿，尚未复核审签');
    await signOff(h, 'F-2');
    expect((await ok(h, '组长', '/rectify add F-2 补正凭证 --owner 组员 --due 12-20')).text).not.toContain('注意');
  });

  it('tells a liaison owner from when they may see their task, and keeps it from them until then, reports included', async () => {
    const { h, teamId, sent } = await withTask();
    await signOff(h, 'F-1');
    await delivered(h, sent);
    sent.length = 0;
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    const r = await ok(h, '组长', '/rectify add F-1 联络员牵头整改 --owner 联络员 --due 12-20');
    expect(r.text.split('\n')[1]).toBe('注意：联络员 是被巡察单位的联络员，反馈之前看不到这项任务，也不能报告进展或完成；2026-12-01 起可以。已告知其届时查看。');
    const notices = await delivered(h, sent);
    expect(notices.map((n) => [recipients([n])[0], n.reply.text])).toEqual([
      ['console:联络员', '巡察组「第一巡察组」交给你一项整改任务 R-2。被巡察单位自反馈之日起查看整改任务：2026-12-01 起请发送 /rectify show R-2 查看，完成后报告。'],
    ]);
    expect(notices[0]!.reply.text).not.toContain('联络员牵头整改');
    // Before feedback the task is theirs neither to read nor to report on; they are told from when.
    const from = '被巡察单位自反馈之日起才能查看和报告整改任务。R-2 2026-12-01 起对你可见，届时请再查看。';
    for (const line of ['/rectify show R-2', '/rectify progress R-2 已部署', `/rectify done R-2 ${DONE}`]) {
      expect((await refused(h, '联络员', line, dm('联络员'))).text).toBe(from);
    }
    expect((await task(h, teamId, 2)).progress).toEqual([]);
    // From feedback on, both.
    h.clock.set(local('2026-12-01'));
    expect((await ok(h, '联络员', '/rectify show R-2', dm('联络员'))).text).toContain('联络员牵头整改');
    await ok(h, '联络员', `/rectify done R-2 ${DONE}`, dm('联络员'));
    expect((await task(h, teamId, 2)).state).toBe('done');
  });

  it('lets the liaison see a fix-at-once task of their unit at once, and says the rest come at feedback', async () => {
    const { h } = await withTask();
    await ok(h, '组长', '/rectify add F-1 立即撤下过期公告 --owner 联络员 --due 12-01 --immediate');
    const r = await ok(h, '组长', '/rectify add F-2 东关村立行立改 --owner 组员 --due 12-01 --immediate');
    expect(r.text).not.toContain('联络员');
    const list = await ok(h, '联络员', '/rectify list', dm('联络员'));
    expect(list.text.split('\n')).toEqual([
      '整改任务：共 1 项（第 1/1 页）',
      'R-2［进行中 · 立行立改］城关镇 · 联络员 · 时限 2026-12-01：立即撤下过期公告（F-1）',
      '其余整改任务自反馈之日起可见（反馈日期尚未确定）。',
    ]);
    await ok(h, '联络员', '/rectify progress R-2 已撤下两张过期公告', dm('联络员'));
    expect((await refused(h, '联络员', '/rectify show R-3', dm('联络员'))).text).toBe('R-3 不在你可查看的城关镇整改任务之中。联络员只能查看本单位的整改任务，请用 /rectify list 查看。');
    expect((await refused(h, '联络员', '/rectify show R-1', dm('联络员'))).text).toBe('R-1 不在你可查看的城关镇整改任务之中。联络员只能查看本单位的整改任务，请用 /rectify list 查看。');
  });

  it('refuses an owner who could never see the task: a supervisor, or the liaison of another unit', async () => {
    const { h, teamId, sent } = await withTask();
    await ok(h, 'admin', '/team add 纪检员 监督');
    await ok(h, 'admin', '/team add 联络员二 联络员 --unit 东关村');
    expect((await refused(h, '组长', '/rectify add F-1 监督来改 --owner 纪检员 --due 12-20')).text).toBe('纪检员 是整改监督人员，负责监督整改，不担任整改责任人。请指定被巡察单位或本组的人员。');
    expect((await refused(h, '组长', '/rectify add F-1 别的单位 --owner 联络员二 --due 12-20')).text).toBe('联络员二 是东关村的联络员，看不到城关镇的整改任务。请指定城关镇的人员为责任人。');
    expect(await h.bot.services.rectifications.list(teamId)).toHaveLength(1);
    expect(await delivered(h, sent)).toEqual([]);
  });
});

describe('a supervisor (监督)', () => {
  /**
   * R-1 (F-1, 城关镇) and R-2 on the clue F-3 (owned by the leader); F-2 has no task. The supervisor
   * 纪检员 joins; the round feeds back on 2026-12-01.
   */
  async function supervised() {
    const s = await withTask();
    await ok(s.h, '组员', '/finding add 工程款去向不明线索正文 --unit 东关村 --cat 反腐败');
    await ok(s.h, '组长', '/finding clue F-3');
    await ok(s.h, '组长', '/rectify add F-3 线索整改措施正文 --owner 组长 --due 12-20');
    await ok(s.h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-01');
    await ok(s.h, 'admin', '/team add 纪检员 监督 --org 纪委监委');
    return s;
  }
  const SUP = dm('纪检员');

  it('sees nothing before the feedback date, in a DM or the group, and is told when', async () => {
    const { h } = await supervised();
    for (const line of ['/rectify list', '/rectify show R-1', '/finding show F-1', '/digest']) {
      for (const chat of [SUP, undefined]) {
        const r = await refused(h, '纪检员', line, chat);
        expect(r.text).toBe('整改监督自反馈之日起开始。2026-12-01 起你可以查看本组的整改任务并记录回头看，届时请再发送。');
      }
    }
  });

  it('from feedback reads the tasks, their history and the findings they fix, never a clue nor a task on one', async () => {
    const { h, teamId } = await supervised();
    h.clock.set(local('2026-12-01'));
    const list = await ok(h, '纪检员', '/rectify list', SUP);
    expect(refsIn(list.text)).toEqual([1]);
    expect(list.text).not.toMatch(/线索|R-2/);
    expect((await ok(h, '纪检员', '/rectify show R-1', SUP)).text).toContain('记录：');
    expect((await refused(h, '纪检员', '/rectify show R-2', SUP)).text).toBe('本组没有 R-2。请用 /rectify list 查看现有编号。');
    expect((await ok(h, '纪检员', '/finding show F-1', SUP)).text).toContain('村务公开不及时');
    // F-2 has no task, F-3 is a clue: as if neither existed.
    for (const ref of ['F-2', 'F-3']) expect((await refused(h, '纪检员', `/finding show ${ref}`, SUP)).text).toBe(`本组没有 ${ref}。请用 /finding list 查看现有编号。`);
    for (const line of ['/finding list', '/stats', '/export', '/docs list', '/audit']) {
      expect((await refused(h, '纪检员', line, SUP)).text).toContain('你的角色：监督');
    }
    // Reading tasks is no clue read: nothing audited of them.
    expect((await h.bot.services.audit.list(teamId)).filter((e) => e.user === 'console:纪检员')).toEqual([]);
  });

  it('cannot change a task but by a follow-up', async () => {
    const { h, teamId } = await supervised();
    h.clock.set(local('2026-12-01'));
    const before = await task(h, teamId, 1);
    for (const line of ['/rectify progress R-1 督促', `/rectify done R-1 ${DONE}`, '/rectify verify R-1', '/rectify reopen R-1 退回', '/rectify extend R-1 --due 12-31 --reason 延']) {
      expect((await h.say('纪检员', line, SUP))[0]).toMatchObject({ error: true });
    }
    expect(await task(h, teamId, 1)).toEqual(before);
  });

  it('gets the task part of the daily digest from feedback on, without clues', async () => {
    const { h, sent } = await supervised();
    await signOff(h, 'F-1');
    h.clock.set(local('2026-12-12'));
    await delivered(h, sent);
    sent.length = 0;
    const digest = await ok(h, '纪检员', '/digest', SUP);
    expect(digest.text.split('\n')).toEqual([
      '【整改监督】巡察组「第一巡察组」 · 2026-12-12',
      '🟠 已逾期（1）',
      `  R-1 城关镇 · 王镇长 · 时限 2026-12-10：${MEASURE}（逾期2天）`,
      '📮 被巡察单位待报送',
      '  整改方案：应于 2026-12-31 报送（还剩19天）：城关镇、东关村',
      '  整改情况报告：应于 2027-01-30 报送（还剩49天）：城关镇、东关村',
      '统计：整改任务 1 项（逾期 1，即将到期 0，待销号 0，已销号 0；完成率 0%，按销号计）',
    ]);
    expect(digest.text).not.toMatch(/线索|R-2/);
    const { createDigestJob } = await import('../../src/digest.ts');
    await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
    const mine = (await delivered(h, sent)).filter((o) => 'user' in o.to && o.to.user === 'console:纪检员');
    expect(mine.map((o) => o.reply.text)).toEqual([digest.text]);
  });
});
