import { afterEach, describe, expect, it } from 'vitest';
import type { DocRequest } from '../../src/doc-request.ts';
import type { Finding } from '../../src/finding.ts';
import { totalOf, worstFirst, type Figures, type TeamView } from '../../src/overview.ts';
import { roundStage, type RoundStage } from '../../src/round.ts';
import { TeamSchema, type Team } from '../../src/team.ts';
import { loadConfig } from '../../src/config.ts';
import type { ChatRef } from '../../src/types.ts';
import { createHarness, dm, storeTask, withTeam, type Harness } from '../helpers/harness.ts';
import { figures, ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';

const opened: Harness[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.dispose();
});

/** A finding stored as it stands after its commands, for figures that need a date long past (a handover in August). */
function storeFinding(h: Harness, team: string, fields: Partial<Omit<Finding, 'n'>>): Promise<Finding> {
  return h.bot.services.findings.add({
    team, text: '问题', unit: '城关镇', category: '作风建设', tags: [], source: '其他', severity: '一般', state: 'draft',
    author: 'console:组员', createdAt: T0, history: [], ...fields,
  });
}

function storeDoc(h: Harness, team: string, fields: Partial<Omit<DocRequest, 'n'>>): Promise<DocRequest> {
  return h.bot.services.docs.add({
    team, what: '党委会议记录', unit: '城关镇', due: '2026-12-01', state: 'requested', requestedBy: 'console:组员', requestedAt: T0, history: [], ...fields,
  });
}

/**
 * Three teams on one store:
 * - 第一巡察组 (console:main), on site: F-1, F-2 a clue; R-1 overdue, R-2 signed off, R-3 open; D-1 out (provided), D-2 overdue; M-1 awaiting.
 * - 第二巡察组 (console:second), rectifying: F-1 a clue handed over in August (its result overdue), F-2 a clue handed
 *   over last week with its result; overdue, R-3 done.
 * - 第三巡察组 (console:third), no dates, nothing yet.
 */
