/**
 * Random command sequences for the leak property: abstract steps (who, where, which command, which
 * record by index) that the runner turns into lines against the world as it stands, so that most
 * commands name a record that exists and shrinking keeps them meaningful.
 */
import fc from 'fast-check';
import type { LogicalUser } from '../contract/driver.ts';

/** Where a step is typed: the team's group, a group bound to no team, the user's DM with the bot, a DM between two people. */
export type Where = 'team' | 'other' | 'dm' | 'human';
/** Who types: a person, or the owner of the task the command names. */
export type Who = LogicalUser | 'owner';

export const UNITS = ['城关镇', '东关村'] as const;
export type Unit = (typeof UNITS)[number];

/** Short phrases after a canary's tag, so that texts read like the real thing. */
export const PHRASES = [
  '食堂超标准采购茶叶', '公车私用未登记', '某局长亲属违规承揽工程', '村集体资金账目不清', '违规发放津补贴',
  '收回车辆建立台账', '退还超标准费用', '修订公务接待制度', '会议记录与台账', '三资清理报告',
] as const;

/** A command, with its records named by index (resolved modulo the records that exist). */
export type Cmd =
  | { c: 'team' }
  | { c: 'team switch'; to: 'liaison→member' | 'member→liaison' | 'liaison back' | 'member back' }
  | { c: 'team period'; feedback: 'past' | 'future' | 'none' }
  | { c: 'finding add'; unit: Unit; cat: string; severity?: string; evidence: boolean; p: number }
  | { c: 'finding list'; clues: boolean }
  | { c: 'finding show'; f: number }
  | { c: 'finding edit'; f: number; p: number; evidence: boolean }
  | { c: 'finding review'; f: number }
  | { c: 'finding confirm'; f: number }
  | { c: 'finding clue'; f: number; importance?: '重要' | '一般'; subject?: number; post?: string }
  | { c: 'finding handover'; f: number; to: string; reported: boolean; note?: number }
  | { c: 'finding chain'; f: number; to: string; reported: boolean; p: number }
  | { c: 'finding receipt'; f: number; by: number }
  | { c: 'finding result'; f: number; result: string; note?: number }
  | { c: 'rectify add'; f: number; owner: LogicalUser; due: string; immediate: boolean; p: number }
  | { c: 'rectify list'; flag: '' | '--mine' | '--overdue' | '--due-soon' }
  | { c: 'rectify show'; r: number }
  | { c: 'rectify progress' | 'rectify done' | 'rectify reopen' | 'rectify extend'; r: number; p: number }
  | { c: 'rectify verify'; r: number }
  | { c: 'rectify followup'; r: number; result: string; note?: number }
  | { c: 'docs request'; unit: Unit; p: number }
  | { c: 'docs list' }
  | { c: 'docs show' | 'docs returned'; d: number }
  | { c: 'docs provided'; d: number; note?: number }
  | { c: 'secrecy'; sub: '' | 'ack' | 'status' }
  | { c: 'digest' | 'stats' | 'export' | 'audit' | 'rule' | 'overview' }
  | { c: 'digest chart'; day: string }
  | { c: 'help'; topic: boolean }
  | { c: 'report add'; f?: number; urgent: boolean; p: number }
  | { c: 'report list'; open: boolean }
  | { c: 'report show'; m: number }
  | { c: 'report answer'; m: number; p: number }
  | { c: 'recusal ack' | 'recusal status' }
  | { c: 'recusal declare'; unit: Unit; p: number };

/** The answers a person gives a form (each used by the form that asks for it). */
export interface FormPlan {
  unit: Unit;
  cat: string;
  p: number;
  f: number;
  owner: LogicalUser;
  due: string;
  immediate: boolean;
}

export type Step =
  | { t: 'say'; who: Who; where: Where; cmd: Cmd }
  /** Open a form (a command with no arguments) and, with `submit`, fill it in and send it. */
  | { t: 'form'; who: Who; where: Where; form: 'finding add' | 'rectify add'; plan: FormPlan; submit: boolean }
  /** Press a button of an earlier delivery (picked by index), as someone who saw it. */
  | { t: 'press'; pick: number; button: number; viewer: number }
  /** The daily digest job at 08:30 (the next one: a day later each time). */
  | { t: 'digest' };

