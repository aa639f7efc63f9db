/** Texts of the /rectify commands (整改), Chinese and English. */
import { argTexts, commandTexts, listZh as list } from './texts.ts';

export const rectifyZh = {
  summary: '整改任务',
  commands: commandTexts({
    'rectify add': { summary: '为问题建立整改任务 R-<n>：措施、责任人、时限（可用 15工作日）；--immediate 为立行立改；通知责任人', title: '建立整改任务' },
    'rectify list': { summary: '整改任务，逾期在前' },
    'rectify show': { summary: '查看一项整改任务的完整记录：进展、完成报告（含被退回的）、延期、销号、回头看，各注明何人何时' },
    'rectify progress': { summary: '记录整改进展' },
    'rectify done': { summary: '责任人报告完成，须写明做了什么、有何佐证（至少 10 个字，杜绝纸面整改）' },
    'rectify verify': { summary: '销号：已完成 → 已销号（巡察办自反馈之日起可销号；责任人不能为自己销号）' },
    'rectify reopen': { summary: '退回：已完成 → 进行中' },
    'rectify extend': { summary: '延期，原时限保留在历史中' },
    'rectify followup': { summary: '回头看已销号的任务：巩固；反弹或未到位须给出 --due 新时限，任务重新打开' },
  }),
  args: argTexts({
    measure: { name: '整改措施' },
    owner: { name: '整改责任人', usage: '用户' },
    due: { name: '时限', usage: '日期', field: '整改时限' },
    immediate: { field: '立行立改' },
    page: { name: '页码' },
    progress: { name: '进展' },
    completion: { name: '完成说明' },
    reason: { name: '理由' },
    extendReason: { name: '理由' },
    result: { name: '回头看结果' },
    note: { name: '备注', usage: '说明' },
  }),
  messages: {
    states: { open: '进行中', done: '已完成待销号', verified: '已销号' },
    immediate: '立行立改',
    overdueMark: (days: number) => `逾期${days}天`,
    created: (ref: string, finding: string, unit: string, owner: string, due: string, immediate: boolean) =>
      `已建立整改任务 ${ref}（${finding} · ${unit}）：责任人 ${owner}，时限 ${due}${immediate ? '，立行立改' : ''}。已通知责任人。`,
    assigned: (team: string, ref: string, measure: string, due: string) =>
      `巡察组「${team}」交给你一项整改任务 ${ref}：${measure}\n时限：${due}。完成后发送 /rectify done ${ref} <完成说明>。`,
    line: (ref: string, marks: string, unit: string, owner: string, due: string, measure: string, finding: string) =>
      `${ref}［${marks}］${unit} · ${owner} · 时限 ${due}：${measure}（${finding}）`,
    listTitle: (n: number, page: number, pages: number) => `整改任务：共 ${n} 项（第 ${page}/${pages} 页）`,
    none: '暂无符合条件的整改任务。',
    nextPage: (hint: string) => `下一页：${hint}`,
    notYetForLiaison: (feedback?: string) =>
      `反馈之前，被巡察单位只看得到立行立改的整改任务，其余自反馈之日起可见（${feedback ? `反馈日：${feedback}` : '反馈日期尚未确定'}）。届时请再发送 /rectify list 查看。`,
    restFromFeedback: (feedback?: string) => `其余整改任务自反馈之日起可见（${feedback ? `反馈日：${feedback}` : '反馈日期尚未确定'}）。`,
    assignedLater: (team: string, ref: string, feedback?: string) =>
      `巡察组「${team}」交给你一项整改任务 ${ref}。被巡察单位自反馈之日起查看整改任务：${feedback ? `${feedback} 起` : '反馈日期确定后'}请发送 /rectify show ${ref} 查看，完成后报告。`,
    card: {
      title: (ref: string, marks: string) => `${ref}［${marks}］`,
      fields: (finding: string, unit: string, owner: string, due: string) => `对应问题：${finding}　单位：${unit}　责任人：${owner}　时限：${due}`,
      record: '记录：',
      created: (date: string, who: string, due: string) => `· ${date} ${who} 建立任务，时限 ${due}`,
      note: (date: string, who: string, text: string) => `· ${date} ${who} 进展：${text}`,
      reported: (date: string, who: string, text: string) => `· ${date} ${who} 报告完成：${text}`,
      sentBack: (date: string, who: string, reason: string) => `· ${date} ${who} 退回：${reason}`,
      verified: (date: string, who: string) => `· ${date} ${who} 销号`,
      extension: (date: string, who: string, from: string, to: string, reason: string) => `· ${date} ${who} 延期 ${from} → ${to}：${reason}`,
      followUp: (date: string, who: string, result: string, note?: string, due?: string) =>
        `· ${date} ${who} 回头看：${result}${note ? `，${note}` : ''}${due ? `；任务重新打开，新时限 ${due}` : ''}`,
    },
    progressSaved: (ref: string) => `已记录 ${ref} 的整改进展。`,
    doneSaved: (ref: string) => `已报告 ${ref} 完成，等待组长销号。`,
    doneNotice: (team: string, ref: string, who: string) => `巡察组「${team}」：${who} 报告整改任务 ${ref} 已完成，请核实后销号（/rectify verify ${ref}）。`,
    verifiedSaved: (ref: string) => `${ref} 已销号。`,
    reopened: (ref: string) => `已将 ${ref} 退回，状态改为进行中。已通知责任人。`,
    reopenedNotice: (team: string, ref: string, reason: string) => `巡察组「${team}」退回了整改任务 ${ref}：${reason}`,
    extended: (ref: string, from: string, to: string) => `${ref} 的时限已由 ${from} 延至 ${to}，原时限保留在历史中。已通知责任人。`,
    extendedNotice: (team: string, ref: string, to: string, reason: string) => `巡察组「${team}」将整改任务 ${ref} 的时限延至 ${to}：${reason}`,
    followUpSaved: (ref: string, result: string) => `已记录 ${ref} 的回头看结果：${result}。`,
    followUpReopened: (ref: string, result: string, due: string) => `已记录 ${ref} 的回头看结果：${result}。任务重新打开，新时限 ${due}，须重新报告完成并销号。已通知责任人。`,
    followUpReopenedNotice: (team: string, ref: string, result: string, due: string, note?: string) =>
      `巡察组「${team}」回头看发现整改任务 ${ref}${result}${note ? `：${note}` : ''}。任务重新打开，新时限 ${due}；整改到位后请重新报告完成（/rectify done ${ref} <完成说明>）。`,
    warnings: {
      draftFinding: (finding: string) => `注意：${finding} 还是草稿，尚未复核审签：整改应针对审定的问题，请尽快审定。`,
      noSigner: (ref: string, owner: string, feedback?: string) =>
        `注意：除责任人 ${owner} 外本组没有组长，${ref} 完成后组内无人能销号（责任人不能为自己销号）。请再任命一名组长，或由巡察办在反馈之后销号${feedback ? `（反馈日：${feedback}）` : '（反馈日期尚未确定）'}。`,
      liaisonWaits: (owner: string, feedback?: string) =>
        `注意：${owner} 是被巡察单位的联络员，反馈之前看不到这项任务，也不能报告进展或完成；${feedback ? `${feedback} 起可以` : '反馈日期确定后（/team period … --feedback <日期>）才可以'}。已告知其届时查看。`,
    },
    errors: {
      notState: (ref: string, state: string, needed: string) => `${ref} 当前为${state}，此操作要求${needed}。请用 /rectify show ${ref} 查看它的进展。`,
      onlyOwner: (ref: string) => `只有 ${ref} 的整改责任人可以报告完成。请由责任人报告，你可以用 /rectify progress ${ref} <进展> 记录进展。`,
      noEvidence: (ref: string, min: number) =>
        `${ref} 的完成说明太简单，至少要 ${min} 个字。请写明做了什么、有何佐证，例如：/rectify done ${ref} 公开栏已于12月5日更新，附照片三张和会议记录一份。`,
      followUpNeedsDue: (ref: string) => `回头看发现反弹或未到位，${ref} 将重新打开，须有新的整改时限。请用 --due <日期> 给出。`,
      dueOnlyIfReopened: (result: string) => `回头看结果为${result}时任务不重新打开，不用给出新时限。请去掉 --due；反弹或未到位时才用。`,
      notYetVisible: (ref: string, feedback?: string) =>
        `被巡察单位自反馈之日起才能查看和报告整改任务。${ref} ${feedback ? `${feedback} 起对你可见` : '在反馈日期确定后对你可见'}，届时请再查看。`,
      /** To a liaison, for every task they may not read: another unit's, one on a clue, one not yet handed over, or none. */
      notUnitTask: (ref: string, unit: string) => `${ref} 不在你可查看的${unit}整改任务之中。联络员只能查看本单位的整改任务，请用 /rectify list 查看。`,
      supervisorOwner: (who: string) => `${who} 是整改监督人员，负责监督整改，不担任整改责任人。请指定被巡察单位或本组的人员。`,
      liaisonOtherUnit: (who: string, theirs: string, unit: string) => `${who} 是${theirs}的联络员，看不到${unit}的整改任务。请指定${unit}的人员为责任人。`,
      officeVerifiesFrom: (feedback?: string) =>
        `巡察办自反馈之日起才能销号${feedback ? `（反馈日：${feedback}）` : '（本组反馈日期尚未确定）'}。此前请由组长销号。`,
      ownerCannotVerify: (ref: string) => `${ref} 的责任人不能为自己的任务销号。请由组长销号。`,
      sameDue: (due: string) => `新时限与原时限相同（${due}）。请给出更晚的日期。`,
      earlierDue: (from: string, to: string) => `延期的新时限 ${to} 不晚于原时限 ${from}。请给出 ${from} 之后的日期。`,
      clueOwner: (ref: string) => `${ref} 是问题线索，针对它的整改任务同属线索内容，只能交给可查看线索的人。请指定组长、副组长、巡察办或该问题的经办人为责任人。`,
      results: (input: string, options: readonly string[]) => `回头看结果没有「${input}」这一项。请从以下选一个：${list(options)}。`,
    },
  },
};

