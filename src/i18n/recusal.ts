/** Texts of the /recusal commands (回避), Chinese and English. */
import { argTexts, commandTexts, listEn, listZh } from './texts.ts';

export const recusalZh = {
  summary: '回避申报',
  commands: commandTexts({
    'recusal ack': { summary: '申报本轮与被巡察单位无利害关系、无须回避' },
    'recusal declare': {
      summary: '申报与某被巡察单位存在利害关系须回避，写明理由；只能在与我的私聊中申报；私信通知组长和巡察办，此后不能登记、修改或查看该单位的问题',
    },
    'recusal status': { summary: '回避申报情况：谁申报了什么、谁尚未申报（含理由，仅本人可见）' },
  }),
  args: argTexts({
    reason: { name: '回避理由', usage: '理由' },
  }),
  messages: {
    noConflict: (round: string, units: string[], conflicts: string[]) =>
      `已申报：本轮（进驻 ${round}）与${listZh(units)}无利害关系，无须回避。${conflicts.length ? `（已申报回避：${listZh(conflicts)}）` : ''}`,
    alreadyNoConflict: (date: string, units: string[]) => `你已于 ${date} 申报与${listZh(units)}无利害关系，无须重复申报。`,
    declared: (unit: string, told: string[]) =>
      `已登记回避：你与「${unit}」存在利害关系。自即日起你不能登记、修改或查看该单位的问题。${told.length ? `已私信通知：${listZh(told)}。` : ''}理由仅组长、副组长和巡察办可见。`,
    notice: (team: string, who: string, unit: string, date: string, reason: string) =>
      `【回避申报】巡察组「${team}」${who} 于 ${date} 申报与「${unit}」存在利害关系，须回避。\n理由：${reason}\n此后 ${who} 不能登记、修改或查看该单位的问题；如需调整分工请及时安排。`,
    onlyInDm: '回避理由涉及个人情况，只能在与我的私聊中申报。请私聊我发送 /recusal declare --unit <单位> <理由>。',
    noPeriod: '本组尚未设置巡察期间，回避按轮次申报。请先用 /team period <进驻日期> <结束日期> 设置。',
    noUnits: '本组尚未添加被巡察单位，暂无须申报。请在添加单位（/team unit add <单位>）后再申报。',
    allConflicted: '你已申报与本轮全部被巡察单位存在利害关系，没有可申报无利害关系的单位。无需再发送 /recusal ack。',
    alreadyConflict: (unit: string, date: string) => `你已于 ${date} 申报与「${unit}」回避，无须重复申报。`,
    ownerRecused: (who: string, unit: string) => `${who} 已申报与「${unit}」存在利害关系（回避），不能担任该单位问题的整改责任人。请另选责任人。`,
    recused: (unit: string) => `你已申报与「${unit}」存在利害关系（回避），不能登记、修改或查看该单位的问题。请交由未回避的组员办理。`,
    recusedHidden: (units: string[]) => `你已申报回避的单位（${listZh(units)}）的问题不在此显示。`,
    noExport: (units: string[]) => `你已申报与${listZh(units)}回避，导出文件包含该单位的问题，不能由你导出。请由组长、副组长或巡察办中未回避的人导出。`,
    statusTitle: (round: string | undefined, declared: number, total: number) =>
      `${round ? `本轮（进驻 ${round}）` : ''}回避申报：已申报 ${declared}/${total} 人（仅你可见）`,
    conflictsTitle: '申报回避：',
    conflict: (who: string, unit: string, date: string, reason: string) => `· ${who}：「${unit}」（${date}）理由：${reason}`,
    noConflictLine: (people: string[]) => `无利害关系：${people.length ? listZh(people) : '无'}`,
    person: (name: string, date: string) => `${name}（${date}）`,
    undeclaredLine: (people: string[]) => `未申报：${people.length ? listZh(people) : '无'}`,
    undeclaredPerson: (name: string, units: string[]) => `${name}（${listZh(units)}）`,
  },
};

export const recusalEn: typeof recusalZh = {
  summary: 'conflict-of-interest declarations (回避)',
  commands: {
    'recusal ack': { summary: "declare no conflict of interest with this round's units" },
    'recusal declare': {
      summary: "declare a conflict of interest with a unit, with the reason; only in a direct message with me; the leader and the office are told, and from then on you may not add, edit or read that unit's findings",
    },
    'recusal status': { summary: 'who declared what, and who has not declared (reasons included, shown only to you)' },
  },
  args: {
    reason: { name: 'the reason', usage: 'reason' },
  },
  messages: {
    noConflict: (round, units, conflicts) =>
      `Declared: no conflict of interest with ${listEn(units)} this round (entry ${round}).${conflicts.length ? ` (Conflict declared: ${listEn(conflicts)}.)` : ''}`,
    alreadyNoConflict: (date, units) => `You declared no conflict with ${listEn(units)} on ${date}; nothing to do.`,
    declared: (unit, told) =>
      `Conflict of interest with ${unit} recorded. From now on you may not add, edit or read that unit's findings.${told.length ? ` Told by direct message: ${listEn(told)}.` : ''} Only the leader, deputies and the office see the reason.`,
    notice: (team, who, unit, date, reason) =>
      `[Conflict of interest] ${team}: ${who} declared a conflict with ${unit} on ${date}.\nReason: ${reason}\nFrom now on ${who} may not add, edit or read that unit's findings; rearrange the work if needed.`,
    onlyInDm: 'The reason is personal: declare a conflict only in a direct message with me: /recusal declare --unit <unit> <reason>.',
    noPeriod: "The team's period is not set, and declarations are made per round: set it first with /team period <entry date> <end date>.",
    noUnits: 'The team has no inspected units yet: nothing to declare until one is added (/team unit add <unit>).',
    allConflicted: 'You declared a conflict with every unit of this round: there is no unit left to declare no conflict with. There is no need to send /recusal ack.',
    alreadyConflict: (unit, date) => `You declared a conflict with ${unit} on ${date}; nothing to do.`,
    ownerRecused: (who, unit) => `${who} declared a conflict of interest with ${unit} and may not own a task on its findings: choose another owner.`,
    recused: (unit) => `You declared a conflict of interest with ${unit}: you may not add, edit or read its findings. Leave it to a member without a conflict.`,
    recusedHidden: (units) => `Findings of the units you declared a conflict with (${listEn(units)}) are not shown.`,
    noExport: (units) => `You declared a conflict with ${listEn(units)}, and the workbook holds its findings: ask a leader, deputy or the office without a conflict to export it.`,
    statusTitle: (round, declared, total) => `Conflict-of-interest declarations${round ? ` this round (entry ${round})` : ''}: ${declared} of ${total} declared (shown only to you)`,
    conflictsTitle: 'Conflicts declared:',
    conflict: (who, unit, date, reason) => `- ${who}: ${unit} (${date}) reason: ${reason}`,
    noConflictLine: (people) => `No conflict: ${people.length ? listEn(people) : 'nobody'}`,
    person: (name, date) => `${name} (${date})`,
    undeclaredLine: (people) => `Not declared: ${people.length ? listEn(people) : 'nobody'}`,
    undeclaredPerson: (name, units) => `${name} (${listEn(units)})`,
  },
};