/** A whole run: a salt for the canary tags, the round's dates, findings, a prelude that creates more records, and the rest. */
export interface Sequence {
  salt: number;
  round: Step[];
  findings: Step[];
  prelude: Step[];
  body: Step[];
}

/** A run's steps in order. */
export function stepsOf(seq: Sequence): Step[] {
  return [...seq.round, ...seq.findings, ...seq.prelude, ...seq.body];
}

/** The run cut just after step `last`: what comes later cannot matter to what that step showed. */
export function cutAfter(seq: Sequence, last: number): Sequence {
  let keep = last + 1;
  const take = (steps: Step[], min = 0) => {
    const kept = steps.slice(0, Math.max(min, keep));
    keep -= kept.length;
    return kept;
  };
  // In order: each part keeps what is left of the count; the body keeps at least one step, as the arbitrary requires.
  return { ...seq, round: take(seq.round), findings: take(seq.findings), prelude: take(seq.prelude), body: take(seq.body, 1) };
}

/** A weighted choice among constants. */
function weighted<T>(...choices: Array<[T, number]>): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
}

/** A record by index (modulo those that exist), mostly the first few: flags, tasks and reads then meet on the same records. */
const index = weighted([0, 6], [1, 4], [2, 2], [3, 1], [5, 1], [8, 1]);
/** A phrase by index. Like the salt it only dresses the canaries: not worth a shrinking step. */
const phrase = fc.noShrink(fc.nat({ max: PHRASES.length - 1 }));
const unit = fc.constantFrom(...UNITS);
const cat = fc.constantFrom('作风', '纪律建设', '政治建设', '反腐败');
const severity = fc.option(fc.constantFrom('一般', '较重', '严重'), { nil: undefined });
const owner = weighted<LogicalUser>(['member', 4], ['liaison', 3], ['leader', 2], ['outsider', 2], ['deputy', 1]);
const due = weighted(['+2d', 3], ['+7d', 3], ['+30d', 1]);

/** Who types, weighted towards those whose commands do something. */
const anyone = weighted<Who>(['leader', 5], ['member', 4], ['deputy', 3], ['liaison', 3], ['admin', 2], ['outsider', 1], ['owner', 2], ['supervisor', 2]);
const leaders = weighted<Who>(['leader', 5], ['deputy', 3], ['member', 1], ['admin', 1], ['supervisor', 1]);
const writers = weighted<Who>(['member', 4], ['leader', 3], ['deputy', 2], ['liaison', 1]);
/** Who reads records: the liaison often, since what they are shown is much of what can leak. */
const readers = weighted<Who>(['leader', 4], ['liaison', 5], ['member', 3], ['deputy', 2], ['admin', 1], ['outsider', 1], ['owner', 2], ['supervisor', 3]);

/** Where, weighted towards the team's group; the DM between two people only where the platform has it. */
function places(human: boolean): fc.Arbitrary<Where> {
  return weighted<Where>(['team', 6], ['dm', 4], ['other', 1], ...(human ? [['human', 2] as [Where, number]] : []));
}

/** A command family's weight, who usually types it, and its arguments. */
interface Entry {
  weight: number;
  who: fc.Arbitrary<Who>;
  cmd: fc.Arbitrary<Cmd>;
  /** Where it is typed, when not wherever the step's chats are. */
  where?: fc.Arbitrary<Where>;
}

/** The round's dates, mostly with a feedback date in the past (the liaison then sees their unit's tasks). */
const PERIOD: Entry = {
  weight: 2,
  who: weighted<Who>(['admin', 1], ['leader', 1]),
  cmd: fc.record({ c: fc.constant('team period' as const), feedback: weighted<'past' | 'future' | 'none'>(['past', 3], ['future', 1], ['none', 1]) }),
};

