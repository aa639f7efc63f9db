/**
 * Running abstract steps on a platform: each step becomes a line typed, a form filled, a button pressed
 * or the daily digest, through the adapter driver; what was delivered is judged by the world.
 */
import type { Delivery, DeliveryButton, FormAnswers, InteractiveDriver, InteractiveDriverFactory, LogicalUser } from '../contract/driver.ts';
import { PHRASES, stepsOf, type Cmd, type Sequence, type Step, type Where, type Who } from './generate.ts';
import { audienceOf, LIAISON_UNIT, World, type Leak } from './world.ts';

export const TEAM_NAME = '第一巡察组';

/** The office sets the team up in its group chat: two units, leader, deputy, member, the liaison of 城关镇, and a supervisor. */
export const SETUP: ReadonlyArray<readonly [LogicalUser, string]> = [
  ['admin', `/team create ${TEAM_NAME}`],
  ['admin', `/team unit add ${LIAISON_UNIT}`],
  ['admin', '/team unit add 东关村'],
  ['admin', '/team add {leader} leader'],
  ['admin', '/team add {deputy} deputy'],
  ['admin', '/team add {member} member'],
  ['admin', `/team add {liaison} liaison --unit ${LIAISON_UNIT}`],
  ['admin', '/team add {supervisor} 监督 --org 纪委监委'],
];

/** One step as it was done: what a person would read in a transcript, and what it delivered. */
export interface Done {
  index: number;
  /** `who@where: line`, or what was pressed, filled or run. */
  line: string;
  /** The command's family and subcommand, for grouping leaks. */
  command: string;
  delivered: Delivery[];
}

/** Dates of the round: the feedback date is before the bot's today (2026-11-25) or after it. */
const PERIOD = { past: '2026-11-20', future: '2027-01-10' } as const;

/** `/team add …` lines that switch people between liaison and team roles. */
const SWITCHES = {
  'liaison→member': '/team add {liaison} member',
  'member→liaison': `/team add {member} liaison --unit ${LIAISON_UNIT}`,
  'liaison back': `/team add {liaison} liaison --unit ${LIAISON_UNIT}`,
  'member back': '/team add {member} member',
} as const;

/** A button that was delivered, with who saw it: something to press later. */
interface Pressable {
  on: Delivery;
  viewers: LogicalUser[];
  step: number;
}

/** One platform, one fresh bot, one world: runs steps and judges what each delivered. */
export class Runner {
  readonly world: World;
  readonly done: Done[] = [];
  private readonly pressables: Pressable[] = [];
  /** The feedback date as last set by a command typed where it takes effect (a fallback for the store's). */
  private feedbackPast = false;

  constructor(readonly driver: InteractiveDriver, salt: number) {
    this.world = new World(driver, salt);
  }

