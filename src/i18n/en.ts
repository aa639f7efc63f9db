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

/** Alternatives as one says them: leader, deputy or member. */
const either = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

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
    unknownCommand: (cmd, meant) => `There is no /${cmd} command. ${meant ? `Did you mean /${meant}?` : 'Send /help for the list.'}`,
    unknownSub: (family, typed, meant, usages) =>
      `${typed === undefined ? `/${family} needs a subcommand.` : `There is no subcommand /${family} ${typed}.`} ${meant ? `Did you mean /${family} ${meant}?` : 'Use one of these:'}\n/${family} usage:\n${usages.join('\n')}`,
    unknownOption: (name, meant) => `Unknown option --${name}. ${meant ? `Did you mean --${meant}?` : 'Check it against the usage below.'}`,
    missingValue: (name) => `The option --${name} has no value. Write it after --${name}, in quotes if it has spaces.`,
    repeatedOption: (name) => `The option --${name} is given twice. Give each option once.`,
    tooMany: (extra) => `Unexpected extra words: ${extra}. Remove them, or quote a value that contains spaces.`,
    missingArg: (label) => `Missing ${label}. Add it as the usage below shows.`,
    tooLong: (label, max) => `${label} is too long: at most ${max} characters. Shorten it and send again.`,
    emptyArg: (label) => `${label} must not be empty. Write ${label}.`,
    emptyOption: (name, label, optional) => `--${name} must not be empty. Write ${label} after --${name}${optional ? `, or leave --${name} out` : ''}.`,
    invalidArg: (what, typed) => `${what} cannot be “${typed}”. Check it against the usage below.`,
    badNumber: (label, name, typed) => `${label} must be a whole number from 1, and “${typed}” is not. Write, for example, --${name} 2.`,
    noSuchPage: (page, pages) =>
      pages === 1 ? `There is no page ${page}: this list has 1 page. Send it again without --page.` : `There is no page ${page}: this list has ${pages} pages. Use --page 1 to --page ${pages}.`,
    usage: (usage) => `Usage: ${usage}`,
    officeCommand: (command) => `Only the inspection office may use /${command}, and you are not on its list. Ask the office to do it.`,
    officeAppoints: (role) => `The office appoints and removes a ${role}. Ask the office to do it.`,
    needRole: (roles, yours) =>
      `This needs one of these roles: ${list(roles)}${yours ? ` (yours: ${yours}). Ask the ${either(roles)} to do it.` : ' (you are not a member of this team). To join, ask its leader or the office.'}`,
    notBound: 'This chat is not bound to a team, so no team data is shown here. The office can bind it with /team create <name> or /team bind <name>.',
    groupOnly: 'This command works only in a group chat. Send it again in the team’s group chat.',
    noTeamInDm: 'You are not a member of any team yet. Ask a team leader or the office to add you.',
    severalTeams: (names) => `You are in several teams: ${list(names)}. Add --team <name> to say which.`,
    unknownTeam: (name) => `There is no team named “${name}”. Check the name.`,
    teamOptionInGroup: '--team works only in a direct message. In a group, leave it out: commands act on the team bound to the group.',
    teamExists: (name) => `A team named “${name}” exists already. To bind this chat to it, use /team bind ${name}.`,
    chatBound: (name) => `This chat is already bound to team “${name}”, and a chat belongs to one team only. For another team, send /team create <name> in another group.`,
    unknownUser: (token) => `Unknown user “${token}”. Mention them with @, or give their platform id, such as telegram:12345.`,
    unknownRole: (input) => `There is no role “${input}”. Choose one of leader, deputy, member, liaison, supervisor.`,
    liaisonNeedsUnit: 'A liaison needs the unit they speak for. Add --unit <unit>, such as --unit 城关镇.',
    unitOnlyForLiaison: '--unit is only for liaisons. Leave it out for other roles.',
    roleSwitch: (who, from, to) =>
      `${who} is now ${from}: a liaison cannot be changed into a team member in place (nor a member into a liaison, nor a liaison to another unit), so not to ${to}. If it must change, /team remove ${who} first (it stays on record), then add them again.`,
    liaisonElsewhere: (who, unit, team) => `${who} is the liaison for ${unit} in team “${team}”: the inspected unit's liaison cannot be an inspector of a team that inspects that unit. Choose someone else.`,
    inspectorElsewhere: (who, team, unit) => `${who} is a member of team “${team}”, which inspects ${unit}: they cannot also be ${unit}'s liaison. Choose someone else.`,
    notMember: (who) => `${who} is not a member of this team. Send /team to see its members.`,
    unitExists: (unit) => `Unit “${unit}” exists already. Send /team to see every unit.`,
    unknownUnit: (input, units) => `There is no unit “${input}”. ${units.length ? `Choose one of: ${list(units)}.` : 'Add one first with /team unit add <unit>.'}`,
    badDate: (input) => `Cannot read the date “${input}”. Write it as 2026-12-31, 12-31, 12月31日, 明天, +7d, 7天后 or 15个工作日.`,
    noSuchDay: (year, month, day, last) =>
      `${new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' })}${year === undefined ? '' : ` ${year}`} has no day ${day}. Check the date: that month ends on day ${last}.`,
    dateTooFar: (input, years) => `The date “${input}” is more than ${years} years from today. Give a date within ${years} years, such as +30d or 12-31.`,
    dueInPast: (due, today) => `The deadline ${due} is before today (${today}). Give today or a later date, such as +7d or 15个工作日.`,
    outsidePeriod: (date, entry, end) => `The end of on-site work ${date} is outside the period ${entry} to ${end}. Give a date within it.`,
    feedbackBeforeEntry: (date, entry) => `The feedback date ${date} is before the entry date ${entry}. Give a date after the entry.`,
    endBeforeEntry: (entry, end) => `The end date ${end} is before the entry date ${entry}. Check the order of the two dates.`,
    notOneOf: (what, input, options) => `${what} has no choice “${input}”. Choose one of: ${list(options)}.`,
    badRef: (input, example) => `“${input}” is not a valid reference. Write it as ${example}.`,
    unknownRef: (ref, listCommand) => `This team has no ${ref}. Send ${listCommand} to see the references there are.`,
    nothingToChange: 'Nothing to change. Give at least one option to change, e.g. --unit <unit>.',
    notDraft: (ref, state) => `${ref} is ${state}; only a draft can be reviewed. Send /finding show ${ref} to see where it stands.`,
    subjectOnlyInDm: "A clue's subject and their post are typed only in a direct message with me. Send /finding clue <F> --subject <person> --post <post> there.",
    reportedInFuture: (date, today) => `The report to the leading group is dated ${date}, after today (${today}). Report first, then record the handover.`,
    handover: {
      notReported: (ref) => `${ref} is a problem clue: it is reported to the leading group before it is handed over. Give the date with --reported <date>.`,
      importantClue: (ref) => `${ref} is an important clue and does not go to the unit. Hand it to the discipline commission (--to 纪委监委; selection matters to 组织部).`,
      selectionOnly: (ref) => `The organisation department receives selection and appointment matters only, and ${ref} has no 选人用人 tag. If it is one, tag it first with /finding edit ${ref} --tag 选人用人.`,
      leadershipToUnit: (ref) => `${ref} is about the unit's main leader or a member of its leadership: it cannot go to the unit. Hand it to the discipline commission or the organisation department.`,
      postUnknown: (ref) => `${ref} has no post recorded for its subject, so nothing rules out the unit's leadership. First send /finding clue ${ref} --post 其他 in a direct message with me, then hand it to the unit.`,
    },
    handoverNeedsConfirmed: (ref, state) => `${ref} is ${state} and cannot be handed over yet. Have it reviewed (/finding review ${ref}) and confirmed by the leader (/finding confirm ${ref}) first.`,
    unknownRule: (id) => `There is no rule “${id}”. Send /rule for the categories.`,
    unknownHelpTopic: (topic, meant) => `There is no command “${topic}”. ${meant ? `Did you mean /help ${meant}?` : 'Send /help for the list.'}`,
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
    withheld: 'This reply quotes what you may not read, so it was not sent. If you really need it, ask the team leader or the office.',
    redelivered: 'This message was handled already (the platform delivered it again): it was not run twice.',
    unboundChat: 'This is a conversation between people: it shows no team data and cannot be bound to a team. Use the team’s group chat or your direct message with me.',
    officeOnly: 'This command sums up every team, for the inspection office alone. Ask the office if you need it.',
    supervisorFrom: (date) => `Supervision of rectification starts at feedback: from ${date} you can see the team's rectification tasks and record follow-ups.`,
    supervisorNoFeedback: "Supervision of rectification starts at feedback: the team has not set its feedback date yet (/team period … --feedback <date>); from then on you can see its rectification tasks.",
  },
};
