/** Texts of the audit command, Chinese and English. */
import type { ActionWords } from '../audit.ts';
import { argTexts, commandTexts } from './texts.ts';

export const auditZh = {
  summary: '审计日志',
  commands: commandTexts({
    audit: {
      summary: '审计日志：谁在何时查看或修改了什么（含查看问题线索），最新在前，仅本人可见',
    },
  }),
  args: argTexts({
    ref: { name: '编号' },
    days: { usage: '天数' },
    page: { name: '页码' },
  }),
  messages: {
    /** What each recorded action means, per subject (src/audit.ts); an action not listed shows as recorded. */
    actions: {
      team: {
        'team-create': '新建巡察组',
        'team-bind': '绑定群聊',
        'member-add': '添加成员',
        'member-role': '变更成员角色',
        'member-remove': '移除成员',
        'member-identity': '以本人账号认领',
        'unit-add': '添加被巡察单位',
        period: '设置巡察期间',
        digest: '设置每日提醒',
        pledge: '签订保密承诺',
      },
      finding: {
        'finding-add': '登记问题',
        edit: '修改问题',
        confirm: '审签问题底稿',
        'flag-clue': '标记为问题线索',
        handover: '登记移交',
        'read-clue': '查看问题线索',
        export: '导出（含问题线索）',
        review: '复核问题底稿',
        receipt: '登记移交签收',
        result: '登记线索处置结果',
      },
      task: {
        create: '建立整改任务',
        progress: '记录整改进展',
        done: '报告整改完成',
        verify: '销号',
        reopen: '退回整改',
        extend: '延期',
        followup: '记录回头看',
        'member-identity': '以本人账号认领',
        'read-clue': '查看问题线索',
        export: '导出（含问题线索）',
      },
      doc: {
        request: '发起调阅',
        provided: '登记材料已提供',
        returned: '登记材料已归还',
      },
    } satisfies ActionWords,
    title: (n: number, page: number, pages: number) => `审计日志：共 ${n} 条（第 ${page}/${pages} 页，仅你可见）`,
    filters: (parts: string[]) => `筛选：${parts.join('；')}`,
    byRef: (ref: string) => `编号 ${ref}`,
    byUser: (who: string) => `用户 ${who}`,
    byDays: (days: number, since: string) => `最近 ${days} 天（${since} 起）`,
    line: (at: string, who: string, action: string, ref: string, field?: string) => `${[at, who, action, ref].filter(Boolean).join(' ')}${field ? `（${field}）` : ''}`,
    none: '审计日志中没有符合条件的记录。',
    nextPage: (page: number) => `下一页：/audit --page ${page}`,
    badRef: (input: string) => `「${input}」不是有效编号：--ref 须带前缀，例如 F-3（问题）、R-2（整改任务）、D-1（调阅材料）。`,
    badDays: (input: string) => `--days 须为 1 到 3650 之间的整数天数，例如 --days 7；「${input}」不行。`,
    unknownUser: (token: string) => `找不到用户「${token}」：不是本组成员（含已移除的），审计日志中也没有其记录。`,
  },
};

export const auditEn: typeof auditZh = {
  summary: 'audit log',
  commands: {
    audit: {
      summary: 'the audit log: who read or changed what, and when (clue reads included), newest first, shown only to you',
    },
  },
  args: {
    ref: { name: 'the reference', usage: 'ref' },
    days: { usage: 'days' },
    page: { name: 'the page', usage: 'page' },
  },
  messages: {
    actions: {
      team: {
        'team-create': 'created the team',
        'team-bind': 'bound a chat',
        'member-add': 'added a member',
        'member-role': "changed a member's role",
        'member-remove': 'removed a member',
        'member-identity': 'claimed their account',
        'unit-add': 'added an inspected unit',
        period: 'set the round dates',
        digest: 'set the daily digest',
        pledge: 'signed the confidentiality pledge',
      },
      finding: {
        'finding-add': 'logged the finding',
        edit: 'edited the finding',
        confirm: 'confirmed the finding',
        'flag-clue': 'flagged as a clue',
        handover: 'recorded the handover',
        'read-clue': 'read the clue',
        export: 'exported (with clues)',
        review: 'reviewed the finding',
        receipt: 'recorded the receipt of the handover',
        result: "recorded the clue's result",
      },
      task: {
        create: 'created the task',
        progress: 'noted progress',
        done: 'reported done',
        verify: 'signed off',
        reopen: 'reopened',
        extend: 'extended the deadline',
        followup: 'recorded a follow-up',
        'member-identity': 'claimed their account',
        'read-clue': 'read the clue',
        export: 'exported (with clues)',
      },
      doc: {
        request: 'requested the documents',
        provided: 'recorded the documents as provided',
        returned: 'recorded the documents as returned',
      },
    },
    title: (n, page, pages) => `Audit log: ${n} entr${n === 1 ? 'y' : 'ies'} (page ${page}/${pages}, shown only to you)`,
    filters: (parts) => `Filters: ${parts.join('; ')}`,
    byRef: (ref) => `reference ${ref}`,
    byUser: (who) => `user ${who}`,
    byDays: (days, since) => `last ${days} day${days === 1 ? '' : 's'} (since ${since})`,
    line: (at, who, action, ref, field) => `${[at, who, action, ref].filter(Boolean).join(' ')}${field ? ` (${field})` : ''}`,
    none: 'No audit entries match.',
    nextPage: (page) => `Next page: /audit --page ${page}`,
    badRef: (input) => `“${input}” is not a reference: --ref needs its prefix, e.g. F-3 (finding), R-2 (task), D-1 (document request).`,
    badDays: (input) => `--days takes a whole number of days from 1 to 3650, e.g. --days 7; not “${input}”.`,
    unknownUser: (token) => `Unknown user “${token}”: not a member of this team (past or present), and not in the audit log.`,
  },
};
