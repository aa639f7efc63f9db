import { describe, expect, it } from 'vitest';
import type { DocRequest } from '../../src/doc-request.ts';
import type { Outgoing } from '../../src/types.ts';
import { dm, type Harness, useTeamHarness } from '../helpers/harness.ts';
import { ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';
const REQUEST_USAGE = '用法：/docs request <所需材料> --unit <单位> --due <期限>';
const TEAM_ROLES = '需要以下角色之一：组长、副组长、组员';

/** A fresh team harness per call, disposed after each test. */
const setup = useTeamHarness();

async function get(h: Harness, teamId: string, n: number): Promise<DocRequest> {
  const d = await h.bot.services.docs.get(teamId, n);
  expect(d, `D-${n} stored`).toBeDefined();
  return d!;
}

/** The references a list shows, in order. */
const refsIn = (text: string) => [...text.matchAll(/^D-(\d+)［/gm)].map((m) => Number(m[1]));
/** The list line of one reference. */
const lineOf = (text: string, n: number) => text.split('\n').find((l) => l.startsWith(`D-${n}［`));
const at = (date: string) => `${date}T09:00:00+08:00`;

/** Every notice delivered so far. */
async function delivered(h: Harness, sent: Outgoing[]): Promise<Outgoing[]> {
  await h.bot.flush();
  return sent;
}

describe('/docs request', () => {
  it('saves a request, answers the group with its reference and a button, and tells the unit’s liaison', async () => {
    const { h, teamId, sent } = await setup();
    const r = await ok(h, '组员', '/docs request 近三年党委会议记录 --unit 城关镇 --due 2026-11-30');
    expect(r.visibility).toBe('chat');
    expect(r.text).toContain('D-1');
    expect(r.text).toContain('城关镇');
    expect(r.text).toContain('2026-11-30');
    expect(r.text).toContain('已私信通知联络员：联络员');
    expect(r.actions).toEqual([
      { label: '已提供', command: '/docs provided D-1', style: 'primary' },
      { label: '查看', command: '/docs show D-1' },
    ]);
    expect(await get(h, teamId, 1)).toEqual({
      team: teamId, n: 1, what: '近三年党委会议记录', unit: '城关镇', due: '2026-11-30', state: 'requested',
      requestedBy: 'console:组员', requestedAt: T0, history: [],
    });
    const notices = await delivered(h, sent);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.to).toEqual({ user: 'console:联络员' });
    expect(notices[0]!.reply.visibility).toBe('dm');
    for (const part of ['第一巡察组', 'D-1', '近三年党委会议记录', '2026-11-30']) expect(notices[0]!.reply.text).toContain(part);
    expect(notices[0]!.reply.actions).toEqual([{ label: '已提供', command: '/docs provided D-1', style: 'primary' }]);
  });

  it('tells every current liaison of that unit and nobody else', async () => {
    const { h, sent } = await setup();
    await ok(h, 'admin', '/team add 联络员二 liaison --unit 城关镇');
    await ok(h, 'admin', '/team add 东关联络员 liaison --unit 东关村');
    await ok(h, 'admin', '/team add 前联络员 liaison --unit 城关镇');
    await ok(h, 'admin', '/team remove 前联络员');
    await ok(h, '组长', '/docs request 财务凭证 --unit 城关镇 --due 12-10');
    const notices = await delivered(h, sent);
    expect(notices.map((n) => 'user' in n.to && n.to.user).sort()).toEqual(['console:联络员', 'console:联络员二']);
    sent.length = 0;
    await ok(h, '副组长', '/docs request 村务公开栏照片 --unit 东关村 --due 12-10');
    const second = await delivered(h, sent);
    expect(second.map((n) => n.to)).toEqual([{ user: 'console:东关联络员' }]);
    expect(second[0]!.reply.text).toContain('D-2');
  });

  it('tells nobody when the unit has no liaison, and says so', async () => {
    const { h, teamId, sent } = await setup();
    const r = await ok(h, '组员', '/docs request 村两委会议记录 --unit 东关村 --due 12-01');
    expect(r.text).toContain('D-1');
    expect(r.text).toContain('东关村尚无联络员');
    expect((await get(h, teamId, 1)).unit).toBe('东关村');
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('accepts today, relative and working-day dates and 500 characters', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 今天要的 --unit 城关镇 --due 今天');
    await ok(h, '组员', '/docs request 一周内 --unit 城关镇 --due +7d');
    await ok(h, '组员', '/docs request 工作日 --unit 城关镇 --due 5工作日');
    await ok(h, '组员', `/docs request ${'材'.repeat(500)} --unit 东关村 --due 12月31日`);
    await ok(h, '组员', '/docs request “党委 会议 记录” --unit=东关村 ——due：2026-12-01');
    const dues = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await get(h, teamId, n)).due));
    // 5 working days from Wednesday 11-25: Thu, Fri, Mon, Tue, Wed.
    expect(dues).toEqual(['2026-11-25', '2026-12-02', '2026-12-02', '2026-12-31', '2026-12-01']);
    expect((await get(h, teamId, 4)).what).toHaveLength(500);
    expect((await get(h, teamId, 5)).what).toBe('党委 会议 记录');
  });

  it.each([
    ['missing what', '/docs request --unit 城关镇 --due 12-01', ['缺少', REQUEST_USAGE]],
    ['missing --unit', '/docs request 会议记录 --due 12-01', ['缺少单位', REQUEST_USAGE]],
    ['missing --due', '/docs request 会议记录 --unit 城关镇', ['缺少', REQUEST_USAGE]],
    ['--due without a value', '/docs request 会议记录 --unit 城关镇 --due', ['--due 后面缺少值', REQUEST_USAGE]],
    ['unknown option', '/docs request 会议记录 --unit 城关镇 --due 12-01 --owner 张三', ['不认识选项 --owner', REQUEST_USAGE]],
    ['what over 500 characters', `/docs request ${'材'.repeat(501)} --unit 城关镇 --due 12-01`, ['最多 500 个字符', REQUEST_USAGE]],
    ['blank quoted what', '/docs request “　 ” --unit 城关镇 --due 12-01', ['不能为空', REQUEST_USAGE]],
    ['unknown unit', '/docs request 会议记录 --unit 西关村 --due 12-01', ['「西关村」', '城关镇、东关村']],
    ['a date it cannot read', '/docs request 会议记录 --unit 城关镇 --due 下周', ['看不懂日期「下周」']],
    ['a due date before today', '/docs request 会议记录 --unit 城关镇 --due 2026-11-24', ['期限 2026-11-24 早于今天（2026-11-25）']],
  ])('refuses %s with a clear reply, saves nothing and tells nobody', async (_name, line, parts) => {
    const { h, teamId, sent } = await setup();
    const r = await refused(h, '组员', line);
    for (const part of parts) expect(r.text).toContain(part);
    expect(await h.bot.services.docs.list(teamId)).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
    // No reference was burnt.
    expect((await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01')).text).toContain('D-1');
  });

  it('refuses a liaison, the office and a non-member, naming the roles', async () => {
    const { h, teamId, sent } = await setup();
    for (const [user, yours] of [['联络员', '（你的角色：联络员）'], ['admin', '（你的角色：巡察办）'], ['路人', '（你不是本组成员）']] as const) {
      for (const chat of [undefined, dm(user)]) {
        const r = await refused(h, user, '/docs request 会议记录 --unit 城关镇 --due 12-01', chat);
        if (user !== '路人' || chat === undefined) expect(r.text).toContain(`${TEAM_ROLES}${yours}`);
      }
    }
    expect(await h.bot.services.docs.list(teamId)).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });
});