/** A finding logged; often with `--evidence`, which its sign-off needs. */
const FINDING_ADD: Entry = {
  weight: 5,
  who: writers,
  cmd: fc.record({ c: fc.constant('finding add' as const), unit, cat, severity, evidence: weighted([false, 1], [true, 1]), p: phrase }),
};

/**
 * The 底稿 chain in one step, as the team walks it: evidence noted where there is none, reviewed by the
 * deputy (the leader, for the deputy's own), signed by the leader, handed over. Taken one command at a
 * time at random, a finding almost never gets that far, and nothing after the handover would be tried.
 */
const CHAIN: Entry = {
  weight: 3,
  who: fc.constant<Who>('leader'),
  cmd: fc.record({
    c: fc.constant('finding chain' as const),
    f: index,
    to: fc.constantFrom('纪委', '纪委监委', '组织部', '单位'),
    reported: weighted([true, 4], [false, 1]),
    p: phrase,
  }),
};

/** Commands that create the records the rest works on. */
const CREATING: Entry[] = [
  FINDING_ADD,
  {
    weight: 4,
    who: weighted<Who>(['leader', 3], ['deputy', 2]),
    cmd: fc.record({ c: fc.constant('finding clue' as const), f: index, importance: fc.option(fc.constantFrom('重要' as const, '一般' as const), { nil: undefined }) }),
  },
  // A subject (and a post) belong in a DM; sometimes they are typed in the group all the same.
  {
    weight: 3,
    who: weighted<Who>(['leader', 3], ['deputy', 2]),
    cmd: fc.record({
      c: fc.constant('finding clue' as const),
      f: index,
      importance: fc.option(fc.constantFrom('重要' as const, '一般' as const), { nil: undefined }),
      subject: phrase,
      post: fc.option(fc.constantFrom('主要负责人', '班子成员', '其他'), { nil: undefined, freq: 4 }),
    }),
    where: weighted<Where>(['dm', 4], ['team', 1]),
  },
  {
    weight: 5,
    who: weighted<Who>(['leader', 3], ['deputy', 2]),
    cmd: fc.record({ c: fc.constant('rectify add' as const), f: index, owner, due, immediate: fc.boolean(), p: phrase }),
  },
  { weight: 2, who: writers, cmd: fc.record({ c: fc.constant('docs request' as const), unit, p: phrase }) },
  // 请示报告: now and then about a finding, which may be a clue.
  {
    weight: 3,
    who: weighted<Who>(['leader', 3], ['deputy', 2], ['member', 1]),
    cmd: fc.record({ c: fc.constant('report add' as const), f: fc.option(index, { nil: undefined }), urgent: fc.boolean(), p: phrase }),
  },
  // The liaison made a member: what the bot then shows them is what the property is about.
  { weight: 1, who: weighted<Who>(['admin', 1], ['leader', 1]), cmd: fc.constant<Cmd>({ c: 'team switch', to: 'liaison→member' }) },
  PERIOD,
  CHAIN,
];

/** A command with no arguments. */
const simple = (c: Cmd['c'], weight: number, who = anyone): Entry => ({ weight, who, cmd: fc.constant({ c } as Cmd) });

