/** Texts of the /report commands (请示报告), Chinese and English. */
import { argTexts, commandTexts } from './texts.ts';

export const reportZh = {
  summary: '请示报告',
  commands: commandTexts({
    'report add': { summary: '向巡察工作领导小组请示报告，生成编号 M-<n>；--finding 关联问题（关联问题线索的按线索保密），--urgent 紧急；私信通知巡察办' },
    'report list': { summary: '请示报告登记簿（--open 只看待批示的），仅本人可见' },
    'report show': { summary: '查看一件请示报告及领导小组批示，仅本人可见' },
    'report answer': { summary: '巡察办登记领导小组批示，并私信通知组长、副组长' },
  }),
  args: argTexts({
    text: { name: '请示事项', usage: '事项' },
    matter: { name: '编号', usage: 'M编号' },
    instruction: { name: '批示内容', usage: '批示' },
    page: { name: '页码' },
  }),
  messages: {
    states: { open: '待批示', answered: '已批示' },
    urgentMark: '紧急',
    showButton: '查看',
    saved: (ref: string, urgent: boolean, toldOffice: boolean, finding?: string) =>
      `已登记请示报告 ${ref}${urgent ? '（紧急）' : ''}${finding ? `，关联 ${finding}` : ''}，待领导小组批示；${toldOffice ? '已私信通知巡察办。' : '没有可通知的巡察办人员（XC_ADMINS），请另行报送。'}`,
    newNotice: (team: string, ref: string, urgent: boolean, text: string, who: string, finding?: string) =>
      `【请示报告${urgent ? ' · 紧急' : ''}】巡察组「${team}」${ref}：${text}\n（${who} 报告${finding ? `，关联 ${finding}` : ''}）领导小组批示后，请发送 /report answer ${ref} <批示> 登记。`,
    listTitle: (n: number, open: number, page: number, pages: number) => `请示报告：共 ${n} 件，待批示 ${open} 件（第 ${page}/${pages} 页，仅你可见）`,
    openListTitle: (n: number, page: number, pages: number) => `待批示的请示报告：共 ${n} 件（第 ${page}/${pages} 页，仅你可见）`,
    line: (ref: string, marks: string, text: string, who: string, date: string) => `${ref}［${marks}］${text}（${who} · ${date}）`,
    none: '暂无请示报告。',
    nextPage: (page: number, open: boolean) => `下一页：/report list${open ? ' --open' : ''} --page ${page}`,
    recusedHidden: '另有关联你已申报回避单位的请示报告，不在此显示。',
    cardTitle: (ref: string, marks: string) => `请示报告 ${ref}［${marks}］`,
    reported: (who: string, date: string) => `报告：${who} · ${date}`,
    concerns: (ref: string) => `关联问题：${ref}`,
    instruction: (text: string, who: string, date: string) => `领导小组批示（${who} 于 ${date} 登记）：${text}`,
    awaiting: (days: number) => `尚待领导小组批示（已报告 ${days} 天）。`,
    answered: (ref: string, leaders: string[]) =>
      `已登记 ${ref} 的领导小组批示。${leaders.length ? `已私信通知：${leaders.join('、')}。` : '本组尚无组长、副组长可通知。'}`,
    answeredNotice: (team: string, ref: string, text: string, instruction: string) => `【领导小组批示】巡察组「${team}」${ref}：${text}\n批示：${instruction}`,
    alreadyAnswered: (ref: string, date: string, who: string) => `${ref} 已于 ${date} 登记批示（${who}），不能重复登记。请用 /report show ${ref} 查看。`,
  },
};

export const reportEn: typeof reportZh = {
  summary: 'important matters reported to the leading group',
  commands: {
    'report add': {
      summary: 'report a matter to the leading group: reference M-<n>; --finding links a finding (one that cites a clue is kept as a clue), --urgent; the office is told',
    },
    'report list': { summary: 'the register of important matters (--open: awaiting an instruction), shown only to you' },
    'report show': { summary: "one matter with the leading group's instruction, shown only to you" },
    'report answer': { summary: "the office records the leading group's instruction; the leader and deputies are told" },
  },
  args: {
    text: { name: 'the matter', usage: 'matter' },
    matter: { name: 'the reference', usage: 'M-ref' },
    instruction: { name: 'the instruction', usage: 'instruction' },
    page: { name: 'the page', usage: 'n' },
  },
  messages: {
    states: { open: 'awaiting instruction', answered: 'answered' },
    urgentMark: 'urgent',
    showButton: 'Show',
    saved: (ref, urgent, toldOffice, finding) =>
      `Reported ${ref}${urgent ? ' (urgent)' : ''}${finding ? ` about ${finding}` : ''} to the leading group; awaiting its instruction. ${toldOffice ? 'The office has been told.' : 'No one else in the office (XC_ADMINS) to tell: send it on yourself.'}`,
    newNotice: (team, ref, urgent, text, who, finding) =>
      `[Important matter${urgent ? ', urgent' : ''}] ${team} ${ref}: ${text}\n(reported by ${who}${finding ? `, about ${finding}` : ''}) Once the leading group has given its instruction, record it with /report answer ${ref} <instruction>.`,
    listTitle: (n, open, page, pages) => `Important matters: ${n}, ${open} awaiting an instruction (page ${page}/${pages}, shown only to you)`,
    openListTitle: (n, page, pages) => `Important matters awaiting an instruction: ${n} (page ${page}/${pages}, shown only to you)`,
    line: (ref, marks, text, who, date) => `${ref} [${marks}] ${text} (${who} · ${date})`,
    none: 'No important matters.',
    nextPage: (page, open) => `Next page: /report list${open ? ' --open' : ''} --page ${page}`,
    recusedHidden: 'Matters about a unit you declared a conflict with are not shown.',
    cardTitle: (ref, marks) => `Important matter ${ref} [${marks}]`,
    reported: (who, date) => `Reported by ${who} on ${date}`,
    concerns: (ref) => `About finding ${ref}`,
    instruction: (text, who, date) => `Instruction of the leading group (recorded by ${who} on ${date}): ${text}`,
    awaiting: (days) => `Awaiting the leading group's instruction (reported ${days} day${days === 1 ? '' : 's'} ago).`,
    answered: (ref, leaders) =>
      `Recorded the leading group's instruction on ${ref}. ${leaders.length ? `Told by direct message: ${leaders.join(', ')}.` : 'The team has no leader or deputy to tell.'}`,
    answeredNotice: (team, ref, text, instruction) => `[Instruction of the leading group] ${team} ${ref}: ${text}\nInstruction: ${instruction}`,
    alreadyAnswered: (ref, date, who) => `${ref} was answered on ${date} (recorded by ${who}); it cannot be answered twice. Send /report show ${ref} to read it.`,
  },
};