async function threeTeams(): Promise<Harness> {
  const h = await createHarness();
  opened.push(h);
  await withTeam(h);
  await ok(h, 'admin', '/team period 2026-11-01 2026-12-31');
  await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
  await ok(h, '组员', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
  await ok(h, '组长', '/finding clue F-2 --importance 重要', dm('组长'));
  await storeTask(h, 'T1', { due: '2026-11-20' });
  await storeTask(h, 'T1', { due: '2026-11-10', state: 'verified', verified: { at: T0, by: 'console:组长' } });
  await storeTask(h, 'T1', { due: '2026-12-10' });
  await storeDoc(h, 'T1', { state: 'provided', provided: { at: T0, by: 'console:联络员' } });
  await storeDoc(h, 'T1', { due: '2026-11-20' });
  await ok(h, '组长', '/report add 某局长插手工程招标，是否扩大巡察范围', dm('组长'));

  await ok(h, 'admin', '/team create 第二巡察组', 'second');
  await ok(h, 'admin', '/team unit add 西关村', 'second');
  await ok(h, 'admin', '/team add 组长乙 leader', 'second');
  await ok(h, 'admin', '/team period 2026-08-01 2026-09-30 --feedback 2026-10-15', 'second');
  const clue = { flaggedAt: '2026-08-05T01:00:00.000Z', flaggedBy: 'console:组长乙', importance: '重要' as const };
  await storeFinding(h, 'T2', { unit: '西关村', state: 'handedOver', clue, handover: { to: '纪委监委', at: '2026-08-10T02:00:00.000Z', by: 'console:组长乙' } });
  await storeFinding(h, 'T2', {
    unit: '西关村', state: 'handedOver', clue,
    handover: { to: '纪委监委', at: '2026-11-18T02:00:00.000Z', by: 'console:组长乙', result: { kind: '初步核实', at: T0, by: 'console:组长乙' } },
  });
  await storeTask(h, 'T2', { unit: '西关村', due: '2026-11-01' });
  await storeTask(h, 'T2', { unit: '西关村', due: '2026-11-10' });
  await storeTask(h, 'T2', { unit: '西关村', due: '2026-11-30', state: 'done', doneNote: { at: T0, by: 'console:组员', text: '已完成整改并建立台账' } });

  await ok(h, 'admin', '/team create 第三巡察组', 'third');
  return h;
}

const EXPECTED = [
  '【巡察工作总览】截至 2026-11-25 · 3 个巡察组（仅你可见）',
  '合计：问题 4 条（其中线索 3 条）；移交线索待处置结果 1 条（逾期 1）；整改任务 6 项（进行中 4、待销号 1、已销号 1；逾期 3；完成率 16.7%）；材料未归还 1 件（逾期未提供 1 件）；请示报告待批示 1 件',
  '排序：逾期整改任务多的在前，其次处置结果逾期的线索多的，再次整改完成率（按销号计）低的。',
  '1. ⚠ 第二巡察组［集中整改］',
  '　问题 2 条（其中线索 2 条）；移交线索待处置结果 1 条（逾期 1）；整改任务 3 项（进行中 2、待销号 1、已销号 0；逾期 2；完成率 0%）；材料未归还 0 件（逾期未提供 0 件）；请示报告待批示 0 件',
  '2. ⚠ 第一巡察组［进驻巡察］',
  '　问题 2 条（其中线索 1 条）；移交线索待处置结果 0 条（逾期 0）；整改任务 3 项（进行中 2、待销号 0、已销号 1；逾期 1；完成率 33.3%）；材料未归还 1 件（逾期未提供 1 件）；请示报告待批示 1 件',
  '3. 第三巡察组［未定日期］',
  '　问题 0 条（其中线索 0 条）；移交线索待处置结果 0 条（逾期 0）；整改任务 0 项（进行中 0、待销号 0、已销号 0；逾期 0；完成率 —）；材料未归还 0 件（逾期未提供 0 件）；请示报告待批示 0 件',
].join('\n');

describe('/overview', () => {
  it('shows every team on one page, worst first, with the totals', async () => {
    const h = await threeTeams();
    const r = await figures(h, 'admin', '/overview', dm('admin'));
    expect(r.text).toBe(EXPECTED);
    expect(r.visibility).toBe('asker');
  });

  it('answers the asker alone when typed in a group, a team’s or any other', async () => {
    const h = await threeTeams();
    for (const chat of [undefined, 'second', 'elsewhere']) {
      const r = await figures(h, 'admin', '/overview', chat);
      expect(r.visibility, String(chat)).toBe('asker');
      expect(r.text).toBe(EXPECTED);
    }
  });

  it('is refused to anyone but the office, the leaders included, and in a conversation between people', async () => {
    const h = await threeTeams();
    for (const [user, chat] of [['组长', undefined], ['组长', dm('组长')], ['副组长', dm('副组长')], ['联络员', undefined], ['外人', dm('外人')]] as const) {
      const r = await refused(h, user, '/overview', chat);
      expect(r.text).toBe('这条命令汇总各巡察组的情况，只供巡察办使用。如需了解，请联系巡察办。');
    }
    const between: ChatRef = { id: 'console:dm-between-two', kind: 'unbound' };
    expect((await refused(h, 'admin', '/overview', between)).text).toContain('人与人之间的私聊');
  });

  it('refuses bad input with the usage line, and pages through many teams', async () => {
    const h = await threeTeams();
    expect((await refused(h, 'admin', '/overview 第一巡察组', dm('admin'))).text).toBe('多余的参数：第一巡察组。请删去多余的词；含空格的值请加引号。\n用法：/overview [--page <页码>]');
    expect((await refused(h, 'admin', '/overview --page x', dm('admin'))).text).toBe('页码须是从 1 起的整数，「x」不是。请改用 1 起的整数，例如 --page 2。\n用法：/overview [--page <页码>]');
    expect((await refused(h, 'admin', '/overview --unit 城关镇', dm('admin'))).text).toContain('--unit');
    for (let i = 4; i <= 32; i++) await h.bot.services.teams.create(`巡察组${i}`, `console:g${i}`, 'console:admin', T0);
    const first = (await figures(h, 'admin', '/overview', dm('admin'))).text.split('\n');
    expect(first[0]).toBe('【巡察工作总览】截至 2026-11-25 · 32 个巡察组（第 1/2 页）（仅你可见）');
    expect(first.at(-1)).toBe('下一页：/overview --page 2');
    expect(first.filter((l) => /^\d+\. /.test(l))).toHaveLength(30);
    const second = (await figures(h, 'admin', '/overview --page 2', dm('admin'))).text.split('\n');
    // The totals stand on every page; the ranks go on.
    expect(second[1]).toBe(first[1]);
    expect(second.filter((l) => /^\d+\. /.test(l))).toEqual(['31. 巡察组31［未定日期］', '32. 巡察组32［未定日期］']);
  });

  it('says so when there is no team yet, and speaks English with XC_LANG=en', async () => {
    const h = await createHarness({ env: { XC_LANG: 'en' } });
    opened.push(h);
    expect((await figures(h, 'admin', '/overview', dm('admin'))).text).toBe('No teams yet. /team create <name> makes one.');
    await withTeam(h);
    await storeTask(h, 'T1', { due: '2026-11-20' });
    expect((await figures(h, 'admin', '/overview', dm('admin'))).text.split('\n').slice(3)).toEqual([
      '1. ⚠ 第一巡察组 [no dates]',
      '  0 findings (0 of them clues); 0 handed-over clues awaiting a result (0 overdue); 1 tasks (1 open, 0 awaiting sign-off, 0 signed off; 1 overdue; completion 0%); 0 documents not returned (0 requests overdue); 0 reports awaiting an instruction',
    ]);
  });
});

/** A team with only what the stage and the order read: its number and its round's dates. */
function teamWith(id: string, period?: Team['period']): Team {
  return TeamSchema.parse({ id, name: id, createdAt: T0, createdBy: 'console:admin', chats: [], units: [], members: [], history: [], ...(period && { period }) });
}

describe('the round’s stage', () => {
  const config = loadConfig({});
  it('follows the dates: before entry, on site, reporting, awaiting feedback, rectifying until the report is due, then supervision', () => {
    const team = teamWith('T1', { entry: '2026-03-01', onsiteEnd: '2026-04-15', end: '2026-04-30', feedback: '2026-06-01' });
    const at = (day: string) => roundStage(team, config, day);
    const stages: Array<[string, RoundStage]> = [
      ['2026-02-28', 'preparing'], ['2026-03-01', 'onsite'], ['2026-04-15', 'onsite'], ['2026-04-16', 'reporting'], ['2026-04-30', 'reporting'],
      ['2026-05-01', 'awaitingFeedback'], ['2026-06-01', 'rectifying'], ['2026-07-30', 'rectifying'], ['2026-07-31', 'supervising'],
    ];
    expect(stages.map(([day]) => [day, at(day)])).toEqual(stages);
    expect(roundStage(teamWith('T2'), config, '2026-03-01')).toBe('unscheduled');
    // Without an end of on-site work the team is on site to the round's end; without feedback it awaits it.
    const plain = teamWith('T3', { entry: '2026-03-01', end: '2026-04-30' });
    expect([roundStage(plain, config, '2026-04-30'), roundStage(plain, config, '2026-09-01')]).toEqual(['onsite', 'awaitingFeedback']);
  });
});

describe('worst first', () => {
  const zero = totalOf([]);
  const view = (id: string, f: Partial<Figures>): TeamView => ({ team: teamWith(id), stage: 'onsite', figures: { ...zero, ...f } });
  const order = (views: TeamView[]) => [...views].sort(worstFirst).map((v) => v.team.id);

  it('orders by overdue tasks, then overdue clue results, then completion rate, then documents and reports, then by team', () => {
    expect(order([view('T1', { overdue: 1 }), view('T2', { overdue: 3 }), view('T3', { overdue: 2 })])).toEqual(['T2', 'T3', 'T1']);
    expect(order([view('T1', { overdue: 1 }), view('T2', { overdue: 1, resultsOverdue: 2 })])).toEqual(['T2', 'T1']);
    expect(order([view('T1', { tasks: 4, verified: 2 }), view('T2', { tasks: 3, verified: 1 }), view('T3', {}), view('T4', { tasks: 6, verified: 3 })])).toEqual([
      'T2', 'T1', 'T4', 'T3',
    ]);
    expect(order([view('T1', {}), view('T2', { docsOut: 1 }), view('T3', { mattersAwaiting: 1 }), view('T4', { docsOverdue: 2 })])).toEqual(['T4', 'T2', 'T3', 'T1']);
    // Overdue outranks a low completion rate: what the office must chase today first.
    expect(order([view('T1', { tasks: 10, verified: 0 }), view('T2', { tasks: 10, verified: 9, overdue: 1 })])).toEqual(['T2', 'T1']);
    expect(order([view('T10', {}), view('T9', {}), view('T2', {})])).toEqual(['T2', 'T9', 'T10']);
  });
});