describe('/docs list', () => {
  /** D-1 城关镇 due 11-26, D-2 东关村 due 11-27, D-3 城关镇 due 11-30, D-4 东关村 due 12-05, D-5 城关镇 due 11-28. */
  async function five(h: Harness) {
    for (const [what, unit, due] of [
      ['党委会议记录', '城关镇', '11-26'],
      ['村务公开资料', '东关村', '11-27'],
      ['财务凭证', '城关镇', '11-30'],
      ['工程项目合同', '东关村', '12-05'],
      ['干部选任档案', '城关镇', '11-28'],
    ]) {
      await ok(h, '组员', `/docs request ${what} --unit ${unit} --due ${due}`);
    }
  }

  it('lists by due date, with state, unit, what and due date', async () => {
    const { h } = await setup();
    await five(h);
    const r = await ok(h, '组员二', '/docs list');
    // The list names requests to both units; the group's liaison speaks for one: the asker alone sees it.
    expect(r.visibility).toBe('asker');
    expect(r.text.split('\n')[0]).toBe('调阅材料：共 5 件（第 1/1 页）');
    expect(refsIn(r.text)).toEqual([1, 2, 5, 3, 4]);
    expect(lineOf(r.text, 1)).toBe('D-1［待提供］城关镇 · 党委会议记录（期限 2026-11-26）');
    expect(lineOf(r.text, 4)).toBe('D-4［待提供］东关村 · 工程项目合同（期限 2026-12-05）');
  });

  it('puts overdue requests first, derived from the clock, and filters them with --overdue', async () => {
    const { h, teamId } = await setup();
    await five(h);
    expect((await ok(h, '组长', '/docs list --overdue')).text).toContain('暂无符合条件的调阅材料');
    await ok(h, '联络员', '/docs provided D-1');
    h.clock.set(at('2026-11-29'));
    const r = await ok(h, '组长', '/docs list');
    // D-2 (11-27) and D-5 (11-28) are overdue; D-1 was provided in time and is not.
    expect(refsIn(r.text)).toEqual([2, 5, 1, 3, 4]);
    expect(lineOf(r.text, 2)).toBe('D-2［待提供 · 逾期2天］东关村 · 村务公开资料（期限 2026-11-27）');
    expect(lineOf(r.text, 5)).toBe('D-5［待提供 · 逾期1天］城关镇 · 干部选任档案（期限 2026-11-28）');
    expect(lineOf(r.text, 1)).toBe('D-1［已提供］城关镇 · 党委会议记录（期限 2026-11-26）');
    expect(lineOf(r.text, 3)).not.toContain('逾期');
    expect(refsIn((await ok(h, '组长', '/docs list --overdue')).text)).toEqual([2, 5]);
    // Nothing about overdue is stored.
    expect((await get(h, teamId, 2)).state).toBe('requested');
  });

  it('--open leaves out returned requests', async () => {
    const { h } = await setup();
    await five(h);
    await ok(h, '组员', '/docs provided D-3');
    await ok(h, '组员', '/docs returned D-3');
    await ok(h, '组员', '/docs provided D-4');
    expect(refsIn((await ok(h, '组员', '/docs list --open')).text)).toEqual([1, 2, 5, 4]);
    const all = await ok(h, '组员', '/docs list');
    expect(refsIn(all.text)).toEqual([1, 2, 5, 3, 4]);
    expect(lineOf(all.text, 3)).toContain('［已归还］');
    h.clock.set(at('2026-11-27'));
    expect(refsIn((await ok(h, '组员', '/docs list --open --overdue')).text)).toEqual([1]);
  });

  it('shows a liaison only their own unit, in a direct message and in the group', async () => {
    const { h } = await setup();
    await five(h);
    for (const chat of [dm('联络员'), undefined]) {
      const r = await ok(h, '联络员', '/docs list', chat);
      expect(r.text.split('\n')[0]).toBe('城关镇的调阅材料：共 3 件（第 1/1 页）');
      expect(refsIn(r.text)).toEqual([1, 5, 3]);
      expect(r.text).not.toContain('东关村');
      expect(r.text).not.toContain('村务公开资料');
      expect(r.text).not.toContain('工程项目合同');
    }
    await ok(h, 'admin', '/team add 东关联络员 liaison --unit 东关村');
    const other = await ok(h, '东关联络员', '/docs list --open', dm('东关联络员'));
    expect(refsIn(other.text)).toEqual([2, 4]);
    expect(other.text).not.toContain('城关镇');
  });

  it('gives a liaison an empty list when their unit has no requests', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/docs request 村务公开资料 --unit 东关村 --due 12-01');
    const r = await ok(h, '联络员', '/docs list', dm('联络员'));
    expect(r.text).toContain('共 0 件');
    expect(r.text).toContain('暂无符合条件的调阅材料');
    expect(r.text).not.toContain('D-1');
  });

  it('lets the office and every team role read it', async () => {
    const { h } = await setup();
    await five(h);
    for (const user of ['admin', '组长', '副组长', '组员']) {
      expect(refsIn((await ok(h, user, '/docs list')).text)).toHaveLength(5);
      expect(refsIn((await ok(h, user, '/docs list', dm(user))).text)).toHaveLength(5);
    }
  });

  it('pages 20 at a time and keeps the flags in the hint', async () => {
    const { h } = await setup();
    for (let i = 1; i <= 23; i++) await ok(h, '组员', `/docs request 第${i}份 --unit 城关镇 --due 2026-12-${String(i).padStart(2, '0')}`);
    const first = await ok(h, '组员', '/docs list --open');
    expect(first.text).toContain('共 23 件（第 1/2 页）');
    expect(refsIn(first.text)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(first.text).toContain('下一页：/docs list --page 2 --open');
    const second = await ok(h, '组员', '/docs list --page 2 --open');
    expect(refsIn(second.text)).toEqual([21, 22, 23]);
    expect(second.text).not.toContain('下一页');
    expect((await refused(h, '组员', '/docs list --page 9')).text).toBe('没有第 9 页：这份清单共 2 页。请用 --page 1 到 --page 2。');
    const bad = await refused(h, '组员', '/docs list --page 0');
    expect(bad.text).toContain('用法：/docs list');
  });

  it('shortens a long request in the list and shows it whole in /docs show', async () => {
    const { h } = await setup();
    const what = `${'甲'.repeat(40)}乙丙丁`;
    await ok(h, '组员', `/docs request ${what} --unit 城关镇 --due 12-01`);
    const line = lineOf((await ok(h, '组员', '/docs list')).text, 1)!;
    expect(line).toContain(`${'甲'.repeat(40)}…`);
    expect(line).not.toContain('乙');
    expect((await ok(h, '组员', '/docs show D-1')).text).toContain(what);
  });
});

