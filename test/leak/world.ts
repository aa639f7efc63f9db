/**
 * The oracle of the leak property: who is in which chat, who may read which canary, and what the team's
 * records say at the moment of a delivery. It knows people by their logical identity: the liaison is the
 * inspected unit's person whatever role the bot later records for them; the outsider never reads team data.
 *
 * The facts come from the records (glossary names: a finding's `clue`, `unit` and `author`; a task's
 * `finding`, `unit`, `owner` and `immediate`; a request's `unit`; a matter's `finding`; the team's
 * `period.feedback` and its `recusals`) and from the audit log; everything else the oracle learns from
 * what it typed.
 */
import type { AnyChat, Delivery, InteractiveDriver, LogicalUser } from '../contract/driver.ts';
import type { Harness } from '../helpers/harness.ts';

/** Everyone; the deputy and the supervisor too. */
export const CAST: readonly LogicalUser[] = ['admin', 'leader', 'deputy', 'member', 'liaison', 'outsider', 'supervisor'];
/** The team's group chat: the office, the team, the liaison and the supervisor (the spec: every member of the bound team). */
const TEAM_CHAT: readonly LogicalUser[] = ['admin', 'leader', 'deputy', 'member', 'liaison', 'supervisor'];
/** Who may read clue-level data besides its author; and the 请示报告 register and 回避 reasons, with whoever typed them. */
const CLUE_READERS: readonly LogicalUser[] = ['leader', 'deputy', 'admin'];
const LEADERS: readonly LogicalUser[] = ['leader', 'deputy', 'admin'];
/** Who may read ordinary team data: findings, tasks, requests. */
const TEAM_READERS: readonly LogicalUser[] = ['leader', 'deputy', 'member', 'admin'];
/** Who may receive the export workbook, which holds every canary there is. */
const FILE_READERS: readonly LogicalUser[] = ['leader', 'deputy', 'admin'];
/** The liaison's unit. */
export const LIAISON_UNIT = '城关镇';

/** The prefix of every canary: no reply template contains it. */
const MARK = '金丝雀';
/** A canary as it appears anywhere: the mark and the first five hex digits of its tag, unique in a run. */
const FIND = /金丝雀([0-9a-f]{5})/g;

/** What a canary is part of. */
export type CanaryKind = 'finding' | 'evidence' | 'subject' | 'handover' | 'task' | 'doc' | 'matter' | 'reason';

/** A unique text typed into the world, and the record it was meant for. */
export interface Canary {
  key: string;
  text: string;
  kind: CanaryKind;
  /** Who typed it: they may always read it. */
  typist: LogicalUser;
  /** The step it was typed in. */
  step: number;
  /**
   * The record it belongs to: its reference number once known (a new record's is found in the store);
   * `T` is the team's record of 回避 declarations (n 1 once the reason is stored).
   */
  target: { type: 'F' | 'R' | 'D' | 'M' | 'T'; n?: number };
}

/** A team record as the oracle needs it. */
interface FindingFacts { clue: boolean; unit: string; author?: LogicalUser; json: string }
interface TaskFacts { finding: number; unit: string; owner?: LogicalUser; immediate: boolean; json: string }
interface DocFacts { unit: string; json: string }
interface MatterFacts { finding?: number; json: string }

/** The state of the world after a step. */
export interface Facts {
  teamId?: string;
  findings: Map<number, FindingFacts>;
  tasks: Map<number, TaskFacts>;
  docs: Map<number, DocFacts>;
  matters: Map<number, MatterFacts>;
  /** Who declared a conflict with which units (回避); and the declarations as stored, for finding reasons. */
  recused: Map<LogicalUser, Set<string>>;
  recusalJson: string;
  /** Whether the team's feedback date is on or before the bot's today. */
  fedBack: boolean;
  /** Audit entries as stored, in order. */
  audit: Array<{ user: string; action: string; ref: string }>;
}

/** What a leak is about, for grouping. */
export type LeakType = 'visibility' | 'audit' | 'file' | 'counts';

