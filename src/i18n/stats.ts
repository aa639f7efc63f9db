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
    findingsTotal: (n: number) => `问题：共 ${n} 条`,
    byUnit: (parts: string[]) => `　按单位：${list(parts)}`,
    byCategory: (parts: string[]) => `　按类别：${list(parts)}`,
    byState: (parts: string[]) => `　按状态：${list(parts)}`,
    count: (label: string, n: number) => `${label} ${n}`,
    clues: (clues: number, handovers: number) => `问题线索 ${clues} 条；已移交 ${handovers} 条`,
    rect: (total: number, open: number, done: number, verified: number) =>
      `整改任务：共 ${total} 项；进行中 ${open}、已完成待销号 ${done}、已销号 ${verified}`,
    rectRates: (completed: number, overdue: number, total: number) =>
      `　完成率 ${percent(completed, total)}（按已销号计，报告完成待销号的不计）；逾期 ${overdue} 项，逾期率 ${percent(overdue, total)}`,
    docs: (total: number, overdue: number, unreturned: number) => `调阅材料：共 ${total} 项；逾期未提供 ${overdue} 项；已提供未归还 ${unreturned} 项`,
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
    findingsTotal: (n) => `Findings: ${n}`,
    byUnit: (parts) => `  by unit: ${listEn(parts)}`,
    byCategory: (parts) => `  by category: ${listEn(parts)}`,
    byState: (parts) => `  by state: ${listEn(parts)}`,
    count: (label, n) => `${label} ${n}`,
    clues: (clues, handovers) => `Problem clues: ${clues}; handed over: ${handovers}`,
    rect: (total, open, done, verified) => `Rectification tasks: ${total}; open ${open}, done ${done}, verified ${verified}`,
    rectRates: (completed, overdue, total) =>
      `  completion rate ${percent(completed, total)} (signed off only; reported done does not count yet); overdue ${overdue}, overdue rate ${percent(overdue, total)}`,
    docs: (total, overdue, unreturned) => `Document requests: ${total}; overdue ${overdue}; provided and not yet returned ${unreturned}`,
  },
};
