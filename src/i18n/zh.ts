import type { FormField } from '../forms.ts';
import { argTexts, listZh as list, type Lang } from './texts.ts';
import { rectifyZh } from './rectify.ts';
import { docsZh } from './docs.ts';
import { secrecyZh } from './secrecy.ts';
import { digestZh } from './digest.ts';
import { exportZh } from './export.ts';
import { statsZh } from './stats.ts';
import { helpZh } from './help.ts';
import { teamZh } from './team.ts';
import { findingZh } from './finding.ts';
import { ruleZh } from './rule.ts';
import { auditZh } from './audit.ts';
import { reportZh } from './report.ts';
import { recusalZh } from './recusal.ts';
import { chartZh } from './chart.ts';
import { overviewZh } from './overview.ts';

/** Chinese messages, the default. Every user-facing sentence lives here or in its English twin. */

const noFamilies: Readonly<Record<string, string>> = {};

/** Alternatives as one says them: 组长、副组长或组员. */
const either = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join('、')}或${items.at(-1)}`);

export const zh = {
  // Widened: the English catalog is typed against this one.
  lang: 'zh' as Lang,
  list,
  /** The one separator between the fields of a line (城关镇 · 作风建设 · 一般) and the marks of a reference (草稿 · 线索). */
  sep: ' · ',
  roles: { admin: '巡察办', leader: '组长', deputy: '副组长', member: '组员', liaison: '联络员', supervisor: '监督', owner: '整改责任人', author: '经办人' },
  findingStates: { draft: '草稿', reviewed: '已复核', confirmed: '已审签', handedOver: '已移交', received: '已签收' },
  handoverTargets: { 纪委监委: '纪委监委', 组织部: '组织部', 单位: '被巡察单位党组织主要负责人' },
  fieldNames: {
    text: '问题描述', unit: '单位', category: '类别', source: '来源', severity: '严重程度', tags: '标签',
    state: '状态', clue: '问题线索', period: '巡察期间', chat: '绑定聊天',
    evidence: '证据材料', basis: '定性依据', receipt: '签收', result: '处置结果',
  },
  /** The parameters every family shares: a unit, a person, a reference to a record. */
  args: argTexts({
    unit: { name: '单位', field: '被巡察单位' },
    user: { name: '用户' },
    finding: { name: '编号', usage: 'F编号', field: '对应问题' },
    task: { name: '编号', usage: 'R编号' },
    doc: { name: '编号', usage: 'D编号' },
  }),
  /** Each command family in one line, by name: made by the bot from its commands' texts (Telegram's menu). */
  families: noFamilies,
  help: helpZh.messages,
  team: teamZh.messages,
  finding: findingZh.messages,
  rectify: rectifyZh.messages,
  docs: docsZh.messages,
  secrecy: secrecyZh.messages,
  digest: digestZh.messages,
  rule: ruleZh.messages,
  export: exportZh.messages,
  stats: statsZh.messages,
  audit: auditZh.messages,
  report: reportZh.messages,
  recusal: recusalZh.messages,
  overview: overviewZh.messages,
  chart: chartZh,

  history: {
    title: '修改历史：',
    line: (at: string, who: string, field: string, from?: string, to?: string) =>
      `· ${at} ${who}：${field}${from !== undefined ? ` ${from}` : ''}${to !== undefined ? ` → ${to}` : ''}`,
  },
  forms: { submit: '提交', cancel: '取消' },
  /** A create repeated within minutes (a retry after a lost reply, a delivery made twice): the record made then. */
  repeated: (ref: string, at: string) => `${ref} 已于 ${at} 保存，与这次完全相同：没有重复保存。`,
  /** A working-day deadline counted over a year whose official holidays are not loaded. */
  calendarUncovered: (years: number[]) => `注意：${years.join('、')}年的法定节假日安排尚未载入，工作日暂按周一至周五计算（巡察办可用 XC_HOLIDAYS 载入）。`,
  /** One line per command family: Telegram's command menu, Slack's command list. */
  telegram: {
    openPrivate: (name: string) => `${name}，这条回复只能私聊给你：请先点下面的按钮打开与我的私聊，然后再发一次命令。`,
    openPrivateButton: '打开私聊',
    start: '你好，我是巡察助手。发送 /help 查看你可用的命令。',
  },
  dialogue: {
    step: (title: string, i: number, n: number, label: string) => `${title}（${i}/${n}）\n${label}：`,
    typeHint: { text: '直接回复文字', longText: '直接回复文字', select: '点选一项，或直接回复', date: '例如 2026-12-31、12月31日、明天、15工作日', user: '例如 @用户名', flag: '点选' } satisfies Record<FormField['kind'], string>,
    skip: '跳过', cancel: '取消', yes: '是', no: '否',
    typed: (optional: boolean) => `请直接回复这条消息${optional ? '（回复“跳过”可略过）' : ''}；发送 /cancel 取消。`,
    cancelled: '已取消，没有保存任何内容。',
    none: '现在没有进行中的填写。',
    retry: (error: string) => `${error}\n请重新填写：`,
    inPrivate: (name: string, title: string) => `${name}，「${title}」请在与我的私聊中填写。`,
    /** Said before the first question of a form that took the place of one still open. */
    replaced: (title: string) => `之前未填完的「${title}」已被替换，没有保存。`,
  },
  actions: { review: '复核', confirm: '审签', show: '查看', verify: '销号' },
  errors: {
    unknownCommand: (cmd: string, meant?: string) => `没有 /${cmd} 这个命令。${meant ? `你是不是想用 /${meant}？` : '发送 /help 查看全部命令。'}`,
    /** `typed`: the subcommand as typed, none when the family was sent alone; `meant`: the nearest of the family's. */
    unknownSub: (family: string, typed: string | undefined, meant: string | undefined, usages: string[]) =>
      `${typed === undefined ? `/${family} 后面要跟子命令。` : `没有 /${family} ${typed} 这个子命令。`}${meant ? `你是不是想用 /${family} ${meant}？` : '请按下列用法之一发送。'}\n/${family} 的用法：\n${usages.join('\n')}`,
    unknownOption: (name: string, meant?: string) => `不认识选项 --${name}。${meant ? `你是不是想用 --${meant}？` : '请对照下面的用法改正。'}`,
    missingValue: (name: string) => `选项 --${name} 后面缺少值。请在 --${name} 后面写上内容，含空格的请加引号。`,
    repeatedOption: (name: string) => `选项 --${name} 重复了。每个选项只写一次，请删去多余的。`,
    tooMany: (extra: string) => `多余的参数：${extra}。请删去多余的词；含空格的值请加引号。`,
    missingArg: (label: string) => `缺少${label}。请按下面的用法补上。`,
    tooLong: (label: string, max: number) => `${label}太长：最多 ${max} 个字符。请删减后再发。`,
    emptyArg: (label: string) => `${label}不能为空。请写上${label}。`,
    /** `--unit ""`: an option given with nothing in it. */
    emptyOption: (name: string, label: string, optional: boolean) => `--${name} 不能为空。请在 --${name} 后面写上${label}${optional ? `，或去掉 --${name}` : ''}。`,
    /** A value the parameter cannot take, as typed; `what` is the option (--unit) or what the word is (问题描述). */
    invalidArg: (what: string, typed: string) => `${what}不能是「${typed}」。请对照下面的用法改正。`,
    /** `--page -1`, `--page abc`. */
    badNumber: (label: string, name: string, typed: string) => `${label}须是从 1 起的整数，「${typed}」不是。请改用 1 起的整数，例如 --${name} 2。`,
    /** `--page 99` past the last page. */
    noSuchPage: (page: number, pages: number) =>
      pages === 1 ? `没有第 ${page} 页：这份清单只有 1 页。请去掉 --page 再发一次。` : `没有第 ${page} 页：这份清单共 ${pages} 页。请用 --page 1 到 --page ${pages}。`,
    usage: (usage: string) => `用法：${usage}`,
    /** A command that only the office (巡察办, XC_ADMINS) may run, asked by someone else. */
    officeCommand: (command: string) => `只有巡察办可以使用 /${command}，你不在巡察办名单中。请联系巡察办办理。`,
    /** Leaders, deputies and supervisors are appointed by the office, not by the team's leader. */
    officeAppoints: (role: string) => `${role}由巡察办任命或移除。请联系巡察办办理。`,
    /** `yours`: the asker's role in the team, none for someone not on it (who is not told the team's name either). */
    needRole: (roles: string[], yours?: string) =>
      `需要以下角色之一：${list(roles)}${yours ? `（你的角色：${yours}）。请由${either(roles)}办理。` : '（你不是本组成员）。如需加入，请联系组长或巡察办。'}`,
    notBound: '本群未绑定巡察组，不显示巡察组数据。巡察办可用 /team create <组名> 或 /team bind <组名> 绑定。',
    groupOnly: '这个命令只能在群聊中使用。请到巡察组的群聊中再发一次。',
    noTeamInDm: '你还不是任何巡察组的成员。请联系组长或巡察办把你加入巡察组。',
    severalTeams: (names: string[]) => `你属于多个巡察组：${list(names)}。请加上 --team <组名> 指明是哪一个。`,
    unknownTeam: (name: string) => `没有名为「${name}」的巡察组。请检查组名是否写对。`,
    teamOptionInGroup: '--team 只能在私聊中使用。在群里请去掉 --team：命令作用于本群绑定的巡察组。',
    teamExists: (name: string) => `已有名为「${name}」的巡察组。如要把本群绑定到它，请用 /team bind ${name}。`,
    chatBound: (name: string) => `本群已绑定巡察组「${name}」，一个群只能绑定一个巡察组。如需另建巡察组，请在另一个群中发送 /team create <组名>。`,
    unknownUser: (token: string) => `找不到用户「${token}」。请用 @ 点选对方，或写其平台账号，例如 telegram:12345。`,
    unknownRole: (input: string) => `没有「${input}」这个角色。请从组长、副组长、组员、联络员、监督中选一个。`,
    liaisonNeedsUnit: '联络员须指定所在单位。请加上 --unit <单位>，例如 --unit 城关镇。',
    unitOnlyForLiaison: '--unit 只用于联络员。添加其他角色时请去掉 --unit。',
    roleSwitch: (who: string, from: string, to: string) =>
      `${who} 现为${from}：联络员与巡察组成员之间、不同单位的联络员之间都不能直接改为${to}。如确需调整，请先 /team remove ${who}（留有记录），再重新添加。`,
    liaisonElsewhere: (who: string, unit: string, team: string) =>
      `${who} 是巡察组「${team}」中${unit}的联络员：被巡察单位的联络员不能成为巡察该单位的巡察组成员。请改选他人。`,
    inspectorElsewhere: (who: string, team: string, unit: string) => `${who} 是巡察组「${team}」的成员，该组巡察${unit}：不能同时担任${unit}的联络员。请改选他人。`,
    notMember: (who: string) => `${who} 不是本组成员。请发送 /team 查看本组成员。`,
    unitExists: (unit: string) => `已有被巡察单位「${unit}」，无需重复添加。发送 /team 可查看全部单位。`,
    unknownUnit: (input: string, units: string[]) =>
      `没有被巡察单位「${input}」。${units.length ? `请从以下单位中选：${list(units)}。` : '请先用 /team unit add <单位> 添加。'}`,
    badDate: (input: string) => `看不懂日期「${input}」。请写成 2026-12-31、12-31、12月31日、明天、+7d、7天后 或 15个工作日 这样的形式。`,
    /** 2026-02-30: `year` when it was typed or is implied, else the month alone (4月31日). */
    noSuchDay: (year: number | undefined, month: number, day: number, last: number) =>
      `${year === undefined ? '' : `${year}年`}${month}月没有${day}日。请检查日期：${year === undefined ? `${month}月最多${last}日` : `${month}月最后一天是${last}日`}。`,
    /** +9999d, 9999-12-31: further from today than any real date of the work. */
    dateTooFar: (input: string, years: number) => `日期「${input}」离今天超过 ${years} 年。请写 ${years} 年之内的日期，例如 +30d 或 12月31日。`,
    /** A deadline (整改时限, 调阅期限) before today. */
    dueInPast: (due: string, today: string) => `期限 ${due} 早于今天（${today}）。请给出今天或以后的日期，例如 +7d 或 15个工作日。`,
    outsidePeriod: (date: string, entry: string, end: string) => `驻点结束日期 ${date} 不在巡察期间 ${entry} 至 ${end} 内。请改为这期间内的日期。`,
    feedbackBeforeEntry: (date: string, entry: string) => `反馈日期 ${date} 早于进驻日期 ${entry}。请改为进驻之后的日期。`,
    endBeforeEntry: (entry: string, end: string) => `结束日期 ${end} 早于进驻日期 ${entry}。请检查两个日期的先后。`,
    notOneOf: (what: string, input: string, options: readonly string[]) => `${what} 没有「${input}」这一项。请从以下选一个：${list(options)}。`,
    badRef: (input: string, example: string) => `「${input}」不是有效编号。请写成 ${example} 这样的编号。`,
    /** `list`: the command that lists the records of that kind. */
    unknownRef: (ref: string, list: string) => `本组没有 ${ref}。请用 ${list} 查看现有编号。`,
    nothingToChange: '没有要修改的内容。请至少给出一个要改的选项，例如 --unit <单位>。',
    notDraft: (ref: string, state: string) => `${ref} 当前状态为${state}，只有草稿可以复核。请用 /finding show ${ref} 查看它的进展。`,
    subjectOnlyInDm: '被反映人及其职务只能在与我的私聊中填写。请在私聊中发送 /finding clue <F编号> --subject <被反映人> --post <职务>。',
    reportedInFuture: (date: string, today: string) => `报告领导小组的日期 ${date} 晚于今天（${today}）。请先报告，再登记移交。`,
    handover: {
      notReported: (ref: string) => `${ref} 是问题线索，须先向巡察工作领导小组报告，再移交。请用 --reported <日期> 写明报告日期。`,
      importantClue: (ref: string) => `${ref} 是重要问题线索，不移交被巡察单位。请移交纪委监委（--to 纪委监委；选人用人类移交组织部）。`,
      selectionOnly: (ref: string) => `组织部只接收选人用人方面的问题和线索，${ref} 没有“选人用人”标签。如属选人用人问题，请先用 /finding edit ${ref} --tag 选人用人 加上标签。`,
      leadershipToUnit: (ref: string) => `${ref} 的被反映人是被巡察单位的主要负责人或班子成员，这条线索不能移交该单位。请移交纪委监委或组织部。`,
      postUnknown: (ref: string) => `${ref} 尚未登记被反映人的职务，无法确认其不属于单位领导班子。请先在与我的私聊中发送 /finding clue ${ref} --post 其他，再移交单位。`,
    },
    handoverNeedsConfirmed: (ref: string, state: string) => `${ref} 当前状态为${state}，尚不能移交。请先复核（/finding review ${ref}），再由组长审签（/finding confirm ${ref}）。`,
    unknownRule: (id: string) => `没有编号为「${id}」的规定。发送 /rule 查看分类。`,
    unknownHelpTopic: (topic: string, meant?: string) => `没有「${topic}」这个命令。${meant ? `你是不是想看 /help ${meant}？` : '发送 /help 查看全部命令。'}`,
    chartFailed: '（图表暂时无法生成，数字以上文为准；稍后再发一次即可。）',
    internal: '处理时出错了，已记录日志，请稍后再试。',
    /** The store's faults, one sentence each: what happened to the command, and what to do. */
    store: {
      STORE_UNAVAILABLE: '存储暂时无法访问：这条命令没有保存。请一分钟后再试；若一直如此，请通知管理员。',
      STORE_TIMEOUT: '存储没有及时响应：这条命令是否已保存无法确认。请一分钟后原样再发一次：已保存的不会重复保存。',
      STORE_FULL: '存储所在磁盘已满：这条命令没有保存。请通知管理员清理磁盘。',
      STORE_READONLY: '存储处于只读状态：这条命令没有保存。请通知管理员。',
      STORE_CONFLICT: '保存时发现这期间另一处已修改同一数据：这条命令没有保存，请再试一次。',
      STORE_BUSY: '数据正被另一条命令占用：这条命令没有保存，请稍后再试。',
    },
    withheld: '这条回复涉及你无权查看的内容，没有发出。如确需查看，请联系组长或巡察办。',
    redelivered: '这条消息已经处理过（平台又送了一次），没有再执行。',
    unboundChat: '这是人与人之间的私聊，不显示也不绑定巡察组数据：请在巡察组的群聊中，或在与我的私聊中使用。',
    officeOnly: '这条命令汇总各巡察组的情况，只供巡察办使用。如需了解，请联系巡察办。',
    supervisorFrom: (date: string) => `整改监督自反馈之日起开始。${date} 起你可以查看本组的整改任务并记录回头看，届时请再发送。`,
    supervisorNoFeedback: '整改监督自反馈之日起开始，本组尚未确定反馈日期。确定后（/team period … --feedback <日期>）即可查看本组的整改任务。',
  },
};

export type Messages = typeof zh;