/** Every other command family, weighted towards what shows records. */
const OTHERS: Entry[] = [
  simple('team', 1),
  {
    weight: 2,
    who: weighted<Who>(['admin', 2], ['leader', 2], ['member', 1]),
    cmd: fc.record({
      c: fc.constant('team switch' as const),
      to: weighted<'liaison→member' | 'member→liaison' | 'liaison back' | 'member back'>(['liaison→member', 3], ['member→liaison', 2], ['liaison back', 1], ['member back', 1]),
    }),
  },
  { weight: 4, who: readers, cmd: fc.record({ c: fc.constant('finding list' as const), clues: weighted([false, 2], [true, 1]) }) },
  { weight: 4, who: readers, cmd: fc.record({ c: fc.constant('finding show' as const), f: index }) },
  { weight: 2, who: writers, cmd: fc.record({ c: fc.constant('finding edit' as const), f: index, p: phrase, evidence: weighted([false, 3], [true, 1]) }) },
  { weight: 1, who: leaders, cmd: fc.record({ c: fc.constant('finding review' as const), f: index }) },
  { weight: 2, who: leaders, cmd: fc.record({ c: fc.constant('finding confirm' as const), f: index }) },
  {
    weight: 2,
    who: leaders,
    cmd: fc.record({
      c: fc.constant('finding handover' as const),
      f: index,
      to: fc.constantFrom('纪委', '纪委监委', '组织部', '单位'),
      reported: fc.boolean(),
      note: fc.option(phrase, { nil: undefined, freq: 2 }),
    }),
  },
  // The clue channel after the handover: who signed for it (a name, as typed), and what became of it.
  { weight: 3, who: leaders, cmd: fc.record({ c: fc.constant('finding receipt' as const), f: index, by: phrase }) },
  {
    weight: 3,
    who: leaders,
    cmd: fc.record({
      c: fc.constant('finding result' as const),
      f: index,
      result: fc.constantFrom('谈话函询', '初步核实', '暂存待查', '予以了结', '立案审查'),
      note: fc.option(phrase, { nil: undefined, freq: 2 }),
    }),
  },
  {
    weight: 4,
    who: anyone,
    cmd: fc.record({ c: fc.constant('rectify list' as const), flag: weighted<'' | '--mine' | '--overdue' | '--due-soon'>(['', 4], ['--mine', 1], ['--overdue', 1], ['--due-soon', 1]) }),
  },
  { weight: 4, who: readers, cmd: fc.record({ c: fc.constant('rectify show' as const), r: index }) },
  // The liaison checking their unit's tasks in private, as they may after feedback: what else they get to see matters.
  {
    weight: 2,
    who: fc.constant<Who>('liaison'),
    cmd: fc.oneof(fc.constant<Cmd>({ c: 'rectify list', flag: '' }), fc.record({ c: fc.constant('rectify show' as const), r: index })),
    where: fc.constant<Where>('dm'),
  },
  // The supervisor following rectification in private, as they may after feedback: tasks, the findings they fix, follow-ups, the digest.
  {
    weight: 2,
    who: fc.constant<Who>('supervisor'),
    cmd: fc.oneof(
      fc.constant<Cmd>({ c: 'rectify list', flag: '' }),
      fc.record({ c: fc.constant('rectify show' as const), r: index }),
      fc.record({ c: fc.constant('finding show' as const), f: index }),
      fc.record({ c: fc.constant('rectify followup' as const), r: index, result: fc.constantFrom('巩固', '反弹', '未到位'), note: fc.option(phrase, { nil: undefined }) }),
      fc.constant<Cmd>({ c: 'digest' }),
    ),
    where: weighted<Where>(['dm', 3], ['team', 1]),
  },
  {
    weight: 5,
    who: weighted<Who>(['owner', 5], ['leader', 2], ['member', 1], ['liaison', 1]),
    cmd: fc.record({ c: fc.constantFrom('rectify progress' as const, 'rectify done' as const), r: index, p: phrase }),
  },
  { weight: 2, who: leaders, cmd: fc.record({ c: fc.constantFrom('rectify reopen' as const, 'rectify extend' as const), r: index, p: phrase }) },
  { weight: 2, who: leaders, cmd: fc.record({ c: fc.constant('rectify verify' as const), r: index }) },
  {
    weight: 1,
    who: leaders,
    cmd: fc.record({ c: fc.constant('rectify followup' as const), r: index, result: fc.constantFrom('巩固', '反弹', '未到位'), note: fc.option(phrase, { nil: undefined }) }),
  },
  simple('docs list', 2, readers),
  { weight: 2, who: readers, cmd: fc.record({ c: fc.constant('docs show' as const), d: index }) },
  { weight: 2, who: weighted<Who>(['liaison', 3], ['member', 1]), cmd: fc.record({ c: fc.constant('docs provided' as const), d: index, note: fc.option(phrase, { nil: undefined }) }) },
  { weight: 1, who: writers, cmd: fc.record({ c: fc.constant('docs returned' as const), d: index }) },
  { weight: 2, who: anyone, cmd: fc.record({ c: fc.constant('secrecy' as const), sub: fc.constantFrom('' as const, 'ack' as const, 'status' as const) }) },
  simple('digest', 3),
  // The weekday the digest carries the team's chart (a picture for the group, judged like any delivery): the days the runs' digests fall on.
  { weight: 1, who: weighted<Who>(['leader', 3], ['member', 1]), cmd: fc.record({ c: fc.constant('digest chart' as const), day: fc.constantFrom('周四', '周五', '不发') }) },
  simple('stats', 3),
  simple('export', 2, leaders),
  simple('audit', 1, leaders),
  simple('rule', 1),
  // The office's page across teams: counts only, to the asker alone; tried by others too, and in every chat.
  simple('overview', 1, weighted<Who>(['admin', 3], ['leader', 1], ['liaison', 1], ['outsider', 1])),
  { weight: 1, who: anyone, cmd: fc.record({ c: fc.constant('help' as const), topic: fc.boolean() }) },
  { weight: 2, who: readers, cmd: fc.record({ c: fc.constant('report list' as const), open: fc.boolean() }) },
  { weight: 2, who: readers, cmd: fc.record({ c: fc.constant('report show' as const), m: index }) },
  { weight: 2, who: weighted<Who>(['admin', 4], ['leader', 1]), cmd: fc.record({ c: fc.constant('report answer' as const), m: index, p: phrase }) },
  simple('recusal ack', 1, writers),
  simple('recusal status', 1, readers),
];

