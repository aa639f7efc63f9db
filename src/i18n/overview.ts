/** Texts of /overview and of the office's daily digest (巡察办), Chinese and English. */
import type { Changes, Figures } from '../overview.ts';
import type { RoundStage } from '../round.ts';
import { argTexts, commandTexts, listEn, listZh as list, percent } from './texts.ts';

/** The parts of a team's changes worth a word, in the order they are said: only those that happened. */
function changeParts(c: Changes, words: Record<Exclude<keyof Changes, 'verified'>, (n: number) => string> & { verified: (n: number) => string; reopened: (n: number) => string }): string[] {
  const parts: string[] = [];
  for (const k of ['findings', 'clues', 'handedOver', 'results', 'tasks', 'verified', 'newlyOverdue', 'newlyLateResults', 'newlyLateDocs', 'matters', 'answered'] as const) {
    const n = c[k];
    if (k === 'verified' && n < 0) parts.push(words.reopened(-n));
    else if (n > 0) parts.push(words[k](n));
  }
  return parts;
}

const tasksZh = (f: Figures) => `整改任务 ${f.tasks} 项（进行中 ${f.open}、待销号 ${f.done}、已销号 ${f.verified}；逾期 ${f.overdue}；完成率 ${percent(f.verified, f.tasks)}）`;
const tasksEn = (f: Figures) => `${f.tasks} tasks (${f.open} open, ${f.done} awaiting sign-off, ${f.verified} signed off; ${f.overdue} overdue; completion ${percent(f.verified, f.tasks)})`;

export const overviewZh = {
  summary: '巡察办总览',
  commands: commandTexts({
    overview: { summary: '巡察办总览：各巡察组的阶段、问题、线索（仅数量）、待处置结果、整改、未归还材料、待批示请示报告，最需关注的在前，仅本人可见' },
  }),
  args: argTexts({
    page: { name: '页码' },
  }),
  messages: {
    stages: {
      unscheduled: '未定日期', preparing: '准备进驻', onsite: '进驻巡察', reporting: '报告阶段',
      awaitingFeedback: '待反馈', rectifying: '集中整改', supervising: '日常监督',
    } satisfies Record<RoundStage, string>,
    title: (today: string, teams: number, page: number, pages: number) =>
      `【巡察工作总览】截至 ${today} · ${teams} 个巡察组${pages > 1 ? `（第 ${page}/${pages} 页）` : ''}（仅你可见）`,
    order: '排序：逾期整改任务多的在前，其次处置结果逾期的线索多的，再次整改完成率（按销号计）低的。',
    none: '还没有巡察组。/team create <组名> 新建。',
    totals: (f: Figures) => `合计：${figuresZh(f)}`,
    team: (rank: number, name: string, stage: string, f: Figures, attention: boolean) => `${rank}. ${attention ? '⚠ ' : ''}${name}［${stage}］\n　${figuresZh(f)}`,
    nextPage: (page: number) => `下一页：/overview --page ${page}`,
    // The office's daily digest.
    digestTitle: (today: string, teams: number) => `【巡察办每日简报】${today} · ${teams} 个巡察组`,
    since: (day: string) => `自 ${day} 以来：`,
    changed: (name: string, parts: string[]) => `　${name}：${list(parts)}`,
    changes: (c: Changes) =>
      changeParts(c, {
        findings: (n) => `新增问题 ${n} 条`,
        clues: (n) => `新增线索 ${n} 条`,
        handedOver: (n) => `移交线索 ${n} 条`,
        results: (n) => `登记处置结果 ${n} 条`,
        tasks: (n) => `新增整改任务 ${n} 项`,
        verified: (n) => `销号 ${n} 项`,
        reopened: (n) => `已销号任务重新打开 ${n} 项`,
        newlyOverdue: (n) => `新逾期整改任务 ${n} 项`,
        newlyLateResults: (n) => `新逾期未反馈处置结果 ${n} 条`,
        newlyLateDocs: (n) => `新逾期未提供材料 ${n} 件`,
        matters: (n) => `新请示报告 ${n} 件`,
        answered: (n) => `登记批示 ${n} 件`,
      }),
    unchanged: (n: number, any: boolean) => (any ? `　其余 ${n} 个组没有变化。` : '　各组都没有变化。'),
    firstDay: '（此前没有各组的数字可比：明天起列出每天的变化。）',
    attention: (n: number) => `⚠ 有逾期事项的巡察组（${n}，最需关注的在前）：`,
    overdueParts: (name: string, f: Figures) =>
      `　${name}：${list([
        ...(f.overdue ? [`逾期整改任务 ${f.overdue} 项`] : []),
        ...(f.resultsOverdue ? [`处置结果逾期未反馈 ${f.resultsOverdue} 条`] : []),
        ...(f.docsOverdue ? [`逾期未提供材料 ${f.docsOverdue} 件`] : []),
      ])}；完成率 ${percent(f.verified, f.tasks)}`,
    moreAttention: (n: number) => `　另有 ${n} 个组有逾期事项。`,
    noneOverdue: '✅ 各组都没有逾期事项。',
    seeOverview: '发送 /overview 查看各组全貌。',
  },
};

