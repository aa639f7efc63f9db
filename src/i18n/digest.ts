/** Texts of the daily digest and the /digest commands, Chinese and English. */
import { argTexts, commandTexts, listZh as list, percent } from './texts.ts';

/** What the counts line says of tasks: the completion rate counts signed-off (销号) tasks only. */
type TaskCounts = { tasks: number; overdue: number; soon: number; awaiting: number; verified: number };
const taskCountsZh = (c: TaskCounts) =>
  `整改任务 ${c.tasks} 项（逾期 ${c.overdue}，即将到期 ${c.soon}，待销号 ${c.awaiting}，已销号 ${c.verified}；完成率 ${percent(c.verified, c.tasks)}，按销号计）`;
const taskCountsEn = (c: TaskCounts) =>
  `${c.tasks} tasks (${c.overdue} overdue, ${c.soon} due soon, ${c.awaiting} awaiting sign-off, ${c.verified} verified; completion ${percent(c.verified, c.tasks)}, signed off only)`;

export const digestZh = {
  summary: '每日提醒',
  commands: commandTexts({
    digest: { summary: '立即查看今天的每日提醒（与定时发送的内容相同）' },
    'digest time': { summary: '设置本组每日提醒的发送时间' },
    'digest off': { summary: '停发本组每日提醒' },
    'digest on': { summary: '恢复每日提醒；--quiet 表示无事项时不发“一切正常”' },
    'digest chart': { summary: '每周哪天的每日提醒附整改进度图（默认周一；「不发」停发）' },
  }),
  args: argTexts({
    time: { name: '时间', usage: 'HH:MM' },
    day: { name: '星期', usage: '周一…周日|不发' },
  }),
  messages: {
    title: (team: string, date: string) => `【每日提醒】巡察组「${team}」 · ${date}`,
    red: (days: number, n: number) => `🔴 逾期超过${days}天（${n}）`,
    orange: (n: number) => `🟠 已逾期（${n}）`,
    yellow: (days: number, n: number) => `🟡 ${days}天内到期（${n}）`,
    task: (ref: string, unit: string, owner: string, due: string, measure: string) => `  ${ref} ${unit} · ${owner} · 时限 ${due}：${measure}`,
    /** A task or request shown by its reference alone, where its audience may not read what it says. */
    bare: (ref: string) => `  ${ref}`,
    hidden: (n: number) => `  另有 ${n} 项只对有权查看的人显示。`,
    /** After the first lines of a long section: how many more, and the command that lists them all. */
    more: (n: number, command: string) => `  ……另有 ${n} 项，发送 ${command} 查看全部`,
    fullTitle: (team: string, date: string) => `【每日提醒 · 完整版】巡察组「${team}」 · ${date}（群内只显示编号和数量）`,
    overdueBy: (days: number) => `（逾期${days}天）`,
    dueIn: (days: number) => (days === 0 ? '（今天到期）' : `（还剩${days}天）`),
    docs: (n: number) => `📄 调阅材料（${n}）`,
    docOverdue: (ref: string, unit: string, what: string, due: string, days: number) => `  ${ref} ${unit} · ${what}，应于 ${due} 提供（逾期${days}天）`,
    docUnreturned: (ref: string, unit: string, what: string, end: string) => `  ${ref} ${unit} · ${what}，已提供待归还（巡察 ${end} 结束）`,
    lateResults: (n: number) => `⏳ 移交线索处置结果逾期未反馈（${n}）`,
    lateResult: (ref: string, to: string, handedOver: string, due: string, days: number) =>
      `  ${ref} ${handedOver} 移交${to}，应于 ${due} 前反馈（逾期${days}天）：/finding result ${ref} <处置结果>`,
    lateResultsCount: (n: number) => `⏳ 移交线索处置结果逾期未反馈：${n} 条（详情仅组长、副组长可见）`,
    milestones: '📅 时间节点',
    milestone: (date: string, name: string, days: number) => `  ${date} ${name}${days === 0 ? '（今天）' : `（还有${days}天）`}`,
    milestoneNames: {
      entry: '进驻', onsiteEnd: '驻点结束', end: '巡察结束', feedback: '反馈',
      planDue: '被巡察单位报送整改方案（示例时限，以本地规定为准）', reportDue: '被巡察单位报送整改情况报告（示例时限，以本地规定为准）',
    },
    immediateOpen: (n: number) => `⚡ 立行立改未完成：${n} 项`,
    unsigned: (names: string[]) => `✍ 尚未签订保密承诺：${list(names)}（/secrecy ack）`,
    counts: (c: TaskCounts & { clues: number; handedOver: number }, inGroup: boolean) =>
      `统计：${taskCountsZh(c)}；问题线索 ${c.clues} 条（其中已移交 ${c.handedOver} 条${inGroup ? '，详情不在群内显示' : ''}）`,
    taskCounts: (c: TaskCounts) => `统计：${taskCountsZh(c)}`,
    supervisorTitle: (team: string, date: string) => `【整改监督】巡察组「${team}」 · ${date}`,
    supervisorAllClear: (team: string, date: string) => `【整改监督】巡察组「${team}」 · ${date}\n✅ 今天没有逾期或即将到期的整改任务，也没有待报送的整改方案或报告。`,
    reports: '📮 被巡察单位待报送',
    report: (what: string, due: string, when: string, units: string[]) => `  ${what}：应于 ${due} 报送${when}：${list(units)}`,
    allClear: '✅ 今天没有逾期或即将到期的事项。',
    ownerTitle: (team: string, date: string) => `【你的整改任务】巡察组「${team}」 · ${date}`,
    escalationTitle: (team: string, days: number) => `【逾期督办】巡察组「${team}」以下整改任务已逾期超过${days}天：`,
    timeSet: (time: string) => `本组每日提醒改为每天 ${time} 发送。`,
    off: '本组每日提醒已停发。/digest on 可恢复。',
    on: (time: string, quiet: boolean) => `本组每日提醒已开启：每天 ${time}${quiet ? '，无事项时不发送' : ''}。`,
    chartDay: (day: string | undefined) => (day ? `本组整改进度图改为每${day}随每日提醒发送。` : '本组每日提醒不再附整改进度图。/digest chart 周一 可恢复。'),
    badTime: (input: string) => `看不懂时间「${input}」。请写成“时:分”，例如 08:30。`,
    badDay: (input: string) => `「${input}」不是星期几。请写周一至周日中的一天（如 /digest chart 周三），或「不发」停发进度图。`,
    undeclared: (names: string[]) => `🙋 尚未申报回避情况：${list(names)}（/recusal ack；有利害关系的请私聊我 /recusal declare）`,
    matters: (n: number) => `📨 待领导小组批示的请示报告（${n}）`,
    matter: (ref: string, urgent: boolean, text: string, date: string, days: number) => `  ${ref}${urgent ? '［紧急］' : ''}：${text}（${date} 报告，已 ${days} 天）`,
  },
};