/**
 * A conflict declared (回避), mostly in the DM with the bot where it is taken: from then on the declarant
 * may not read that unit's findings, nor the tasks and matters made from them, wherever they are shown.
 */
const DECLARE: Entry = {
  weight: 1,
  who: weighted<Who>(['member', 3], ['deputy', 1], ['leader', 1], ['liaison', 1]),
  cmd: fc.record({ c: fc.constant('recusal declare' as const), unit, p: phrase }),
  where: weighted<Where>(['dm', 4], ['team', 1]),
};

/**
 * Typed command steps from `entries`, typed in `where`. Built from records and constants only (no
 * `map`), so that fast-check can shrink a value it did not generate (a run cut at its leak).
 */
function says(entries: Entry[], where: fc.Arbitrary<Where>): fc.Arbitrary<Step> {
  return fc.oneof(...entries.map((e) => ({ weight: e.weight, arbitrary: fc.record({ t: fc.constant('say' as const), who: e.who, where: e.where ?? where, cmd: e.cmd }) })));
}

const formPlan: fc.Arbitrary<FormPlan> = fc.record({ unit, cat: fc.constantFrom('作风建设', '纪律建设', '反腐败'), p: phrase, f: index, owner, due, immediate: fc.boolean() });

/**
 * Any step: commands of every family, forms, button presses, the daily digest. Without `recusals`, no
 * conflict is declared: see countsSequences.
 */
export function anyStep(options: { human: boolean; forms: boolean; recusals?: boolean }): fc.Arbitrary<Step> {
  return fc.oneof(
    { weight: 14, arbitrary: says([...CREATING, ...OTHERS, ...(options.recusals === false ? [] : [DECLARE])], places(options.human)) },
    ...(options.forms
      ? [{
          weight: 2,
          arbitrary: fc.record({
            t: fc.constant('form' as const),
            who: weighted<Who>(['leader', 3], ['deputy', 2], ['member', 2]),
            where: places(options.human),
            form: fc.constantFrom('finding add' as const, 'rectify add' as const),
            plan: formPlan,
            submit: weighted([true, 3], [false, 1]),
          }),
        }]
      : []),
    { weight: 3, arbitrary: fc.record({ t: fc.constant('press' as const), pick: fc.nat({ max: 40 }), button: fc.nat({ max: 4 }), viewer: fc.nat({ max: 5 }) }) },
    { weight: 1, arbitrary: fc.constant({ t: 'digest' as const }) },
  );
}