export const rectifyEn: typeof rectifyZh = {
  summary: 'rectification tasks',
  commands: {
    'rectify add': {
      summary: 'a rectification task R-<n> for a finding: measure, owner, deadline (15工作日 works); --immediate for fix-at-once; the owner is told',
      title: 'New rectification task',
    },
    'rectify list': { summary: 'rectification tasks, overdue first' },
    'rectify show': { summary: "one task's whole record: progress, completion reports (those sent back too), extensions, sign-off, follow-ups, each with who and when" },
    'rectify progress': { summary: 'a progress note' },
    'rectify done': { summary: 'the owner reports completion: what was done and what shows it, 10 characters at least (no paper-only rectification)' },
    'rectify verify': { summary: 'sign off: done → verified (the office too from the feedback date; never the owner)' },
    'rectify reopen': { summary: 'send a task back: done → open' },
    'rectify extend': { summary: 'move the deadline; the old one stays in history' },
    'rectify followup': { summary: 'follow-up re-check of a verified task: 巩固; 反弹 or 未到位 need --due and open it again' },
  },
  args: {
    measure: { name: 'the measure', usage: 'measure', field: 'Measure' },
    owner: { name: 'the owner', usage: 'user', field: 'Owner' },
    due: { name: 'the due date', usage: 'date', field: 'Deadline' },
    immediate: { field: 'Fix at once' },
    page: { name: 'the page', usage: 'n' },
    progress: { name: 'the progress note', usage: 'text' },
    completion: { name: 'the completion note', usage: 'completion note' },
    reason: { name: 'the reason', usage: 'reason' },
    extendReason: { name: 'the reason', usage: 'text' },
    result: { name: 'the follow-up result' },
    note: { name: 'the note', usage: 'text' },
  },
  messages: {
    states: { open: 'open', done: 'done, awaiting sign-off', verified: 'verified' },
    immediate: 'fix at once',
    overdueMark: (days) => `${days} days overdue`,
    created: (ref, finding, unit, owner, due, immediate) =>
      `Created rectification task ${ref} (${finding} · ${unit}): owner ${owner}, due ${due}${immediate ? ', fix at once' : ''}. The owner has been told.`,
    assigned: (team, ref, measure, due) => `Team “${team}” gave you rectification task ${ref}: ${measure}\nDue: ${due}. When it is done, send /rectify done ${ref} <completion note>.`,
    line: (ref, marks, unit, owner, due, measure, finding) => `${ref} [${marks}] ${unit} · ${owner} · due ${due}: ${measure} (${finding})`,
    listTitle: (n, page, pages) => `Rectification tasks: ${n} (page ${page}/${pages})`,
    none: 'No matching rectification tasks.',
    nextPage: (hint) => `Next page: ${hint}`,
    notYetForLiaison: (feedback) =>
      `Before feedback the inspected unit sees only its fix-at-once tasks; the rest from the feedback date (${feedback ? `feedback: ${feedback}` : 'not set yet'}). Send /rectify list again then.`,
    restFromFeedback: (feedback) => `The other tasks are shown from the feedback date (${feedback ? `feedback: ${feedback}` : 'not set yet'}).`,
    assignedLater: (team, ref, feedback) =>
      `Team “${team}” gave you rectification task ${ref}. The inspected unit sees its tasks from the feedback date: ${feedback ? `from ${feedback}` : 'once it is set'}, send /rectify show ${ref} to read it, and report when it is done.`,
    card: {
      title: (ref, marks) => `${ref} [${marks}]`,
      fields: (finding, unit, owner, due) => `Finding: ${finding}  Unit: ${unit}  Owner: ${owner}  Due: ${due}`,
      record: 'Record:',
      created: (date, who, due) => `· ${date} ${who} created it, due ${due}`,
      note: (date, who, text) => `· ${date} ${who} progress: ${text}`,
      reported: (date, who, text) => `· ${date} ${who} reported it done: ${text}`,
      sentBack: (date, who, reason) => `· ${date} ${who} sent it back: ${reason}`,
      verified: (date, who) => `· ${date} ${who} signed it off`,
      extension: (date, who, from, to, reason) => `· ${date} ${who} moved ${from} → ${to}: ${reason}`,
      followUp: (date, who, result, note, due) => `· ${date} ${who} follow-up: ${result}${note ? `, ${note}` : ''}${due ? `; open again, due ${due}` : ''}`,
    },
    progressSaved: (ref) => `Progress on ${ref} recorded.`,
    doneSaved: (ref) => `Reported ${ref} done; it awaits the leader's sign-off.`,
    doneNotice: (team, ref, who) => `Team “${team}”: ${who} reports task ${ref} done; check it and sign it off (/rectify verify ${ref}).`,
    verifiedSaved: (ref) => `${ref} is signed off.`,
    reopened: (ref) => `Sent ${ref} back; it is open again. The owner has been told.`,
    reopenedNotice: (team, ref, reason) => `Team “${team}” sent task ${ref} back: ${reason}`,
    extended: (ref, from, to) => `Moved the deadline of ${ref} from ${from} to ${to}; the old one stays in history. The owner has been told.`,
    extendedNotice: (team, ref, to, reason) => `Team “${team}” moved the deadline of task ${ref} to ${to}: ${reason}`,
    followUpSaved: (ref, result) => `Follow-up of ${ref} recorded: ${result}.`,
    followUpReopened: (ref, result, due) => `Follow-up of ${ref} recorded: ${result}. The task is open again, due ${due}, to be reported done and signed off anew. The owner has been told.`,
    followUpReopenedNotice: (team, ref, result, due, note) =>
      `Team “${team}”: a follow-up found task ${ref} ${result}${note ? `: ${note}` : ''}. It is open again, due ${due}; when it is fixed, report it done again (/rectify done ${ref} <completion note>).`,
    warnings: {
      draftFinding: (finding) => `Note: ${finding} is still a draft, not yet reviewed and signed: rectification should rest on a settled finding; settle it soon.`,
      noSigner: (ref, owner, feedback) =>
        `Note: the team has no leader but the owner ${owner}, so nobody in the team can sign ${ref} off (an owner never signs off their own task). Appoint another leader, or the office signs it off after feedback (${feedback ? `feedback: ${feedback}` : 'feedback date not set yet'}).`,
      liaisonWaits: (owner, feedback) =>
        `Note: ${owner} is the inspected unit's liaison and sees the task, or reports on it, only from the feedback date (${feedback ?? 'not set yet: /team period … --feedback <date>'}). They have been told so.`,
    },
    errors: {
      notState: (ref, state, needed) => `${ref} is ${state}; this needs it to be ${needed}. Send /rectify show ${ref} to see where it stands.`,
      onlyOwner: (ref) => `Only the owner of ${ref} can report it done. Let the owner report it; you can note progress with /rectify progress ${ref} <progress>.`,
      noEvidence: (ref, min) =>
        `The completion note of ${ref} says too little: ${min} characters at least. Write what was done and what shows it, e.g. /rectify done ${ref} notice board updated on 5 Dec, three photos and the minutes attached.`,
      followUpNeedsDue: (ref) => `A follow-up finding 反弹 or 未到位 opens ${ref} again, and it needs a new deadline. Give it with --due <date>.`,
      dueOnlyIfReopened: (result) => `With ${result} the task stays signed off and needs no new deadline. Leave --due out; it is only for 反弹 or 未到位.`,
      notYetVisible: (ref, feedback) => `The inspected unit sees and reports on its tasks from the feedback date. ${ref} is yours to see ${feedback ? `from ${feedback}` : 'once the feedback date is set'}: look again then.`,
      notUnitTask: (ref, unit) => `${ref} is not among the tasks of ${unit} you may read. A liaison sees their own unit's tasks only: send /rectify list to see them.`,
      supervisorOwner: (who) => `${who} supervises rectification and answers for no task. Choose someone of the unit or of the team.`,
      liaisonOtherUnit: (who, theirs, unit) => `${who} is the liaison for ${theirs} and sees no task of ${unit}. Choose someone of ${unit}.`,
      officeVerifiesFrom: (feedback) => `The office signs tasks off from the feedback date (${feedback ? `feedback: ${feedback}` : 'not set yet'}). Until then, the leader signs them off.`,
      ownerCannotVerify: (ref) => `The owner of ${ref} cannot sign off their own task. The leader signs it off.`,
      sameDue: (due) => `The new deadline is the old one (${due}). Give a later date.`,
      earlierDue: (from, to) => `The new deadline ${to} is not later than the old one, ${from}. Give a date after ${from}.`,
      clueOwner: (ref) => `${ref} is a problem clue and a task on it is clue-level, for those who may read the clue only. Choose a leader, a deputy, the office, or whoever logged the finding as its owner.`,
      results: (input, options) => `A follow-up result has no choice “${input}”. Choose one of: ${options.join(', ')}.`,
    },
  },
};