/** A team's (or the totals') figures in one line. */
function figuresZh(f: Figures): string {
  return [
    `问题 ${f.findings} 条（其中线索 ${f.clues} 条）`,
    `移交线索待处置结果 ${f.awaitingResult} 条（逾期 ${f.resultsOverdue}）`,
    tasksZh(f),
    `材料未归还 ${f.docsOut} 件（逾期未提供 ${f.docsOverdue} 件）`,
    `请示报告待批示 ${f.mattersAwaiting} 件`,
  ].join('；');
}

function figuresEn(f: Figures): string {
  return [
    `${f.findings} findings (${f.clues} of them clues)`,
    `${f.awaitingResult} handed-over clues awaiting a result (${f.resultsOverdue} overdue)`,
    tasksEn(f),
    `${f.docsOut} documents not returned (${f.docsOverdue} requests overdue)`,
    `${f.mattersAwaiting} reports awaiting an instruction`,
  ].join('; ');
}

export const overviewEn: typeof overviewZh = {
  summary: "the office's overview",
  commands: {
    overview: { summary: "the office's overview: each team's stage, findings, clues (a count), results awaited, rectification, documents out, reports awaiting an instruction; worst first, to you alone" },
  },
  args: {
    page: { name: 'the page', usage: 'page' },
  },
  messages: {
    stages: {
      unscheduled: 'no dates', preparing: 'preparing', onsite: 'on site', reporting: 'reporting',
      awaitingFeedback: 'awaiting feedback', rectifying: 'rectifying', supervising: 'supervision',
    },
    title: (today, teams, page, pages) => `Overview as of ${today}: ${teams} teams${pages > 1 ? ` (page ${page}/${pages})` : ''} (only you can see this)`,
    order: 'Order: most overdue tasks first, then most clues whose result is overdue, then the lowest completion rate (signed off only).',
    none: 'No teams yet. /team create <name> makes one.',
    totals: (f) => `All teams: ${figuresEn(f)}`,
    team: (rank, name, stage, f, attention) => `${rank}. ${attention ? '⚠ ' : ''}${name} [${stage}]\n  ${figuresEn(f)}`,
    nextPage: (page) => `Next page: /overview --page ${page}`,
    digestTitle: (today, teams) => `Office digest, ${today}: ${teams} teams`,
    since: (day) => `Since ${day}:`,
    changed: (name, parts) => `  ${name}: ${listEn(parts)}`,
    changes: (c) =>
      changeParts(c, {
        findings: (n) => `${n} new findings`,
        clues: (n) => `${n} new clues`,
        handedOver: (n) => `${n} clues handed over`,
        results: (n) => `${n} clue results recorded`,
        tasks: (n) => `${n} new tasks`,
        verified: (n) => `${n} tasks signed off`,
        reopened: (n) => `${n} signed-off tasks opened again`,
        newlyOverdue: (n) => `${n} tasks newly overdue`,
        newlyLateResults: (n) => `${n} clue results newly overdue`,
        newlyLateDocs: (n) => `${n} document requests newly overdue`,
        matters: (n) => `${n} new reports to the leading group`,
        answered: (n) => `${n} instructions recorded`,
      }),
    unchanged: (n, any) => (any ? `  No change in the other ${n} teams.` : '  No change in any team.'),
    firstDay: '(No earlier figures to compare with: from tomorrow on, each day’s changes are listed.)',
    attention: (n) => `⚠ Teams with overdue items (${n}, worst first):`,
    overdueParts: (name, f) =>
      `  ${name}: ${listEn([
        ...(f.overdue ? [`${f.overdue} tasks overdue`] : []),
        ...(f.resultsOverdue ? [`${f.resultsOverdue} clue results overdue`] : []),
        ...(f.docsOverdue ? [`${f.docsOverdue} document requests overdue`] : []),
      ])}; completion ${percent(f.verified, f.tasks)}`,
    moreAttention: (n) => `  ${n} more teams have overdue items.`,
    noneOverdue: '✅ No team has anything overdue.',
    seeOverview: 'Send /overview for every team at a glance.',
  },
};