describe('待归还: documents to give back before the round ends', () => {
  /** Period 11-01 to 11-30; D-1 provided, D-2 still requested, D-3 provided and returned. */
  async function round(h: Harness) {
    await ok(h, 'admin', '/team period 11-01 11-30');
    await ok(h, '组员', '/docs request 党委会议记录 --unit 城关镇 --due 11-26');
    await ok(h, '组员', '/docs request 财务凭证 --unit 城关镇 --due 12-10');
    await ok(h, '组员', '/docs request 干部档案 --unit 东关村 --due 11-27');
    await ok(h, '联络员', '/docs provided D-1');
    await ok(h, '组员', '/docs provided D-3');
    await ok(h, '组员', '/docs returned D-3');
  }

  it('flags provided, unreturned requests once the round end is DOC_RETURN_DAYS (2) away or past', async () => {
    const { h } = await setup();
    await round(h);
    for (const day of ['2026-11-25', '2026-11-27']) {
      h.clock.set(at(day));
      const r = await ok(h, '组长', '/docs list');
      expect(r.text, day).not.toContain('待归还');
    }
    for (const day of ['2026-11-28', '2026-11-30', '2026-12-05']) {
      h.clock.set(at(day));
      const r = await ok(h, '组长', '/docs list');
      expect(lineOf(r.text, 1), day).toBe('D-1［已提供 · 待归还］城关镇 · 党委会议记录（期限 2026-11-26）');
      expect(lineOf(r.text, 2), day).not.toContain('待归还');
      expect(lineOf(r.text, 3), day).toBe('D-3［已归还］东关村 · 干部档案（期限 2026-11-27）');
      expect(r.text).toContain('须在本轮巡察结束（2026-11-30）前归还');
      expect((await ok(h, '组长', '/docs show D-1')).text.split('\n')[0]).toBe('D-1［已提供 · 待归还］');
    }
    // The liaison sees the flag on their unit's request too.
    expect(lineOf((await ok(h, '联络员', '/docs list', dm('联络员'))).text, 1)).toContain('待归还');
    await ok(h, '组员', '/docs returned D-1');
    const after = await ok(h, '组长', '/docs list');
    expect(after.text).not.toContain('待归还');
  });

  it('follows the DOC_RETURN_DAYS setting', async () => {
    const { h } = await setup({ DOC_RETURN_DAYS: '5' });
    await round(h);
    expect(lineOf((await ok(h, '组长', '/docs list')).text, 1)).toContain('待归还');
    h.clock.set(at('2026-11-24'));
    expect(lineOf((await ok(h, '组长', '/docs list')).text, 1)).not.toContain('待归还');
  });

  it('flags nothing while the round has no period', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/docs request 党委会议记录 --unit 城关镇 --due 11-26');
    await ok(h, '组员', '/docs provided D-1');
    h.clock.set(at('2027-03-01'));
    expect((await ok(h, '组长', '/docs list')).text).not.toContain('待归还');
  });
});