/** One thing seen by someone who may not see it (or not audited, or a count that differs). */
export interface Leak {
  type: LeakType;
  adapter: string;
  /** What the canary is, as the oracle classifies it at that moment (`clue finding text`, `task on a clue` …). */
  what: string;
  /** Who saw it who should not have (for an audit leak: who read it without an entry). */
  viewers: string[];
  /** How it was shown: `group team`, `private (dm)`, `private (ephemeral in team)`, `modal` … */
  how: string;
  /** The step (index into the run's steps) and what was done there. */
  step: number;
  line: string;
  /** The producing command's family and subcommand (or `press …`, `form …`, `digest job`), for grouping. */
  command: string;
  excerpt: string;
}

/** How a delivery was shown, coarsely: a group by name, or one person (a DM, an ephemeral message or a form alike). */
export function placeOf(how: string): string {
  return how.startsWith('group') ? how.replace(/, file$/, '') : how.startsWith('form') ? 'form' : 'private';
}

/** A leak's class: the same leak seen twice is one (where exactly a private message sat does not make another). */
export function leakClass(l: Leak): string {
  return [l.adapter, l.type, l.what, l.viewers.join('+'), placeOf(l.how), l.command].join(' | ');
}

/** The people who see a delivery, and a short note of how. */
export function audienceOf(d: Delivery, extraChats: InteractiveDriver['extraChats']): { who: LogicalUser[] | undefined; how: string } {
  if (d.to === 'group') {
    const chat: AnyChat | undefined = d.chat;
    const how = `group ${chat ?? '(unknown chat)'}${d.echo ? ' (the typed command)' : ''}`;
    if (chat === 'team') return { who: [...TEAM_CHAT], how };
    if (chat === 'human') return { who: [...(extraChats.human ?? CAST)], how };
    return { who: [...CAST], how };
  }
  const how = d.form ? (d.where === 'dm' || d.where === undefined ? 'form (private)' : `form (private, in ${d.where})`) : d.where && d.where !== 'dm' ? `private (ephemeral in ${d.where})` : 'private (dm)';
  return { who: d.user ? [d.user] : undefined, how: d.file ? `${how}, file` : how };
}

/** Everything a person sees of a delivery: its text, and the labels of its buttons. */
export function shownText(d: Delivery): string {
  return [d.text, ...(d.buttons ?? []).map((b) => b.label)].join('\n');
}

/** A short excerpt around `at` in `text`, on one line. */
function excerpt(text: string, at: number): string {
  const from = Math.max(0, at - 30);
  return `${from > 0 ? '…' : ''}${text.slice(from, at + 50).replace(/\s*\n\s*/g, ' ⏎ ')}${at + 50 < text.length ? '…' : ''}`;
}

/** The ISO date in +08:00 (the bot's default time zone) of an instant. */
export function localDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The world of one run: the canaries typed so far, and the facts read after every step. */
export class World {
  readonly canaries = new Map<string, Canary>();
  private counter = 0;
  facts: Facts = { findings: new Map(), tasks: new Map(), docs: new Map(), matters: new Map(), recused: new Map(), recusalJson: '', fedBack: false, audit: [] };
  /** How many times a canary was seen at all, and a clue-level one: a property that never sees one proves nothing. */
  readonly sightings = { all: 0, clue: 0 };
  /** Whether the liaison was last made a member (`/team add {liaison} member` typed by the office or the leader). */
  liaisonMadeMember = false;
  private readonly byId: Map<string, LogicalUser>;

  constructor(
    private readonly driver: InteractiveDriver,
    /** Mixed into the tags: a different world per run, the same for the same run. */
    private readonly salt: number,
  ) {
    this.byId = new Map(CAST.map((u) => [driver.userId(u), u]));
  }

  /**
   * A new canary: the mark, an 8-hex tag whose first five digits are unique in this run (an odd
   * multiplier is a bijection modulo 2^20), then a short Chinese phrase.
   */
  canary(kind: CanaryKind, typist: LogicalUser, step: number, target: Canary['target'], phrase: string): string {
    const i = ++this.counter;
    const key = ((i * 0x9e3b5 + this.salt) & 0xfffff).toString(16).padStart(5, '0');
    const tail = (((i * 0x2f1 + (this.salt >>> 7)) & 0xfff) >>> 0).toString(16).padStart(3, '0');
    const text = `${MARK}${key}${tail}${phrase}`;
    this.canaries.set(key, { key, text, kind, typist, step, target: { ...target } });
    return text;
  }

