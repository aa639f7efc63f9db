/** Messages of the reports commands, Chinese and English; merged into the catalogs in zh.ts and en.ts. */

const list = (items: readonly string[]) => items.join('、');
const listEn = (items: readonly string[]) => items.join(', ');

/** A share as people read it: 50%, 33.3%; a dash when there is nothing to divide. */
const percent = (part: number, total: number) => (total === 0 ? '—' : `${Number(((part / total) * 100).toFixed(1))}%`);

export const reportsZh = {
  commands: {
    export: { usage: '/export', summary: '导出三张清单（问题清单、任务清单、责任清单）为一个 Excel 文件，私信发送' },
    stats: { usage: '/stats', summary: '统计：问题按单位、类别、状态计数；整改完成率、逾期率；调阅材料' },
  },
  messages: {
    yes: '是',
    no: '否',
    sheets: { findings: '问题清单', tasks: '任务清单', duties: '责任清单' },
    findingColumns: {
      ref: '编号', unit: '被巡察单位', category: '类别', tags: '标签', source: '来源', severity: '严重程度', state: '状态',
      text: '问题描述', author: '登记人', createdAt: '登记日期', clue: '是否问题线索', subject: '线索对象',
      handoverTo: '移交对象', handoverAt: '移交日期',
    },
    taskColumns: {
      ref: '编号', finding: '对应问题', unit: '被巡察单位', measure: '整改措施', owner: '整改责任人', due: '整改时限',
      immediate: '立行立改', state: '状态', overdue: '是否逾期', daysOverdue: '逾期天数', doneNote: '完成说明',
      verifiedBy: '销号人', verifiedAt: '销号日期', extensions: '延期记录',
    },
    dutyColumns: { owner: '整改责任人', unit: '被巡察单位', ref: '编号', measure: '整改措施', due: '整改时限', state: '状态', overdue: '是否逾期' },
    extension: (at: string, from: string, to: string, reason: string) => `${at}：${from} → ${to}（${reason}）`,
    exported: (team: string, findings: number, tasks: number, duties: number) =>
      `「${team}」三张清单已导出：问题清单 ${findings} 条，任务清单 ${tasks} 项，责任清单 ${duties} 项。`,
    cluesIncluded: (n: number, withSubjects: boolean) =>
      `含问题线索 ${n} 条${withSubjects ? '' : '（线索对象仅在组长、巡察办导出时填写）'}，本次导出已记入审计日志。`,
    secret: '本文件为巡察工作材料，请按保密规定保管，不得转发到群聊。',
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
      `　完成率 ${percent(completed, total)}（已完成和已销号）；逾期 ${overdue} 项，逾期率 ${percent(overdue, total)}`,
    docs: (total: number, overdue: number, unreturned: number) => `调阅材料：共 ${total} 项；逾期未提供 ${overdue} 项；已提供未归还 ${unreturned} 项`,
  },
};

export const reportsEn: typeof reportsZh = {
  commands: {
    export: { usage: '/export', summary: 'the three lists (findings, tasks, responsibilities) as one Excel file, sent by direct message' },
    stats: { usage: '/stats', summary: 'counts of findings by unit, category and state; rectification completion and overdue rates; document requests' },
  },
  messages: {
    yes: 'yes',
    no: 'no',
    sheets: { findings: 'Findings', tasks: 'Tasks', duties: 'Responsibilities' },
    findingColumns: {
      ref: 'Ref', unit: 'Unit', category: 'Category', tags: 'Tags', source: 'Source', severity: 'Severity', state: 'State',
      text: 'Finding', author: 'Logged by', createdAt: 'Logged on', clue: 'Clue', subject: 'Clue subject',
      handoverTo: 'Handed over to', handoverAt: 'Handed over on',
    },
    taskColumns: {
      ref: 'Ref', finding: 'Finding', unit: 'Unit', measure: 'Measure', owner: 'Owner', due: 'Due',
      immediate: 'Fix at once', state: 'State', overdue: 'Overdue', daysOverdue: 'Days overdue', doneNote: 'Completion note',
      verifiedBy: 'Verified by', verifiedAt: 'Verified on', extensions: 'Extensions',
    },
    dutyColumns: { owner: 'Owner', unit: 'Unit', ref: 'Ref', measure: 'Measure', due: 'Due', state: 'State', overdue: 'Overdue' },
    extension: (at, from, to, reason) => `${at}: ${from} → ${to} (${reason})`,
    exported: (team, findings, tasks, duties) =>
      `The three lists of “${team}” are exported: ${findings} findings, ${tasks} tasks, ${duties} responsibility rows.`,
    cluesIncluded: (n, withSubjects) =>
      `${n} problem clue(s) included${withSubjects ? '' : ' (clue subjects only in exports by the leader or the office)'}; this export is recorded in the audit log.`,
    secret: 'This file is inspection material: keep it under the secrecy rules and never forward it to a group chat.',
    statsTitle: (team, today) => `Statistics of “${team}” (as of ${today})`,
    findingsTotal: (n) => `Findings: ${n}`,
    byUnit: (parts) => `  by unit: ${listEn(parts)}`,
    byCategory: (parts) => `  by category: ${listEn(parts)}`,
    byState: (parts) => `  by state: ${listEn(parts)}`,
    count: (label, n) => `${label} ${n}`,
    clues: (clues, handovers) => `Problem clues: ${clues}; handed over: ${handovers}`,
    rect: (total, open, done, verified) => `Rectification tasks: ${total}; open ${open}, done ${done}, verified ${verified}`,
    rectRates: (completed, overdue, total) =>
      `  completion rate ${percent(completed, total)} (done and verified); overdue ${overdue}, overdue rate ${percent(overdue, total)}`,
    docs: (total, overdue, unreturned) => `Document requests: ${total}; overdue ${overdue}; provided and not yet returned ${unreturned}`,
  },
};