describe('/docs show', () => {
  it('shows one request with who did what and its history', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/docs request 近三年党委会议记录 --unit 城关镇 --due 11-30');
    h.clock.set('2026-11-26T10:15:00+08:00');
    await ok(h, '联络员', '/docs provided D-1 原件三册，复印件一份');
    h.clock.set('2026-11-28T16:40:00+08:00');
    await ok(h, '组长', '/docs returned D-1');
    const r = await ok(h, '组员二', '/docs show D-1');
    expect(r.visibility).toBe('chat');
    expect(r.text.split('\n')).toEqual([
      'D-1［已归还］',
      '近三年党委会议记录',
      '单位：城关镇　期限：2026-11-30',
      '提出：组员 · 2026-11-25',
      '提供：联络员 · 2026-11-26；备注：原件三册，复印件一份',
      '归还：组长 · 2026-11-28',
      '修改历史：',
      '· 2026-11-26 10:15 联络员：状态 待提供 → 已提供',
      '· 2026-11-28 16:40 组长：状态 已提供 → 已归还',
    ]);
  });

  it.each(['D-3', 'd3', '3', 'D－3', 'd-3', 'D-003'])('finds D-3 as %s', async (input) => {
    const { h } = await setup();
    for (const what of ['第一份', '第二份', '第三份']) await ok(h, '组员', `/docs request ${what} --unit 城关镇 --due 12-01`);
    const r = await ok(h, '组员', `/docs show ${input}`);
    expect(r.text.split('\n')[0]).toBe('D-3［待提供］');
    expect(r.text).toContain('第三份');
  });

  it.each(['show', 'provided', 'returned'])('/docs %s refuses a bad, an unknown and a missing reference', async (sub) => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    for (const bad of ['D-x', 'D-0', 'F-1', 'R-1']) {
      const r = await refused(h, '组长', `/docs ${sub} ${bad}`);
      expect(r.text).toContain(`「${bad}」不是有效编号。请写成 D-3 这样的编号`);
    }
    expect((await refused(h, '组长', `/docs ${sub} D-99`)).text).toContain('本组没有 D-99');
    const missing = await refused(h, '组长', `/docs ${sub}`);
    expect(missing.text).toContain('缺少编号');
    expect(missing.text).toContain(`用法：/docs ${sub} <D编号>`);
    expect(await get(h, teamId, 1)).toMatchObject({ state: 'requested', history: [] });
  });

  it('shows a liaison their unit’s request but not another unit’s', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/docs request 城关镇的记录 --unit 城关镇 --due 12-01');
    await ok(h, '组员', '/docs request 东关村的秘密账本 --unit 东关村 --due 12-01');
    expect((await ok(h, '联络员', '/docs show D-1', dm('联络员'))).text).toContain('城关镇的记录');
    for (const chat of [dm('联络员'), undefined]) {
      const r = await refused(h, '联络员', '/docs show D-2', chat);
      expect(r.text).toBe('D-2 不是你所在单位（城关镇）的调阅材料。联络员只能查看、登记本单位的调阅材料，请用 /docs list 查看。');
    }
  });
});