  /** The logical user behind a core user id. */
  userOf(id: string | undefined): LogicalUser | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Read the facts after a step, and find the records new canaries went into. */
  async observe(h: Harness, extraFedBack: boolean): Promise<void> {
    const { services } = h.bot;
    const team = (await services.teams.all())[0];
    const facts: Facts = { teamId: team?.id, findings: new Map(), tasks: new Map(), docs: new Map(), matters: new Map(), recused: new Map(), recusalJson: '', fedBack: extraFedBack, audit: [] };
    if (team) {
      const today = localDate(h.clock.now());
      const feedback = (team as { period?: { feedback?: string } }).period?.feedback;
      facts.fedBack ||= feedback !== undefined && feedback <= today;
      for (const f of await services.findings.list(team.id)) {
        facts.findings.set(f.n, { clue: Boolean(f.clue), unit: f.unit, author: this.userOf(f.author), json: JSON.stringify(f) });
      }
      for (const r of await services.rectifications.list(team.id)) {
        facts.tasks.set(r.n, { finding: r.finding, unit: r.unit, owner: this.userOf(r.owner), immediate: r.immediate, json: JSON.stringify(r) });
      }
      for (const d of await services.docs.list(team.id)) facts.docs.set(d.n, { unit: d.unit, json: JSON.stringify(d) });
      for (const m of await services.matters.list(team.id)) facts.matters.set(m.n, { finding: m.finding, json: JSON.stringify(m) });
      const recusals = (team as { recusals?: Array<{ kind: string; user: string; unit?: string }> }).recusals ?? [];
      for (const r of recusals) {
        const who = this.userOf(r.user);
        if (r.kind !== 'conflict' || !who || !r.unit) continue;
        facts.recused.set(who, new Set([...(facts.recused.get(who) ?? []), r.unit]));
      }
      facts.recusalJson = JSON.stringify(recusals);
      facts.audit = (await services.audit.list(team.id)).map((e) => ({ user: e.user, action: e.action, ref: e.ref }));
    }
    this.facts = facts;
    for (const c of this.canaries.values()) {
      if (c.target.n !== undefined) continue;
      if (c.target.type === 'T') {
        if (facts.recusalJson.includes(c.text)) c.target.n = 1;
        continue;
      }
      for (const [n, r] of this.records(c.target.type)) if (r.json.includes(c.text)) c.target.n = n;
    }
  }

  /** The records of a kind, by number. */
  private records(type: 'F' | 'R' | 'D' | 'M'): Map<number, { json: string }> {
    const { facts } = this;
    return type === 'F' ? facts.findings : type === 'R' ? facts.tasks : type === 'D' ? facts.docs : facts.matters;
  }

  /** The number of the newest record of a kind (0: none yet). */
  count(type: 'F' | 'R' | 'D' | 'M'): number {
    return Math.max(0, ...this.records(type).keys());
  }

  /** Those who declared a conflict with `unit`: they may not read its findings, nor what is made of them. */
  private recusedFrom(unit: string | undefined): LogicalUser[] {
    return unit === undefined ? [] : [...this.facts.recused].filter(([, units]) => units.has(unit)).map(([u]) => u);
  }

