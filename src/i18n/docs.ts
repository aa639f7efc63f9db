/** Texts of the docs commands, Chinese and English. */
import { argTexts, commandTexts, listEn, listZh } from './texts.ts';

export const docsZh = {
  summary: '调阅材料',
  commands: commandTexts({
    'docs request': { summary: '调阅材料，生成编号 D-<n>，并私信通知该单位联络员' },
    'docs list': { summary: '调阅材料清单，逾期在前，再按期限；联络员只看本单位' },
    'docs show': { summary: '查看一件调阅材料及其历史' },
    'docs provided': { summary: '登记材料已提供（联络员只登记本单位的）' },
    'docs returned': { summary: '登记材料已归还被巡察单位' },
  }),
  args: argTexts({
    what: { name: '所需材料' },
    due: { name: '时限', usage: '期限' },
    page: { name: '页码' },
    note: { name: '备注' },
  }),
  messages: {
    states: { requested: '待提供', provided: '已提供', returned: '已归还' },
    overdueMark: (days: number) => `逾期${days}天`,
    unreturnedMark: '待归还',
    providedButton: '已提供',
    returnedButton: '已归还',
    showButton: '查看',
    requested: (ref: string, unit: string, due: string, liaisons: string[]) =>
      `已登记调阅材料 ${ref}：${unit}，期限 ${due}。` +
      (liaisons.length
        ? `已私信通知联络员：${listZh(liaisons)}。`
        : `${unit}尚无联络员，请另行通知（添加联络员：/team add <用户> 联络员 --unit ${unit}）。`),
    notice: (team: string, ref: string, what: string, due: string) =>
      `【${team}】调阅材料 ${ref}：请于 ${due} 前提供「${what}」。材料交齐后请点“已提供”，或发送 /docs provided ${ref}。`,
    provided: (ref: string) => `已登记：${ref} 的材料已提供。`,
    returned: (ref: string, unit: string) => `已登记：${ref} 的材料已归还${unit}。`,
    line: (ref: string, marks: string, unit: string, what: string, due: string) => `${ref}［${marks}］${unit} · ${what}（期限 ${due}）`,
    listTitle: (n: number, page: number, pages: number) => `调阅材料：共 ${n} 件（第 ${page}/${pages} 页）`,
    unitListTitle: (unit: string, n: number, page: number, pages: number) => `${unit}的调阅材料：共 ${n} 件（第 ${page}/${pages} 页）`,
    none: '暂无符合条件的调阅材料。',
    nextPage: (page: number) => `下一页：/docs list --page ${page}`,
    returnBefore: (end: string) => `标「待归还」的材料须在本轮巡察结束（${end}）前归还被巡察单位。`,
    cardTitle: (ref: string, marks: string) => `${ref}［${marks}］`,
    fields: (unit: string, due: string) => `单位：${unit}　期限：${due}`,
    requestedBy: (who: string, date: string) => `提出：${who} · ${date}`,
    providedBy: (who: string, date: string, note?: string) => `提供：${who} · ${date}${note ? `；备注：${note}` : ''}`,
    returnedBy: (who: string, date: string) => `归还：${who} · ${date}`,
    notRequested: (ref: string, state: string) => `${ref} 当前状态为${state}，不能再登记为已提供。请用 /docs show ${ref} 查看它的进展。`,
    notProvided: (ref: string, state: string) => `${ref} 当前状态为${state}，只有已提供的材料才能登记归还。请用 /docs show ${ref} 查看它的进展。`,
    otherUnit: (ref: string, unit: string) => `${ref} 不是你所在单位（${unit}）的调阅材料。联络员只能查看、登记本单位的调阅材料，请用 /docs list 查看。`,
  },
};

export const docsEn: typeof docsZh = {
  summary: 'document requests',
  commands: {
    'docs request': { summary: "request documents (D-<n>); the unit's liaisons are told by direct message" },
    'docs list': { summary: 'document requests, overdue first, then by due date; a liaison sees only their unit' },
    'docs show': { summary: 'one document request with its history' },
    'docs provided': { summary: "record that the documents were delivered (a liaison for their own unit only)" },
    'docs returned': { summary: 'record that the documents were returned to the unit' },
  },
  args: {
    what: { name: 'what is requested', usage: 'what' },
    due: { name: 'the due date', usage: 'date' },
    page: { name: 'the page', usage: 'page' },
    note: { name: 'the note', usage: 'note' },
  },
  messages: {
    states: { requested: 'requested', provided: 'provided', returned: 'returned' },
    overdueMark: (days: number) => `overdue ${days} day${days === 1 ? '' : 's'}`,
    unreturnedMark: 'to return',
    providedButton: 'Provided',
    returnedButton: 'Returned',
    showButton: 'Show',
    requested: (ref: string, unit: string, due: string, liaisons: string[]) =>
      `Document request ${ref} saved: ${unit}, due ${due}. ` +
      (liaisons.length
        ? `Liaisons told by direct message: ${listEn(liaisons)}.`
        : `${unit} has no liaison; please tell the unit another way (add one: /team add <user> liaison --unit ${unit}).`),
    notice: (team: string, ref: string, what: string, due: string) =>
      `[${team}] Document request ${ref}: please provide "${what}" by ${due}. When delivered, press "Provided" or send /docs provided ${ref}.`,
    provided: (ref: string) => `Recorded: the documents of ${ref} were provided.`,
    returned: (ref: string, unit: string) => `Recorded: the documents of ${ref} were returned to ${unit}.`,
    line: (ref: string, marks: string, unit: string, what: string, due: string) => `${ref} [${marks}] ${unit} · ${what} (due ${due})`,
    listTitle: (n: number, page: number, pages: number) => `Document requests: ${n} (page ${page}/${pages})`,
    unitListTitle: (unit: string, n: number, page: number, pages: number) => `Document requests of ${unit}: ${n} (page ${page}/${pages})`,
    none: 'No document requests match.',
    nextPage: (page: number) => `Next page: /docs list --page ${page}`,
    returnBefore: (end: string) => `Documents marked "to return" must go back to the unit before the round ends (${end}).`,
    cardTitle: (ref: string, marks: string) => `${ref} [${marks}]`,
    fields: (unit: string, due: string) => `Unit: ${unit}  Due: ${due}`,
    requestedBy: (who: string, date: string) => `Requested by ${who} · ${date}`,
    providedBy: (who: string, date: string, note?: string) => `Provided: ${who} · ${date}${note ? `; note: ${note}` : ''}`,
    returnedBy: (who: string, date: string) => `Returned: ${who} · ${date}`,
    notRequested: (ref: string, state: string) => `${ref} is ${state}; it cannot be marked provided again. Send /docs show ${ref} to see where it stands.`,
    notProvided: (ref: string, state: string) => `${ref} is ${state}: only provided documents can be marked returned. Send /docs show ${ref} to see where it stands.`,
    otherUnit: (ref: string, unit: string) => `${ref} is not a request to your unit (${unit}). A liaison sees and marks only their own unit's requests: send /docs list to see them.`,
  },
};