export const digestEn: typeof digestZh = {
  summary: 'daily digest',
  commands: {
    digest: { summary: "today's digest now, as the daily one would be" },
    'digest time': { summary: "the team's daily digest time" },
    'digest off': { summary: "stop the team's daily digest" },
    'digest on': { summary: 'resume the daily digest; --quiet sends nothing on an all-clear day' },
    'digest chart': { summary: "the weekday whose digest carries the team's chart (Monday unless set; 不发 for none)" },
  },
  args: {
    time: { name: 'the time', usage: 'HH:MM' },
    day: { name: 'the weekday', usage: '周一…周日|不发' },
  },
  messages: {
    title: (team, date) => `[Daily digest] Team “${team}” · ${date}`,
    red: (days, n) => `🔴 Overdue more than ${days} days (${n})`,
    orange: (n) => `🟠 Overdue (${n})`,
    yellow: (days, n) => `🟡 Due within ${days} days (${n})`,
    task: (ref, unit, owner, due, measure) => `  ${ref} ${unit} · ${owner} · due ${due}: ${measure}`,
    bare: (ref) => `  ${ref}`,
    hidden: (n) => `  ${n} more, shown only to those who may read ${n === 1 ? 'it' : 'them'}.`,
    more: (n, command) => `  … and ${n} more: ${command} lists them all`,
    fullTitle: (team, date) => `[Daily digest, in full] Team “${team}” · ${date} (the group sees references and counts only)`,
    overdueBy: (days) => ` (${days} days overdue)`,
    dueIn: (days) => (days === 0 ? ' (due today)' : ` (${days} days left)`),
    docs: (n) => `📄 Document requests (${n})`,
    docOverdue: (ref, unit, what, due, days) => `  ${ref} ${unit} · ${what}, due ${due} (${days} days overdue)`,
    docUnreturned: (ref, unit, what, end) => `  ${ref} ${unit} · ${what}, delivered, not yet returned (round ends ${end})`,
    lateResults: (n) => `⏳ Handed-over clues whose result is overdue (${n})`,
    lateResult: (ref, to, handedOver, due, days) => `  ${ref} handed over to ${to} on ${handedOver}, result due ${due} (${days} days overdue): /finding result ${ref} <result>`,
    lateResultsCount: (n) => `⏳ Handed-over clues whose result is overdue: ${n} (details for the leader and deputies only)`,
    milestones: '📅 Milestones',
    milestone: (date, name, days) => `  ${date} ${name}${days === 0 ? ' (today)' : ` (in ${days} days)`}`,
    milestoneNames: {
      entry: 'entry', onsiteEnd: 'end of on-site work', end: 'end of the round', feedback: 'feedback',
      planDue: "the unit's rectification plan is due (example span; local rules prevail)",
      reportDue: "the unit's rectification report is due (example span; local rules prevail)",
    },
    immediateOpen: (n) => `⚡ Fix-at-once tasks still open: ${n}`,
    unsigned: (names) => `✍ Not yet signed the confidentiality pledge: ${names.join(', ')} (/secrecy ack)`,
    counts: (c, inGroup) => `Counts: ${taskCountsEn(c)}; ${c.clues} problem clues (${c.handedOver} of them handed over${inGroup ? '; details never in the group' : ''})`,
    taskCounts: (c) => `Counts: ${taskCountsEn(c)}`,
    supervisorTitle: (team, date) => `[Rectification supervision] Team “${team}” · ${date}`,
    supervisorAllClear: (team, date) => `[Rectification supervision] Team “${team}” · ${date}\n✅ No task overdue or due soon, and no plan or report awaited.`,
    reports: '📮 Awaited from the inspected units',
    report: (what, due, when, units) => `  ${what}: due ${due}${when}: ${units.join(', ')}`,
    allClear: '✅ Nothing overdue or due soon today.',
    ownerTitle: (team, date) => `[Your rectification tasks] Team “${team}” · ${date}`,
    escalationTitle: (team, days) => `[Escalation] Team “${team}”: these tasks are more than ${days} days overdue:`,
    timeSet: (time) => `The team's daily digest now goes out at ${time}.`,
    off: "The team's daily digest is off. /digest on turns it back on.",
    on: (time, quiet) => `The daily digest is on: every day at ${time}${quiet ? ', nothing on an all-clear day' : ''}.`,
    chartDay: (day) => (day ? `The team's chart now comes with the digest every ${day}.` : 'The digest no longer carries the chart. /digest chart 周一 brings it back.'),
    badTime: (input) => `Cannot read the time “${input}”. Write it as HH:MM, e.g. 08:30.`,
    badDay: (input) => `“${input}” is not a day of the week. Give one of 周一 to 周日 (e.g. /digest chart 周三), or 不发 for no chart.`,
    undeclared: (names) => `🙋 Not yet declared on conflicts of interest: ${names.join(', ')} (/recusal ack; a conflict privately with /recusal declare)`,
    matters: (n) => `📨 Important matters awaiting the leading group's instruction (${n})`,
    matter: (ref, urgent, text, date, days) => `  ${ref}${urgent ? ' [urgent]' : ''}: ${text} (reported ${date}, ${days} day${days === 1 ? '' : 's'} ago)`,
  },
};