describe('/docs provided', () => {
  it('lets the unit’s liaison mark their request provided, with a note, who and when', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    h.clock.set('2026-11-26T10:00:00+08:00');
    const r = await ok(h, '联络员', '/docs provided d1 已交纸质版两册', dm('联络员'));
    expect(r.text).toBe('已登记：D-1 的材料已提供。');
    expect(r.actions).toBeUndefined();
    const stored = await get(h, teamId, 1);
    expect(stored.state).toBe('provided');
    expect(stored.provided).toEqual({ at: '2026-11-26T02:00:00.000Z', by: 'console:联络员', note: '已交纸质版两册' });
    expect(stored.history).toEqual([{ at: '2026-11-26T02:00:00.000Z', by: 'console:联络员', field: 'state', from: 'requested', to: 'provided' }]);
  });

  it('lets the team mark it provided, offering the return button', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 东关村 --due 12-01');
    const r = await ok(h, '副组长', '/docs provided 1');
    expect(r.visibility).toBe('chat');
    expect(r.actions).toEqual([{ label: '已归还', command: '/docs returned D-1' }]);
    expect((await get(h, teamId, 1)).provided).toEqual({ at: T0, by: 'console:副组长' });
  });

  it('refuses to mark it provided twice, or after it was returned, naming the state', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    await ok(h, '联络员', '/docs provided D-1 第一次');
    const once = await get(h, teamId, 1);
    expect((await refused(h, '组员', '/docs provided D-1 第二次')).text).toBe('D-1 当前状态为已提供，不能再登记为已提供。请用 /docs show D-1 查看它的进展。');
    expect(await get(h, teamId, 1)).toEqual(once);
    await ok(h, '组长', '/docs returned D-1');
    const returned = await get(h, teamId, 1);
    expect((await refused(h, '联络员', '/docs provided D-1')).text).toBe('D-1 当前状态为已归还，不能再登记为已提供。请用 /docs show D-1 查看它的进展。');
    expect(await get(h, teamId, 1)).toEqual(returned);
  });

  it('refuses a liaison of another unit, the office and a non-member', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 东关村账本 --unit 东关村 --due 12-01');
    const r = await refused(h, '联络员', '/docs provided D-1', dm('联络员'));
    expect(r.text).toContain('D-1 不是你所在单位（城关镇）的调阅材料');
    expect(r.text).not.toContain('东关村账本');
    expect((await refused(h, 'admin', '/docs provided D-1')).text).toContain('需要以下角色之一：组长、副组长、组员、联络员（你的角色：巡察办）');
    expect((await refused(h, '路人', '/docs provided D-1')).text).toContain('你不是本组成员');
    expect(await get(h, teamId, 1)).toMatchObject({ state: 'requested', history: [] });
    expect((await get(h, teamId, 1)).provided).toBeUndefined();
  });

  it('refuses a note over 500 characters with the usage', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    const r = await refused(h, '联络员', `/docs provided D-1 ${'注'.repeat(501)}`);
    expect(r.text).toContain('备注太长：最多 500 个字符');
    expect(r.text).toContain('用法：/docs provided <D编号> [备注]');
    expect((await get(h, teamId, 1)).state).toBe('requested');
  });

  it('records only one of two concurrent marks', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    const replies = await Promise.all([h.say('联络员', '/docs provided D-1 甲'), h.say('组员', '/docs provided D-1 乙')]);
    expect(replies.flat().filter((r) => r.error)).toHaveLength(1);
    expect((await get(h, teamId, 1)).history).toHaveLength(1);
  });
});

