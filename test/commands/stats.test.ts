import { describe, expect, it } from 'vitest';
import type { DocRequest } from '../../src/doc-request.ts';
import { dm, storeTask, type Harness, useTeamHarness } from '../helpers/harness.ts';
import { signOff } from '../helpers/findings.ts';
import { figures, ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';

/** A fresh team harness per call, disposed after each test. */
const setup = useTeamHarness();

function addDoc(h: Harness, teamId: string, fields: Partial<Omit<DocRequest, 'n'>>): Promise<DocRequest> {
  return h.bot.services.docs.add({
    team: teamId, what: '近三年党委会议记录', unit: '城关镇', due: '2026-12-01', state: 'requested',
    requestedBy: 'console:组员', requestedAt: T0, history: [], ...fields,
  });
}

/**
 * Four findings (F-2 a clue with its subject, F-3 handed over, F-4 confirmed); three tasks: R-1 open
 * and overdue, R-2 done, R-3 verified; four document requests: D-1 overdue, D-2 not yet due, D-3
 * provided and not returned, D-4 returned.
 */
async function populate(h: Harness, teamId: string): Promise<void> {
  await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
  await ok(h, '组员二', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
  await ok(h, '组长', '/finding clue F-2 --importance 重要 --subject 张某', dm('组长'));
  await ok(h, '副组长', '/finding add 三重一大未集体决策 --unit 城关镇 --cat 政治建设');
  await signOff(h, 'F-3', { author: '副组长' });
  await ok(h, '组长', '/finding handover F-3 --to 单位');
  await ok(h, '组员', '/finding add 公车私用 --unit 城关镇 --cat 作风建设');
  await signOff(h, 'F-4');
  await storeTask(h, teamId, { due: '2026-11-20' });
  await storeTask(h, teamId, { due: '2026-11-18', state: 'done', doneNote: { at: T0, by: 'console:组员', text: '已完成' } });
  await storeTask(h, teamId, { due: '2026-11-30', state: 'verified', verified: { at: T0, by: 'console:组长' } });
  await addDoc(h, teamId, { due: '2026-11-20' });
  await addDoc(h, teamId, { due: '2026-12-01' });
  await addDoc(h, teamId, { due: '2026-11-20', state: 'provided', provided: { at: T0, by: 'console:联络员' } });
  await addDoc(h, teamId, { state: 'returned', provided: { at: T0, by: 'console:联络员' }, returned: { at: T0, by: 'console:组员' } });
}

/** The clue (F-2, 反腐败 at 东关村) is one total: no breakdown may count it, or the group would learn where it is. */
const EXPECTED = [
  '「第一巡察组」统计（截至 2026-11-25）',
  '问题（不含问题线索）：共 3 条',
  '　按单位：城关镇 3、东关村 0',
  '　按类别：政治建设 1、思想建设 0、组织建设 0、作风建设 2、纪律建设 0、反腐败 0',
  '　按状态：草稿 1、已复核 0、已审签 1、已移交 1、已签收 0',
  // F-3, handed over, is a finding: counted under 已移交 above, not with the clues (F-2 is not handed over).
  '问题线索：共 1 条，其中已移交 0 条（线索只计总数，不分单位、类别）',
  '整改任务：共 3 项，其中进行中 1 项（含逾期 1 项）、已完成待销号 1 项、已销号 1 项',
  // Completed means signed off: R-2, reported done, may yet be sent back.
  '　完成率 33.3%（已销号 1 项 ÷ 全部 3 项；已完成待销号的不计）；逾期率 33.3%（逾期 1 项 ÷ 全部 3 项）',
  '调阅材料：共 4 件，其中待提供 2 件（含逾期 1 件）、已提供待归还 1 件、已归还 1 件',
].join('\n');

describe('/stats', () => {
  it('counts findings, clues, rectification and document requests for the group', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    const r = await figures(h, '组员', '/stats');
    expect(r.visibility).toBe('chat');
    expect(r.text).toBe(EXPECTED);
    // Counts only: no clue subject, no finding text.
    expect(r.text).not.toContain('张某');
    expect(r.text).not.toContain('违规发放补贴');
  });

  it('gives the same answer to leader, deputy and the office, in a group or a direct message', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    expect((await figures(h, '组长', '/stats')).text).toBe(EXPECTED);
    expect((await figures(h, '副组长', '/stats', dm('副组长'))).text).toBe(EXPECTED);
    expect((await figures(h, 'admin', '/stats')).text).toBe(EXPECTED);
  });

  it('derives overdue from the clock and rounds the rates', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    await storeTask(h, teamId, { due: '2026-12-10' });
    const now = (await figures(h, '组长', '/stats')).text;
    expect(now).toContain('整改任务：共 4 项，其中进行中 2 项（含逾期 1 项）、已完成待销号 1 项、已销号 1 项');
    expect(now).toContain('　完成率 25%（已销号 1 项 ÷ 全部 4 项；已完成待销号的不计）；逾期率 25%（逾期 1 项 ÷ 全部 4 项）');
    h.clock.set('2026-12-12T09:00:00+08:00');
    const later = (await figures(h, '组长', '/stats')).text;
    expect(later).toContain('统计（截至 2026-12-12）');
    expect(later).toContain('　完成率 25%（已销号 1 项 ÷ 全部 4 项；已完成待销号的不计）；逾期率 50%（逾期 2 项 ÷ 全部 4 项）');
    // D-2 is now past its due date too; D-3 is delivered, so never overdue.
    expect(later).toContain('调阅材料：共 4 件，其中待提供 2 件（含逾期 2 件）、已提供待归还 1 件、已归还 1 件');
  });

  it('moves the completion rate only on sign-off (销号), and back when a follow-up opens the task again', async () => {
    const { h } = await setup();
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-11-20');
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
    await ok(h, '组长', '/rectify add F-1 公开栏每月更新 --owner 组员 --due 12-10');
    await ok(h, '组长', '/rectify add F-1 建立公开台账 --owner 组员 --due 12-10');
    const rate = async () => /完成率 (\S+?)（/.exec((await figures(h, '组长', '/stats')).text)?.[1];
    expect(await rate()).toBe('0%');
    await ok(h, '组员', '/rectify done R-1 公开栏已于11月25日更新，附照片三张');
    expect(await rate()).toBe('0%');
    await ok(h, '组长', '/rectify verify R-1');
    expect(await rate()).toBe('50%');
    await ok(h, '组长', '/rectify followup R-1 --result 反弹 --due 12-20 --note 十二月未更新');
    expect(await rate()).toBe('0%');
  });

  it('says what 已移交 counts: clues handed over on the clue line, findings handed over in the states', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    await signOff(h, 'F-2', { author: '组员二' });
    await ok(h, '组长', '/finding handover F-2 --to 纪委监委 --reported 11-24');
    const text = (await figures(h, '组员', '/stats')).text;
    expect(text).toContain('　按状态：草稿 1、已复核 0、已审签 1、已移交 1、已签收 0');
    expect(text).toContain('问题线索：共 1 条，其中已移交 1 条（线索只计总数，不分单位、类别）');
  });

  it('shows zeros and no rates for a team with nothing yet', async () => {
    const { h } = await setup();
    expect((await figures(h, '组长', '/stats')).text).toBe([
      '「第一巡察组」统计（截至 2026-11-25）',
      '问题（不含问题线索）：共 0 条',
      '问题线索：共 0 条，其中已移交 0 条（线索只计总数，不分单位、类别）',
      '整改任务：共 0 项，其中进行中 0 项（含逾期 0 项）、已完成待销号 0 项、已销号 0 项',
      '调阅材料：共 0 件，其中待提供 0 件（含逾期 0 件）、已提供待归还 0 件、已归还 0 件',
    ].join('\n'));
  });

  it('refuses a liaison and someone outside the team, naming the roles', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    expect((await refused(h, '联络员', '/stats')).text).toBe('需要以下角色之一：组长、副组长、组员、巡察办（你的角色：联络员）。请由组长、副组长、组员或巡察办办理。');
    expect((await refused(h, '路人', '/stats')).text).toBe('需要以下角色之一：组长、副组长、组员、巡察办（你不是本组成员）。如需加入，请联系组长或巡察办。');
  });

  it('refuses an unbound group chat and extra words', async () => {
    const { h } = await setup();
    expect((await refused(h, '组长', '/stats', 'other')).text).toContain('本群未绑定巡察组');
    const r = await refused(h, '组长', '/stats 城关镇');
    expect(r.text).toContain('多余的参数：城关镇');
    expect(r.text).toContain('用法：/stats');
  });

  it('speaks English with XC_LANG=en', async () => {
    const { h, teamId } = await setup({ XC_LANG: 'en' });
    await populate(h, teamId);
    expect((await figures(h, '组员', '/stats')).text).toBe([
      'Statistics of “第一巡察组” (as of 2026-11-25)',
      'Findings (problem clues not included): 3',
      '  by unit: 城关镇 3, 东关村 0',
      '  by category: 政治建设 1, 思想建设 0, 组织建设 0, 作风建设 2, 纪律建设 0, 反腐败 0',
      '  by state: draft 1, reviewed 0, confirmed 1, handed over 1, received 0',
      'Problem clues: 1, of which 0 handed over (clues are counted as a total only, never by unit or category)',
      'Rectification tasks: 3, of which 1 open (1 of them overdue), 1 done awaiting sign-off, 1 signed off',
      '  completion rate 33.3% (1 signed off of 3; done awaiting sign-off not counted); overdue rate 33.3% (1 overdue of 3)',
      'Document requests: 4, of which 2 awaiting delivery (1 of them overdue), 1 delivered awaiting return, 1 returned',
    ].join('\n'));
    expect((await refused(h, '联络员', '/stats')).text).toBe('This needs one of these roles: leader, deputy leader, member, office admin (yours: liaison). Ask the leader, deputy leader, member or office admin to do it.');
  });
});
