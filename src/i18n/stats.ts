/** Texts of /stats, Chinese and English. */
import { argTexts, commandTexts, listEn, listZh as list, percent } from './texts.ts';

export const statsZh = {
  summary: '统计',
  commands: commandTexts({
    stats: { summary: '统计：问题按单位、类别、状态计数；整改完成率（按销号计）、逾期率；调阅材料' },
  }),
  args: argTexts({}),
  messages: {
    statsTitle: (team: string, today: string) => `「${team}」统计（截至 ${today}）`,
    findingsTotal: (n: number) => `问题（不含问题线索）：共 ${n} 条`,
    byUnit: (parts: string[]) => `　按单位：${list(parts)}`,
    byCategory: (parts: string[]) => `　按类别：${list(parts)}`,
    byState: (parts: string[]) => `　按状态：${list(parts)}`,
    count: (label: string, n: number) => `${label} ${n}`,
    clues: (clues: number, handedOver: number) => `问题线索：共 ${clues} 条，其中已移交 ${handedOver} 条（线索只计总数，不分单位、类别）`,
    rect: (total: number, open: number, overdue: number, done: number, verified: number) =>
      `整改任务：共 ${total} 项，其中进行中 ${open} 项（含逾期 ${overdue} 项）、已完成待销号 ${done} 项、已销号 ${verified} 项`,
    rectRates: (verified: number, overdue: number, total: number) =>
      `　完成率 ${percent(verified, total)}（已销号 ${verified} 项 ÷ 全部 ${total} 项；已完成待销号的不计）；逾期率 ${percent(overdue, total)}（逾期 ${overdue} 项 ÷ 全部 ${total} 项）`,
    docs: (total: number, requested: number, overdue: number, provided: number, returned: number) =>
      `调阅材料：共 ${total} 件，其中待提供 ${requested} 件（含逾期 ${overdue} 件）、已提供待归还 ${provided} 件、已归还 ${returned} 件`,
  },
};

export const statsEn: typeof statsZh = {
  summary: 'statistics',
  commands: {
    stats: { summary: 'counts of findings by unit, category and state; rectification completion (signed off) and overdue rates; document requests' },
  },
  args: {},
  messages: {
    statsTitle: (team, today) => `Statistics of “${team}” (as of ${today})`,
    findingsTotal: (n) => `Findings (problem clues not included): ${n}`,
    byUnit: (parts) => `  by unit: ${listEn(parts)}`,
    byCategory: (parts) => `  by category: ${listEn(parts)}`,
    byState: (parts) => `  by state: ${listEn(parts)}`,
    count: (label, n) => `${label} ${n}`,
    clues: (clues, handedOver) => `Problem clues: ${clues}, of which ${handedOver} handed over (clues are counted as a total only, never by unit or category)`,
    rect: (total, open, overdue, done, verified) => `Rectification tasks: ${total}, of which ${open} open (${overdue} of them overdue), ${done} done awaiting sign-off, ${verified} signed off`,
    rectRates: (verified, overdue, total) =>
      `  completion rate ${percent(verified, total)} (${verified} signed off of ${total}; done awaiting sign-off not counted); overdue rate ${percent(overdue, total)} (${overdue} overdue of ${total})`,
    docs: (total, requested, overdue, provided, returned) =>
      `Document requests: ${total}, of which ${requested} awaiting delivery (${overdue} of them overdue), ${provided} delivered awaiting return, ${returned} returned`,
  },
};