describe('/docs returned', () => {
  it('moves provided to returned, with who and when', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    await ok(h, '联络员', '/docs provided D-1');
    h.clock.set('2026-11-29T15:00:00+08:00');
    const r = await ok(h, '组员二', '/docs returned D-1');
    expect(r.text).toBe('已登记：D-1 的材料已归还城关镇。');
    const stored = await get(h, teamId, 1);
    expect(stored.state).toBe('returned');
    expect(stored.returned).toEqual({ at: '2026-11-29T07:00:00.000Z', by: 'console:组员二' });
    expect(stored.history.map((c) => [c.by, c.from, c.to])).toEqual([
      ['console:联络员', 'requested', 'provided'],
      ['console:组员二', 'provided', 'returned'],
    ]);
  });

  it('refuses a request not yet provided, and a second return, naming the state', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    expect((await refused(h, '组长', '/docs returned D-1')).text).toBe('D-1 当前状态为待提供，只有已提供的材料才能登记归还。请用 /docs show D-1 查看它的进展。');
    expect(await get(h, teamId, 1)).toMatchObject({ state: 'requested', history: [] });
    await ok(h, '组员', '/docs provided D-1');
    await ok(h, '组员', '/docs returned D-1');
    const done = await get(h, teamId, 1);
    expect((await refused(h, '组长', '/docs returned D-1')).text).toBe('D-1 当前状态为已归还，只有已提供的材料才能登记归还。请用 /docs show D-1 查看它的进展。');
    expect(await get(h, teamId, 1)).toEqual(done);
  });

  it('refuses a liaison, the office and a non-member, naming the roles', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 12-01');
    await ok(h, '联络员', '/docs provided D-1');
    expect((await refused(h, '联络员', '/docs returned D-1')).text).toContain(`${TEAM_ROLES}（你的角色：联络员）`);
    expect((await refused(h, '联络员', '/docs returned D-1', dm('联络员'))).text).toContain(`${TEAM_ROLES}（你的角色：联络员）`);
    expect((await refused(h, 'admin', '/docs returned D-1')).text).toContain(`${TEAM_ROLES}（你的角色：巡察办）`);
    expect((await refused(h, '路人', '/docs returned D-1')).text).toContain(`${TEAM_ROLES}（你不是本组成员）`);
    expect((await get(h, teamId, 1)).state).toBe('provided');
  });
});