  /**
   * Who may read a canary now, whether it is clue-level (never in a group, every read audited), whether it
   * may reach one person at a time only (the 请示报告 register, 回避 reasons), and what to call it.
   */
  readers(c: Canary): { readers: Set<LogicalUser>; clue: boolean; private?: true; what: string; refs: string[] } {
    const { facts } = this;
    const own = new Set<LogicalUser>([c.typist]);
    const add = (users: readonly (LogicalUser | undefined)[]) => {
      for (const u of users) if (u) own.add(u);
    };
    /** Whoever declared a conflict with the record's unit may not read it (the one who typed it is not judged for it). */
    const closeTo = (unit: string | undefined) => {
      for (const u of this.recusedFrom(unit)) if (u !== c.typist) own.delete(u);
    };
    const n = c.target.n;
    if (c.target.type === 'F') {
      const f = n === undefined ? undefined : facts.findings.get(n);
      if (!f) return { readers: own, clue: c.kind === 'subject', what: `unsaved ${c.kind}`, refs: [] };
      const name = c.kind === 'finding' ? 'finding text' : c.kind === 'subject' ? 'subject' : c.kind === 'handover' ? 'handover note' : 'evidence';
      if (f.clue || c.kind === 'subject') {
        add([...CLUE_READERS, f.author]);
        closeTo(f.unit);
        return { readers: own, clue: true, what: `clue ${name}`, refs: [`F-${n}`] };
      }
      add([...TEAM_READERS, f.author]);
      // The supervisor follows rectification from feedback: the findings that tasks fix, never a clue.
      if (facts.fedBack && [...facts.tasks.values()].some((r) => r.finding === n)) add(['supervisor']);
      closeTo(f.unit);
      return { readers: own, clue: false, what: name, refs: [`F-${n}`] };
    }
    if (c.target.type === 'R') {
      const r = n === undefined ? undefined : facts.tasks.get(n);
      if (!r) return { readers: own, clue: false, what: 'unsaved task text', refs: [] };
      const f = facts.findings.get(r.finding);
      if (f?.clue) {
        add([...CLUE_READERS, f.author]);
        closeTo(r.unit);
        return { readers: own, clue: true, what: 'task on a clue', refs: [`R-${n}`, `F-${r.finding}`] };
      }
      // The unit learns of its tasks at feedback, its fix-at-once ones (立行立改) at once; owning one gives
      // its liaison nothing sooner.
      add([...TEAM_READERS, r.owner === 'liaison' ? undefined : r.owner]);
      if (r.unit === LIAISON_UNIT && (facts.fedBack || r.immediate)) add(['liaison']);
      if (facts.fedBack) add(['supervisor']);
      closeTo(r.unit);
      return { readers: own, clue: false, what: 'task', refs: [`R-${n}`] };
    }
    if (c.target.type === 'M') {
      const m = n === undefined ? undefined : facts.matters.get(n);
      if (!m) return { readers: own, clue: false, private: true, what: `unsaved ${c.kind}`, refs: [] };
      // A matter about a clue is clue-level; one about a finding that cannot be found is taken for one.
      const f = m.finding === undefined ? undefined : facts.findings.get(m.finding);
      const clue = m.finding !== undefined && (f?.clue ?? true);
      add(LEADERS);
      closeTo(f?.unit);
      return { readers: own, clue, private: true, what: clue ? 'matter about a clue' : 'matter', refs: [`M-${n}`] };
    }
    if (c.target.type === 'T') {
      if (n === undefined) return { readers: own, clue: false, private: true, what: 'unsaved recusal reason', refs: [] };
      add(LEADERS);
      return { readers: own, clue: false, private: true, what: 'recusal reason', refs: [] };
    }
    const d = n === undefined ? undefined : facts.docs.get(n);
    if (!d) return { readers: own, clue: false, what: 'unsaved request text', refs: [] };
    add(TEAM_READERS);
    if (d.unit === LIAISON_UNIT) add(['liaison']);
    return { readers: own, clue: false, what: 'doc request', refs: [`D-${n}`] };
  }