  /** A fresh driver with the team set up. */
  static async start(make: InteractiveDriverFactory, salt: number): Promise<Runner> {
    const driver = make();
    await driver.setup();
    const runner = new Runner(driver, salt);
    try {
      for (const [user, line] of SETUP) {
        const out = await driver.sayIn(user, 'team', line);
        if (!out.some((d) => d.to === 'group')) throw new Error(`setup failed at ${line}: ${JSON.stringify(out)}`);
      }
      await runner.world.observe(driver.store(), false);
    } catch (err) {
      await driver.close();
      throw err;
    }
    return runner;
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  /** Do one step and judge it; returns the leaks it showed. */
  async step(step: Step, index: number): Promise<Leak[]> {
    const auditBefore = this.world.facts.audit.length;
    const done = await this.perform(step, index);
    this.done.push(done);
    await this.world.observe(this.driver.store(), this.feedbackPast);
    for (const d of done.delivered) {
      if (!d.buttons?.length) continue;
      const { who } = audienceOf(d, this.driver.extraChats);
      if (who?.length) this.pressables.push({ on: d, viewers: who, step: index });
    }
    return this.world.judge(index, done.line, done.command, done.delivered, auditBefore);
  }

  /** The chat a step is typed in, and who types there: the DM between two people has only its two. */
  private place(who: LogicalUser, where: Where): { who: LogicalUser; where: Where } {
    const pair = this.driver.extraChats.human;
    if (where !== 'human') return { who, where };
    if (!pair) return { who, where: 'dm' };
    if (pair.includes(who)) return { who, where };
    return { who: ['admin', 'leader', 'deputy'].includes(who) ? pair[0]! : pair[pair.length - 1]!, where };
  }

  /** A record's reference from an index: modulo the records that exist, so that most commands name one. */
  private ref(type: 'F' | 'R' | 'D' | 'M', i: number): { ref: string; n: number } {
    const n = 1 + (i % Math.max(1, this.world.count(type)));
    return { ref: `${type}-${n}`, n };
  }

  /** Who types: `owner` is the owner of the task the command names. */
  private typist(who: Who, cmd?: Cmd): LogicalUser {
    if (who !== 'owner') return who;
    const r = cmd && 'r' in cmd ? this.world.facts.tasks.get(this.ref('R', cmd.r).n) : undefined;
    return r?.owner ?? 'member';
  }

  private async perform(step: Step, index: number): Promise<Done> {
    const d = this.driver;
    switch (step.t) {
      case 'say': {
        if (step.cmd.c === 'finding chain') return this.chain(step.cmd, step.where, index);
        const { who, where } = this.place(this.typist(step.who, step.cmd), step.where);
        const line = this.render(step.cmd, who, where, index);
        return { index, line: `${who}@${where}: ${line}`, command: `/${step.cmd.c}`, delivered: await d.sayIn(who, where, line) };
      }
      case 'form': {
        const { who, where } = this.place(this.typist(step.who), step.where);
        const delivered = await d.sayIn(who, where, `/${step.form}`);
        let line = `${who}@${where}: /${step.form} (form)`;
        if (step.submit && d.fill) {
          const answers = this.answers(step, who, index);
          line += ` filled with ${JSON.stringify(answers)}`;
          delivered.push(...(await d.fill(who, where, answers)));
        }
        return { index, line, command: `form /${step.form}`, delivered };
      }
      case 'press': {
        if (!this.pressables.length) return { index, line: 'press (nothing to press yet)', command: 'press', delivered: [] };
        const { on, viewers, step: from } = this.pressables[step.pick % this.pressables.length]!;
        const buttons = on.buttons!;
        const button: DeliveryButton = buttons[step.button % buttons.length]!;
        const who = viewers[step.viewer % viewers.length]!;
        const what = button.command ?? button.data ?? '';
        const line = `${who} presses [${button.label}] (${what}) on a ${audienceOf(on, d.extraChats).how} message of step ${from + 1}`;
        const family = button.command ? /^\/\S+(?: [a-z]+)?/.exec(button.command)?.[0] : 'a form option';
        return { index, line, command: `press ${family ?? what}`, delivered: await d.press(who, on, button) };
      }
      case 'digest':
        return { index, line: 'the daily digest job runs at 08:30 (a day later)', command: 'digest job', delivered: await d.digest('08:30') };
    }
  }

  /** The 底稿 chain of one finding, each command by whom the team has do it, all in the step's chat; what each delivered is the step's. */
  private async chain(cmd: Extract<Cmd, { c: 'finding chain' }>, at: Where, index: number): Promise<Done> {
    const { ref, n } = this.ref('F', cmd.f);
    const facts = this.world.facts.findings.get(n);
    const lines: Array<[LogicalUser, string]> = [];
    if (facts && !facts.json.includes('"evidence"')) {
      lines.push(['leader', `/finding edit ${ref} --evidence ${this.world.canary('evidence', 'leader', index, { type: 'F', n }, PHRASES[cmd.p]!)}`]);
    }
    lines.push([facts?.author === 'deputy' ? 'leader' : 'deputy', `/finding review ${ref}`]);
    lines.push(['leader', `/finding confirm ${ref}`]);
    lines.push(['leader', `/finding handover ${ref} --to ${cmd.to}${cmd.reported ? ' --reported 2026-11-24' : ''}`]);
    const done: Done = { index, line: '', command: '/finding chain', delivered: [] };
    const typed: string[] = [];
    for (const [user, line] of lines) {
      const { who, where } = this.place(user, at);
      typed.push(`${who}@${where}: ${line}`);
      done.delivered.push(...(await this.driver.sayIn(who, where, line)));
    }
    return { ...done, line: typed.join(' ⏎ ') };
  }

  /** A form's answers; its texts are canaries, as typed ones are. */
  private answers(step: Extract<Step, { t: 'form' }>, who: LogicalUser, index: number): FormAnswers {
    const { plan } = step;
    const phrase = PHRASES[plan.p]!;
    if (step.form === 'finding add') {
      return { unit: plan.unit, cat: plan.cat, text: this.world.canary('finding', who, index, { type: 'F' }, phrase) };
    }
    return {
      ref: this.ref('F', plan.f).ref,
      measure: this.world.canary('task', who, index, { type: 'R' }, phrase),
      owner: `{${plan.owner}}`,
      due: plan.due,
      immediate: plan.immediate,
    };
  }

  /** The line a command comes to, typed by `who` in `where`, its texts made canaries. */
  private render(cmd: Cmd, who: LogicalUser, where: Where, index: number): string {
    const w = this.world;
    const canary = (kind: Parameters<World['canary']>[0], target: Parameters<World['canary']>[3], p: number) => w.canary(kind, who, index, target, PHRASES[p]!);
    const F = (i: number) => this.ref('F', i);
    const R = (i: number) => this.ref('R', i);
    const D = (i: number) => this.ref('D', i);
    const M = (i: number) => this.ref('M', i);
    switch (cmd.c) {
      case 'team':
        return '/team';
      case 'team switch':
        // Followed for the report (it tells a liaison shown findings as a member apart), not for judging.
        if (['admin', 'leader'].includes(who) && where !== 'other' && (cmd.to === 'liaison→member' || cmd.to === 'liaison back')) {
          this.world.liaisonMadeMember = cmd.to === 'liaison→member';
        }
        return SWITCHES[cmd.to];
      case 'team period': {
        const dates = '/team period 2026-11-01 2027-01-31';
        // A feedback date in the past lets the liaison see their unit's tasks: the oracle follows it, where the
        // command surely takes effect (the team's group, a DM with the bot), besides reading it from the team.
        if (['admin', 'leader'].includes(who) && (where === 'team' || where === 'dm')) {
          this.feedbackPast = cmd.feedback === 'past' ? true : cmd.feedback === 'future' ? false : this.feedbackPast;
        }
        return cmd.feedback === 'none' ? dates : `${dates} --feedback ${PERIOD[cmd.feedback]}`;
      }
      case 'finding add': {
        const text = canary('finding', { type: 'F' }, cmd.p);
        const evidence = cmd.evidence ? ` --evidence ${canary('evidence', { type: 'F' }, (cmd.p + 3) % PHRASES.length)}` : '';
        return `/finding add ${text} --unit ${cmd.unit} --cat ${cmd.cat}${cmd.severity ? ` --severity ${cmd.severity}` : ''}${evidence}`;
      }
      case 'finding list':
        return `/finding list${cmd.clues ? ' --clues' : ''}`;
      case 'finding show':
        return `/finding show ${F(cmd.f).ref}`;
      case 'finding edit': {
        const { ref, n } = F(cmd.f);
        const field = cmd.evidence ? '--evidence' : '--text';
        return `/finding edit ${ref} ${field} ${canary(cmd.evidence ? 'evidence' : 'finding', { type: 'F', n }, cmd.p)}`;
      }
      case 'finding review':
      case 'finding confirm':
        return `/${cmd.c} ${F(cmd.f).ref}`;
      case 'finding clue': {
        const { ref, n } = F(cmd.f);
        const subject = cmd.subject === undefined ? '' : ` --subject ${canary('subject', { type: 'F', n }, cmd.subject)}`;
        return `/finding clue ${ref}${cmd.importance ? ` --importance ${cmd.importance}` : ''}${subject}${cmd.post ? ` --post ${cmd.post}` : ''}`;
      }
      case 'finding handover': {
        const { ref, n } = F(cmd.f);
        const note = cmd.note === undefined ? '' : ` --note ${canary('handover', { type: 'F', n }, cmd.note)}`;
        return `/finding handover ${ref} --to ${cmd.to}${cmd.reported ? ' --reported 2026-11-24' : ''}${note}`;
      }
      case 'finding chain':
        throw new Error('the chain is several lines: see chain()');
      case 'finding receipt': {
        const { ref, n } = F(cmd.f);
        return `/finding receipt ${ref} --by ${canary('handover', { type: 'F', n }, cmd.by)}`;
      }
      case 'finding result': {
        const { ref, n } = F(cmd.f);
        const note = cmd.note === undefined ? '' : ` --note ${canary('handover', { type: 'F', n }, cmd.note)}`;
        return `/finding result ${ref} ${cmd.result}${note}`;
      }
      case 'rectify add':
        return `/rectify add ${F(cmd.f).ref} ${canary('task', { type: 'R' }, cmd.p)} --owner {${cmd.owner}} --due ${cmd.due}${cmd.immediate ? ' --immediate' : ''}`;
      case 'rectify list':
        return `/rectify list${cmd.flag ? ` ${cmd.flag}` : ''}`;
      case 'rectify show':
      case 'rectify verify':
        return `/${cmd.c} ${R(cmd.r).ref}`;
      case 'rectify progress':
      case 'rectify done':
      case 'rectify reopen': {
        const { ref, n } = R(cmd.r);
        return `/${cmd.c} ${ref} ${canary('task', { type: 'R', n }, cmd.p)}`;
      }
      case 'rectify extend': {
        const { ref, n } = R(cmd.r);
        return `/rectify extend ${ref} --due +14d --reason ${canary('task', { type: 'R', n }, cmd.p)}`;
      }
      case 'rectify followup': {
        const { ref, n } = R(cmd.r);
        const due = cmd.result === '巩固' ? '' : ' --due +10d';
        const note = cmd.note === undefined ? '' : ` --note ${canary('task', { type: 'R', n }, cmd.note)}`;
        return `/rectify followup ${ref} --result ${cmd.result}${due}${note}`;
      }
      case 'docs request':
        return `/docs request ${canary('doc', { type: 'D' }, cmd.p)} --unit ${cmd.unit} --due +3d`;
      case 'docs list':
        return '/docs list';
      case 'docs show':
      case 'docs returned':
        return `/${cmd.c} ${D(cmd.d).ref}`;
      case 'docs provided': {
        const { ref, n } = D(cmd.d);
        return `/docs provided ${ref}${cmd.note === undefined ? '' : ` ${canary('doc', { type: 'D', n }, cmd.note)}`}`;
      }
      case 'secrecy':
        return `/secrecy${cmd.sub ? ` ${cmd.sub}` : ''}`;
      case 'digest chart':
        return `/digest chart ${cmd.day}`;
      case 'rule':
        return '/rule 保密';
      case 'help':
        return cmd.topic ? '/help finding' : '/help';
      case 'report add': {
        const finding = cmd.f === undefined ? '' : ` --finding ${F(cmd.f).ref}`;
        return `/report add ${canary('matter', { type: 'M' }, cmd.p)}${finding}${cmd.urgent ? ' --urgent' : ''}`;
      }
      case 'report list':
        return `/report list${cmd.open ? ' --open' : ''}`;
      case 'report show':
        return `/report show ${M(cmd.m).ref}`;
      case 'report answer': {
        const { ref, n } = M(cmd.m);
        return `/report answer ${ref} ${canary('matter', { type: 'M', n }, cmd.p)}`;
      }
      case 'recusal declare':
        return `/recusal declare --unit ${cmd.unit} ${canary('reason', { type: 'T' }, cmd.p)}`;
      default:
        return `/${cmd.c}`;
    }
  }
}

/** What a run found: its leaks, the steps done up to the end (or to the first leak of `stopAt`), and its canary sightings. */
export interface RunResult {
  leaks: Leak[];
  done: Done[];
  sightings: World['sightings'];
}

/** Run a whole sequence on a fresh bot; with `stopAt`, stop at the first leak it accepts. */
export async function runSequence(make: InteractiveDriverFactory, seq: Sequence, stopAt?: (leak: Leak) => boolean): Promise<RunResult> {
  const runner = await Runner.start(make, seq.salt);
  const leaks: Leak[] = [];
  try {
    for (const [i, step] of stepsOf(seq).entries()) {
      const found = await runner.step(step, i);
      leaks.push(...found);
      if (stopAt && found.some(stopAt)) break;
    }
  } finally {
    await runner.close();
  }
  return { leaks, done: runner.done, sightings: runner.world.sightings };
}