describe('where document requests may appear', () => {
  it('shows nothing in a group chat not bound to the team', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/docs request 近三年党委会议记录 --unit 城关镇 --due 12-01');
    await delivered(h, sent);
    sent.length = 0;
    for (const user of ['组员', '组长', 'admin', '联络员']) {
      for (const line of ['/docs list', '/docs show D-1', '/docs provided D-1', '/docs returned D-1', '/docs request 别处 --unit 城关镇 --due 12-01']) {
        const r = await refused(h, user, line, 'other');
        expect(r.text).toContain('未绑定');
        expect(r.text).not.toContain('党委会议记录');
      }
    }
    expect(await h.bot.services.docs.list(teamId)).toHaveLength(1);
    expect(await get(h, teamId, 1)).toMatchObject({ state: 'requested', history: [] });
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses a non-member everything, in the group and in a direct message', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/docs request 近三年党委会议记录 --unit 城关镇 --due 12-01');
    for (const line of ['/docs list', '/docs show D-1']) {
      const group = await refused(h, '路人', line);
      expect(group.text).toContain('需要以下角色之一：巡察办、组长、副组长、组员、联络员（你不是本组成员）');
      const direct = await refused(h, '路人', line, dm('路人'));
      expect(direct.text).not.toContain('党委会议记录');
    }
  });

  it('lets a member work entirely in a direct message', async () => {
    const { h, teamId } = await setup();
    expect((await ok(h, '组员二', '/docs request 私聊调阅 --unit 东关村 --due 12-01', dm('组员二'))).text).toContain('D-1');
    expect(refsIn((await ok(h, '组员二', '/docs list', dm('组员二'))).text)).toEqual([1]);
    await ok(h, '组员二', '/docs provided D-1 --team 第一巡察组', dm('组员二'));
    expect((await get(h, teamId, 1)).state).toBe('provided');
  });
});

describe('robustness', () => {
  it.each([
    ['the bare family', '/docs'],
    ['an unknown subcommand', '/docs delete D-1'],
    ['an empty request', '/docs request'],
    ['a 10,000-character line', `/docs request ${'长'.repeat(10_000)} --unit 城关镇 --due 12-01`],
    ['only control characters as what', '/docs request \u0000\u0007 --unit 城关镇 --due 12-01'],
  ])('answers %s with one clear reply and saves nothing', async (_name, line) => {
    const { h, teamId } = await setup();
    const r = await refused(h, '组员', line);
    expect(r.text.length).toBeLessThan(600);
    expect(r.text).not.toMatch(/处理时出错/);
    expect(await h.bot.services.docs.list(teamId)).toEqual([]);
    expect(h.logs.filter((l) => l.outcome === 'error')).toEqual([]);
  });
});

describe('English', () => {
  it('answers and notifies in English with XC_LANG=en', async () => {
    const { h, sent } = await setup({ XC_LANG: 'en' });
    const r = await ok(h, '组员', '/docs request minutes --unit 城关镇 --due 12-01');
    expect(r.text).toBe('Document request D-1 saved: 城关镇, due 2026-12-01. Liaisons told by direct message: 联络员.');
    const notices = await delivered(h, sent);
    expect(notices[0]!.reply.text).toContain('please provide "minutes" by 2026-12-01');
    expect((await refused(h, '组员', '/docs returned D-1')).text).toBe('D-1 is requested: only provided documents can be marked returned. Send /docs show D-1 to see where it stands.');
  });
});
