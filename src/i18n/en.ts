import type { Messages } from './zh.ts';
import { rectifyEn } from './rectify.ts';
import { docsEn } from './docs.ts';
import { secrecyEn } from './secrecy.ts';
import { digestEn } from './digest.ts';
import { exportEn } from './export.ts';
import { statsEn } from './stats.ts';
import { helpEn } from './help.ts';
import { teamEn } from './team.ts';
import { findingEn } from './finding.ts';
import { ruleEn } from './rule.ts';
import { auditEn } from './audit.ts';
import { reportEn } from './report.ts';
import { recusalEn } from './recusal.ts';
import { chartEn } from './chart.ts';
import { overviewEn } from './overview.ts';
import { listEn as list } from './texts.ts';

/** English messages (XC_LANG=en); typed against the Chinese catalog so no key can be missing. */

export const en: Messages = {
  lang: 'en',
  list,
  sep: ' · ',
  roles: { admin: 'office admin', leader: 'leader', deputy: 'deputy leader', member: 'member', liaison: 'liaison', supervisor: 'supervisor', owner: 'task owner', author: 'author' },
  findingStates: { draft: 'draft', reviewed: 'reviewed', confirmed: 'confirmed', handedOver: 'handed over', received: 'received' },
  handoverTargets: { 纪委监委: 'the discipline commission', 组织部: 'the organisation department', 单位: "the unit's main leader" },
  fieldNames: {
    text: 'text', unit: 'unit', category: 'category', source: 'source', severity: 'severity', tags: 'tags',
    state: 'state', clue: 'clue', period: 'period', chat: 'bound chat',
    evidence: 'evidence', basis: 'basis', receipt: 'receipt', result: 'result',
  },
  args: {
    unit: { name: 'the unit', usage: 'unit', field: 'Inspected unit' },
    user: { name: 'the user', usage: 'user' },
    finding: { name: 'the reference', usage: 'F', field: 'Finding' },
    task: { name: 'the reference', usage: 'R' },
    doc: { name: 'the reference', usage: 'D ref' },
  },
  families: {},
  help: helpEn.messages,
  team: teamEn.messages,
  finding: findingEn.messages,
  rectify: rectifyEn.messages,
  docs: docsEn.messages,
  secrecy: secrecyEn.messages,
  digest: digestEn.messages,
  rule: ruleEn.messages,
  export: exportEn.messages,
  stats: statsEn.messages,
  audit: auditEn.messages,
  report: reportEn.messages,
  recusal: recusalEn.messages,
  overview: overviewEn.messages,
  chart: chartEn,

  history: {
    title: 'History:',
    line: (at, who, field, from, to) => `· ${at} ${who}: ${field}${from !== undefined ? ` ${from}` : ''}${to !== undefined ? ` → ${to}` : ''}`,
  },
  forms: { submit: 'Submit', cancel: 'Cancel' },
  repeated: (ref, at) => `${ref} was saved at ${at}, exactly as this one: it was not saved twice.`,
  calendarUncovered: (years) => `Note: the official holidays of ${years.join(', ')} are not loaded, so working days were counted Monday to Friday (the office can load them with XC_HOLIDAYS).`,
  telegram: {
    openPrivate: (name) => `${name}, this answer can only go to you privately: open a private chat with me with the button below, then send the command again.`,
    openPrivateButton: 'Open private chat',
    start: "Hello, I'm xuncha. Send /help for the commands you can use.",
  },
  dialogue: {
    step: (title, i, n, label) => `${title} (${i}/${n})\n${label}:`,
    typeHint: { text: 'reply with text', longText: 'reply with text', select: 'pick one, or reply with text', date: 'e.g. 2026-12-31, 12月31日, 明天, 15工作日', user: 'e.g. @username', flag: 'pick one' },
    skip: 'Skip', cancel: 'Cancel', yes: 'Yes', no: 'No',
    typed: (optional) => `Reply to this message${optional ? ' (reply “Skip” to leave it out)' : ''}; /cancel stops.`,
    cancelled: 'Cancelled; nothing was saved.',
    none: 'Nothing is being filled in.',
    retry: (error) => `${error}\nPlease answer again:`,
    inPrivate: (name, title) => `${name}, please fill in “${title}” in your private chat with me.`,
    replaced: (title) => `Your unfinished “${title}” was replaced; nothing of it was saved.`,
  },
  actions: { review: 'Review', confirm: 'Confirm', show: 'Show', verify: 'Sign off' },
  errors: {
    unknownCommand: (cmd) => `There is no /${cmd} command. Send /help for the list.`,
    unknownSub: (family, usages) => `Usage of /${family}:\n${usages.join('\n')}`,
    unknownOption: (name) => `Unknown option --${name}.`,
    missingValue: (name) => `Option --${name} needs a value.`,
    repeatedOption: (name) => `Option --${name} is given twice.`,
    tooMany: (extra) => `Unexpected extra words: ${extra} (quote values that contain spaces).`,
    missingArg: (label) => `Missing ${label}.`,
    tooLong: (label, max) => `${label} is too long: at most ${max} characters.`,
    emptyArg: (label) => `${label} must not be empty.`,
    invalidArg: (label, detail) => `${label} is not valid: ${detail}`,
    usage: (usage) => `Usage: ${usage}`,
    needRole: (roles, yours) => `This needs one of these roles: ${list(roles)}${yours ? ` (yours: ${yours})` : " (you are not a member of this team)"}.`,
    notBound: 'This chat is not bound to a team, so no team data is shown here. The office can bind it with /team create <name> or /team bind <name>.',
    groupOnly: "Use this command in the team's group chat.",
    noTeamInDm: 'You are not a member of any team yet.',
    severalTeams: (names) => `You are in several teams; add --team <name>: ${list(names)}`,
    unknownTeam: (name) => `There is no team named “${name}”.`,
    teamOptionInGroup: '--team works only in a direct message; in a group, commands act on the team bound to it.',
    teamExists: (name) => `A team named “${name}” exists already; bind it with /team bind ${name}.`,
    chatBound: (name) => `This chat is already bound to team “${name}”; a chat belongs to one team only.`,
    unknownUser: (token) => `Unknown user “${token}”.`,
    unknownRole: (input) => `There is no role “${input}”. Roles: leader, deputy, member, liaison, supervisor.`,
    liaisonNeedsUnit: 'A liaison needs --unit <unit>: the unit they speak for.',
    unitOnlyForLiaison: '--unit is only for liaisons.',
    roleSwitch: (who, from, to) =>
      `${who} is now ${from}: a liaison cannot be changed into a team member in place (nor a member into a liaison, nor a liaison to another unit), so not to ${to}. If it must change, /team remove ${who} first (it stays on record), then add them again.`,
    liaisonElsewhere: (who, unit, team) => `${who} is the liaison for ${unit} in team “${team}”: the inspected unit's liaison cannot be an inspector of a team that inspects that unit.`,
    inspectorElsewhere: (who, team, unit) => `${who} is a member of team “${team}”, which inspects ${unit}: they cannot also be ${unit}'s liaison.`,
    notMember: (who) => `${who} is not a member of this team.`,
    unitExists: (unit) => `Unit “${unit}” exists already.`,
    unknownUnit: (input, units) => `There is no unit “${input}”. ${units.length ? `Units: ${list(units)}` : 'Add one first with /team unit add <unit>.'}`,
    badDate: (input) => `Cannot read the date “${input}”. Use 2026-12-31, 12-31, 12月31日, 明天, +7d, 7天 or 15工作日.`,
    outsidePeriod: (date, entry, end) => `The end of on-site work ${date} is outside the period ${entry} to ${end}.`,
    feedbackBeforeEntry: (date, entry) => `The feedback date ${date} is before the entry date ${entry}.`,
    endBeforeEntry: (entry, end) => `The end date ${end} is before the entry date ${entry}.`,
    notOneOf: (what, input, options) => `${what} cannot be “${input}”. Choose one of: ${list(options)}`,
    badRef: (input, example) => `“${input}” is not a valid reference, e.g. ${example}.`,
    unknownRef: (ref) => `This team has no ${ref}.`,
    nothingToChange: 'Nothing to change: give at least one option, e.g. --unit <unit>.',
    notDraft: (ref, state) => `${ref} is ${state}; only a draft can be reviewed.`,
    subjectOnlyInDm: "A clue's subject and their post are typed only in a direct message with me: send /finding clue <F> --subject <person> --post <post> there.",
    reportedInFuture: (date, today) => `The report to the leading group is dated ${date}, after today (${today}): report first, then record the handover.`,
    handover: {
      notReported: (ref) => `${ref} is a problem clue: it is reported to the leading group before it is handed over. Give the date with --reported <date>.`,
      importantClue: (ref) => `${ref} is an important clue: it goes to the discipline commission (--to 纪委监委; selection matters to 组织部), not to the unit.`,
      selectionOnly: (ref) => `The organisation department receives selection and appointment matters only: ${ref} has no 选人用人 tag (/finding edit ${ref} --tag 选人用人).`,
      leadershipToUnit: (ref) => `${ref} is about the unit's main leader or a member of its leadership: it cannot go to the unit. Hand it to the discipline commission or the organisation department.`,
      postUnknown: (ref) => `${ref} has no post recorded for its subject, so nothing rules out the unit's leadership: first send /finding clue ${ref} --post 其他 in a direct message with me, then hand it to the unit.`,
    },
    handoverNeedsConfirmed: (ref, state) => `${ref} is ${state}: it is handed over once reviewed (/finding review ${ref}) and confirmed by the leader (/finding confirm ${ref}).`,
    unknownRule: (id) => `There is no rule “${id}”. Send /rule for the categories.`,
    unknownHelpTopic: (topic) => `There is no command “${topic}”. Send /help for the list.`,
    chartFailed: '(The chart could not be drawn just now; the figures above stand. Send the command again later.)',
    internal: 'Something went wrong; it has been logged. Please try again later.',
    store: {
      STORE_UNAVAILABLE: 'The store cannot be reached just now: nothing was saved. Try again in a minute; if it goes on, tell the administrator.',
      STORE_TIMEOUT: 'The store did not answer in time: whether this was saved is not known. Send the same command again in a minute: what was saved is not saved twice.',
      STORE_FULL: "The store's disk is full: nothing was saved. Tell the administrator to free some space.",
      STORE_READONLY: 'The store is read-only: nothing was saved. Tell the administrator.',
      STORE_CONFLICT: 'Another change reached the same records meanwhile: nothing was saved. Please try again.',
      STORE_BUSY: 'Another command holds these records: nothing was saved. Try again shortly.',
    },
    withheld: 'This reply quotes what you may not read, so it was not sent.',
    redelivered: 'This message was handled already (the platform delivered it again): it was not run twice.',
    unboundChat: 'This is a conversation between people: it shows no team data and cannot be bound to a team. Use the team’s group chat or your direct message with me.',
    officeOnly: 'This needs the office admin role: it sums up every team, for the inspection office (XC_ADMINS) alone.',
    supervisorFrom: (date) => `Supervision of rectification starts at feedback: from ${date} you can see the team's rectification tasks and record follow-ups.`,
    supervisorNoFeedback: "Supervision of rectification starts at feedback: the team has not set its feedback date yet (/team period … --feedback <date>); from then on you can see its rectification tasks.",
  },
};