  /**
   * Judge what one step delivered: every canary shown must be readable by everyone who saw it (and
   * clue-level ones never in a group); every clue-level delivery to a person needs an audit entry for
   * that person and that record, written during the step; a file goes only to those who may read all.
   */
  judge(step: number, line: string, command: string, delivered: Delivery[], auditBefore: number): Leak[] {
    const leaks: Leak[] = [];
    const fresh = this.facts.audit.slice(auditBefore);
    const audited = (user: LogicalUser, refs: string[]) => fresh.some((e) => e.user === this.driver.userId(user) && refs.includes(e.ref));
    const base = { adapter: this.driver.name, step, line, command };
    for (const d of delivered) {
      const { who, how } = audienceOf(d, this.driver.extraChats);
      const text = shownText(d);
      const seen = new Set<string>();
      for (const m of text.matchAll(FIND)) {
        const c = this.canaries.get(m[1]!);
        if (!c || seen.has(c.key)) continue;
        seen.add(c.key);
        const r = this.readers(c);
        this.sightings.all++;
        if (r.clue) this.sightings.clue++;
        const bit = excerpt(text, m.index);
        if (!who) {
          leaks.push({ ...base, type: 'visibility', what: r.what, viewers: ['(unknown recipient)'], how, excerpt: bit });
          continue;
        }
        const wrong = d.to === 'group' && (r.clue || r.private) ? who : who.filter((u) => !r.readers.has(u));
        if (wrong.length) {
          const viewers = d.to === 'private' ? wrong.map((u) => this.viewer(u, c)) : [...wrong].sort();
          leaks.push({ ...base, type: 'visibility', what: r.what, viewers, how, excerpt: bit });
          continue;
        }
        // The one who typed it, answered in the same step, is shown their own words.
        const ownEcho = c.step === step && who.length === 1 && who[0] === c.typist;
        if (r.clue && d.to === 'private' && d.user && !ownEcho && !audited(d.user, r.refs)) {
          leaks.push({ ...base, type: 'audit', what: r.what, viewers: [this.viewer(d.user, c)], how, excerpt: `no audit entry for ${r.refs.join('/')}: ${bit}` });
        }
      }
      if (d.file) leaks.push(...this.judgeFile(d, who, how, base, audited));
    }
    return leaks;
  }

  /**
   * A person, with what may have made the bot show them a canary: they own its task, the liaison after
   * the feedback date (their unit's task), or the liaison recorded as a member. It tells leaks of one
   * kind apart by their cause.
   */
  private viewer(u: LogicalUser, c: Canary): string {
    const task = c.target.type === 'R' && c.target.n !== undefined ? this.facts.tasks.get(c.target.n) : undefined;
    const tags = [
      task?.owner === u && 'owner',
      u === 'liaison' && task?.unit === LIAISON_UNIT && this.facts.fedBack && 'after feedback',
      u === 'liaison' && this.liaisonMadeMember && 'made a member',
    ].filter(Boolean);
    return tags.length ? `${u} [${tags.join(', ')}]` : u;
  }

  /**
   * The export workbook holds every canary there is: only the leaders and the office may get it,
   * privately, each clue in it audited. A chart's picture holds counts and the names of units and
   * categories, never a canary: it may be shown to the team's chat and no further (the counts property
   * compares what it shows).
   */
  private judgeFile(
    d: Delivery,
    who: LogicalUser[] | undefined,
    how: string,
    base: Pick<Leak, 'adapter' | 'step' | 'line' | 'command'>,
    audited: (user: LogicalUser, refs: string[]) => boolean,
  ): Leak[] {
    if (d.file?.endsWith('.png')) {
      const outside = who ? who.filter((u) => !TEAM_CHAT.includes(u)) : ['(unknown recipient)'];
      return outside.length ? [{ ...base, type: 'file', what: 'chart picture', viewers: [...outside].sort(), how, excerpt: d.file }] : [];
    }
    const wrong = d.to === 'group' || !who ? (who ?? ['(unknown recipient)']) : who.filter((u) => !FILE_READERS.includes(u));
    if (wrong.length) return [{ ...base, type: 'file', what: 'export workbook', viewers: [...wrong].sort(), how, excerpt: d.file ?? '' }];
    const user = who![0]!;
    const clues = [...this.facts.findings].filter(([, f]) => f.clue).map(([n]) => n);
    const missing = clues.filter((n) => {
      const tasks = [...this.facts.tasks].filter(([, r]) => r.finding === n).map(([m]) => `R-${m}`);
      return !audited(user, [`F-${n}`, ...tasks]);
    });
    if (!missing.length) return [];
    return [{ ...base, type: 'audit', what: 'clues in the export workbook', viewers: [user], how, excerpt: `no audit entry for ${missing.map((n) => `F-${n}`).join(', ')} (${d.file})` }];
  }
}
