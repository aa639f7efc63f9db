/** Texts of /export (the three lists as one workbook), Chinese and English. */
import { argTexts, commandTexts, percent } from './texts.ts';

export const exportZh = {
  summary: '导出三张清单',
  commands: commandTexts({
    export: { summary: '导出三张清单（问题清单、任务清单、责任清单）为一个 Excel 文件，私信发送' },
  }),
  args: argTexts({}),
  messages: {
    yes: '是',
    no: '否',
    sheets: { findings: '问题清单', tasks: '任务清单', duties: '责任清单', handovers: '移交台账' },
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
    handoverColumns: {
      ref: '编号', unit: '被巡察单位', to: '移交对象', reported: '报告领导小组日期', handedOver: '移交日期', receipt: '签收',
      result: '处置结果', due: '反馈期限', overdue: '是否逾期',
    },
    extension: (at: string, from: string, to: string, reason: string) => `${at}：${from} → ${to}（${reason}）`,
    dated: (what: string, date: string) => `${what}（${date}）`,
    exported: (team: string, findings: number, tasks: number, duties: number) =>
      `「${team}」三张清单已导出：问题清单 ${findings} 条，任务清单 ${tasks} 项，责任清单 ${duties} 项。`,
    completion: (verified: number, total: number) => `整改完成率 ${percent(verified, total)}（已销号 ${verified} 项，共 ${total} 项；报告完成待销号的不计）。`,
    cluesIncluded: (n: number, withSubjects: boolean) =>
      `含问题线索 ${n} 条${withSubjects ? '' : '（线索对象仅在组长、巡察办导出时填写）'}，本次导出已记入审计日志。`,
    registerIncluded: (n: number) => `另附移交台账 ${n} 条（仅组长、巡察办导出时包含）。`,
    secret: '本文件为巡察工作材料，请按保密规定保管，不得转发到群聊。',
  },
};

export const exportEn: typeof exportZh = {
  summary: 'export the three lists',
  commands: {
    export: { summary: 'the three lists (findings, tasks, responsibilities) as one Excel file, sent by direct message' },
  },
  args: {},
  messages: {
    yes: 'yes',
    no: 'no',
    sheets: { findings: 'Findings', tasks: 'Tasks', duties: 'Responsibilities', handovers: 'Handovers' },
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
    handoverColumns: {
      ref: 'Ref', unit: 'Unit', to: 'Handed over to', reported: 'Reported to the leading group', handedOver: 'Handed over on', receipt: 'Signed for',
      result: 'Result', due: 'Result due', overdue: 'Overdue',
    },
    extension: (at, from, to, reason) => `${at}: ${from} → ${to} (${reason})`,
    dated: (what, date) => `${what} (${date})`,
    exported: (team, findings, tasks, duties) =>
      `The three lists of “${team}” are exported: ${findings} findings, ${tasks} tasks, ${duties} responsibility rows.`,
    completion: (verified, total) => `Completion rate ${percent(verified, total)} (${verified} of ${total} tasks signed off; reported done does not count yet).`,
    cluesIncluded: (n, withSubjects) =>
      `${n} problem clue(s) included${withSubjects ? '' : ' (clue subjects only in exports by the leader or the office)'}; this export is recorded in the audit log.`,
    registerIncluded: (n) => `With the handover register: ${n} handover(s) (only in exports by the leader or the office).`,
    secret: 'This file is inspection material: keep it under the secrecy rules and never forward it to a group chat.',
  },
};