/** The first steps log findings, so that the prelude's flags and tasks have findings to name. */
const findingStep = (): fc.Arbitrary<Step> => says([FINDING_ADD], weighted<Where>(['team', 3], ['dm', 2]));

/** Prelude steps create records, in the team's group or a DM, and now and then declare a conflict, for the body to run under. */
const preludeStep = (): fc.Arbitrary<Step> => says([...CREATING, { ...DECLARE, weight: 2 }], weighted<Where>(['team', 3], ['dm', 2]));

/** Whole runs for one platform: `steps` bounds the body's length. */
export function sequences(options: { human: boolean; forms: boolean; steps: number }): fc.Arbitrary<Sequence> {
  return fc.record({
    salt: fc.noShrink(fc.nat({ max: 0xfffff })),
    // Lengths over the whole range (fast-check's default size would stop near ten steps). Shrinking removes
    // steps but leaves each step as it was: fewer steps is what makes a reproduction readable, and cheap.
    // Half the runs start by setting the round's dates (mostly with feedback passed, so that the liaison sees tasks).
    round: fc.array(fc.noShrink(says([PERIOD], weighted<Where>(['team', 1], ['dm', 1]))), { maxLength: 1, size: 'max' }),
    findings: fc.array(fc.noShrink(findingStep()), { maxLength: 4, size: 'max' }),
    prelude: fc.array(fc.noShrink(preludeStep()), { maxLength: 6, size: 'max' }),
    body: fc.array(fc.noShrink(anyStep(options)), { minLength: 1, maxLength: options.steps, size: 'max' }),
  });
}

/** The attributes that differ between the two worlds of the counts property. */
export interface ClueAttributes {
  unit: Unit;
  cat: string;
  severity: string;
  source: string;
}

/** A clue logged in its author's DM and flagged at once, with different attributes in each world. */
export interface ClueSeed {
  author: 'leader' | 'deputy' | 'member';
  flagger: 'leader' | 'deputy';
  p: number;
  a: ClueAttributes;
  b: ClueAttributes;
}

/** A run of the counts property: ordinary findings, clues that differ between the worlds, then the rest. */
export interface CountsSequence {
  salt: number;
  ordinary: Step[];
  clues: ClueSeed[];
  body: Step[];
}

const attributes: fc.Arbitrary<ClueAttributes> = fc.record({
  unit,
  cat: fc.constantFrom('作风建设', '纪律建设', '反腐败', '组织建设'),
  severity: fc.constantFrom('一般', '较重', '严重'),
  source: fc.constantFrom('个别谈话', '来信来访', '调阅材料', '走访调研'),
});

/**
 * Runs of the counts property (no forms: the console has none). No conflict is declared in them: a
 * declared conflict rightly makes what its declarant may do depend on a record's unit, a clue's
 * included (a task on a clue of that unit may not be theirs, so it is refused in one world and made,
 * numbered, in the other), and the two worlds would part by design. What the declarant and the group
 * are shown under a conflict is judged by the leak property.
 */
export function countsSequences(steps: number): fc.Arbitrary<CountsSequence> {
  const ordinary: Entry = {
    weight: 1,
    who: weighted<Who>(['member', 2], ['leader', 1]),
    cmd: fc.record({ c: fc.constant('finding add' as const), unit, cat, severity, evidence: fc.constant(false), p: phrase }),
  };
  return fc.record({
    salt: fc.noShrink(fc.nat({ max: 0xfffff })),
    ordinary: fc.array(fc.noShrink(says([ordinary], weighted<Where>(['team', 1], ['dm', 1]))), { maxLength: 3, size: 'max' }),
    clues: fc.array(
      fc.noShrink(
        fc.record({
          author: fc.constantFrom('leader' as const, 'deputy' as const, 'member' as const),
          flagger: fc.constantFrom('leader' as const, 'deputy' as const),
          p: phrase,
          a: attributes,
          b: attributes,
        }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    body: fc.array(fc.noShrink(anyStep({ human: false, forms: false, recusals: false })), { minLength: 1, maxLength: steps, size: 'max' }),
  });
}
