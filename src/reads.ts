/**
 * What one command or job read of the team's records. A reply that shows a record's words quotes that
 * record, whether or not its command said so: the gate adds every such record to the reply's quotes,
 * so a forgotten declaration makes a reply more private, never a leak.
 */
import { docTexts, type DocRequest, type DocRequestRepo, type DocSummary } from './doc-request.ts';
import { findingTexts, type Finding, type FindingRepo, type FindingSummary } from './finding.ts';
import { matterTexts, type ImportantMatter, type MatterRepo, type MatterSummary } from './important-matter.ts';
import { taskTexts, type Rectification, type RectificationRepo, type TaskSummary } from './rectification.ts';
import type { RecordKind } from './refs.ts';
import type { NumberedRepo } from './store/numbered.ts';
import type { Team } from './team.ts';
import { quote, type Quote } from './visibility.ts';

/**
 * Free text shorter than this is not looked for: a few characters (整改, 台账) occur in any message.
 * Such a record is still quoted by the command that shows it; this is the safety net, not the rule.
 */
const MIN_TEXT = 6;
/** How much of a text is looked for: lists show a text's beginning, cut to 30 or 40 characters. */
const PROBE = 16;

/** What the gate needs of a record to decide who may read it, as the command read it. */
export type SeenFacts =
  | { kind: 'finding'; unit: string; author: string; clue: boolean }
  | { kind: 'task'; unit: string; owner: string; finding: number; immediate: boolean }
  | { kind: 'doc'; unit: string }
  | { kind: 'matter'; finding?: number };

/** A record or summary as read: what it says, and what the gate needs of it, are read from it when asked. */
type Source = Finding | FindingSummary | Rectification | TaskSummary | DocRequest | DocSummary | ImportantMatter | MatterSummary;

/** How to read one kind of record or summary: its free texts and its facts. */
interface Reading {
  texts(source: Source): ReadonlyArray<string | undefined>;
  facts(source: Source): SeenFacts;
}

export interface ReadLog {
  /** A record was read (or written): kept by reference, nothing is copied until asked for. */
  saw(kind: RecordKind, team: string, n: number, source: Source, reading: Reading): void;
  /** A team's index was read: kept as the one array it is, however many records it sums up. */
  sawIndex(kind: RecordKind, team: string, summaries: ReadonlyArray<Source & { n: number }>, reading: Reading): void;
  /** A record was created or changed by this command, in the same commit as its audit entry. */
  changed(kind: RecordKind, team: string, n: number): void;
  /**
   * Whether `user` changed the record by this very command: their own reply about it needs no read
   * entry of its own, the change's entry says it. Anyone else told of it has read it.
   */
  didChange(q: Quote, user: string): boolean;
  /** The facts of a record as this command last read or wrote it, so that the gate need not read it again. */
  facts(kind: RecordKind, team: string, n: number): SeenFacts | undefined;
  /** Note the team the command works on, and whether it is the team of the chat it was typed in. */
  sawTeam(team: Team, ofChat: boolean): void;
  /** A team the command read, by id. */
  team(id: string): Team | undefined;
  /** The team bound to the chat the command was typed in, when it was read. */
  readonly chatTeam: Team | undefined;
  /** Every record read whose free text appears in `text`. */
  quotedIn(text: string): Quote[];
  /** Every record read: a file made from them quotes them all. */
  all(): Quote[];
}

/** Whether `text` shows the beginning of one of `texts` (those long enough to tell apart). */
function shows(text: string, texts: ReadonlyArray<string | undefined>): boolean {
  for (const t of texts) {
    const probe = t?.trim();
    if (probe && probe.length >= MIN_TEXT && text.includes(probe.slice(0, PROBE))) return true;
  }
  return false;
}

/** A fresh log for one command (by `asker`) or one job run. */
export function createReadLog(asker?: string): ReadLog {
  // Per kind and team, the sources by number: a list reads hundreds of summaries, so nothing per record
  // is allocated but its place in a map.
  // Records by number, and whole indexes as read: a list reads hundreds of summaries, and nothing per
  // summary is allocated here (a promoted map per command is what a busy bot's heap grows on).
  // A record read twice keeps both copies: an earlier full one says more, a later one is fresher.
  type Seen = { facts: SeenFacts; probes: string[] };
  type Bucket = { kind: RecordKind; team: string; reading: Reading; sources: Map<number, Seen>; indexes: Array<ReadonlyArray<Source & { n: number }>> };
  const buckets = new Map<string, Bucket>();
  const changed = new Set<string>();
  const teams = new Map<string, Team>();
  let chatTeam: Team | undefined;
  const bucketKey = (kind: RecordKind, team: string) => `${kind}:${team}`;
  /** Call `visit` with every record read and the beginnings of its free texts: index summaries, then records read in full. */
  const visit = (visit: (b: Bucket, n: number, texts: ReadonlyArray<string | undefined>) => void) => {
    for (const b of buckets.values()) {
      for (const index of b.indexes) for (const s of index) if (!b.sources.has(s.n)) visit(b, s.n, b.reading.texts(s));
      for (const [n, seen] of b.sources) visit(b, n, seen.probes);
    }
  };
  const bucketOf = (kind: RecordKind, team: string, reading: Reading): Bucket => {
    const key = bucketKey(kind, team);
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { kind, team, reading, sources: new Map(), indexes: [] }));
    return bucket;
  };
  return {
    sawIndex(kind, team, summaries, reading) {
      bucketOf(kind, team, reading).indexes.push(summaries);
    },
    saw(kind, team, n, source, reading) {
      // The record itself is not kept, only what the gate needs of it: a command's records die with it.
      // Read twice, it keeps the texts of both copies (a full one says more) and the later one's facts.
      const bucket = bucketOf(kind, team, reading);
      const probes = bucket.sources.get(n)?.probes ?? [];
      for (const text of reading.texts(source)) {
        const t = text?.trim();
        if (t && t.length >= MIN_TEXT && !probes.includes(t.slice(0, PROBE))) probes.push(t.slice(0, PROBE));
      }
      bucket.sources.set(n, { facts: reading.facts(source), probes });
    },
    changed(kind, team, n) {
      changed.add(`${bucketKey(kind, team)}:${n}`);
    },
    didChange: (q, user) => user === asker && 'n' in q && changed.has(`${bucketKey(q.kind, q.team)}:${q.n}`),
    facts(kind, team, n) {
      const bucket = buckets.get(bucketKey(kind, team));
      if (!bucket) return undefined;
      const seen = bucket.sources.get(n);
      if (seen) return seen.facts;
      const summary = bucket.indexes.at(-1)?.find((s) => s.n === n);
      return summary && bucket.reading.facts(summary);
    },
    sawTeam(team, ofChat) {
      teams.set(team.id, team);
      if (ofChat) chatTeam = team;
    },
    team: (id) => teams.get(id),
    get chatTeam() {
      return chatTeam;
    },
    quotedIn(text) {
      const found = new Map<string, Quote>();
      visit((b, n, texts) => {
        const key = `${b.kind}:${b.team}:${n}`;
        if (!found.has(key) && shows(text, texts)) found.set(key, quote[b.kind]({ team: b.team, n }));
      });
      return [...found.values()];
    },
    all() {
      const found = new Map<string, Quote>();
      visit((b, n) => void found.set(`${b.kind}:${b.team}:${n}`, quote[b.kind]({ team: b.team, n })));
      return [...found.values()];
    },
  };
}

/** How each kind of record and summary is read: a summary holds a task's measure and a request's wording too. */
const NONE: ReadonlyArray<string> = [];
const READINGS: Record<RecordKind, Reading> = {
  finding: {
    texts: (s) => ('text' in s ? findingTexts(s as Finding) : NONE),
    facts: (s) => {
      const f = s as Finding | FindingSummary;
      return { kind: 'finding', unit: f.unit, author: f.author, clue: typeof f.clue === 'boolean' ? f.clue : f.clue !== undefined };
    },
  },
  task: {
    texts: (s) => ('progress' in s ? taskTexts(s as Rectification) : [(s as TaskSummary).measure]),
    facts: (s) => {
      const r = s as TaskSummary;
      return { kind: 'task', unit: r.unit, owner: r.owner, finding: r.finding, immediate: r.immediate };
    },
  },
  doc: {
    texts: (s) => ('history' in s ? docTexts(s as DocRequest) : [(s as DocSummary).what]),
    facts: (s) => ({ kind: 'doc', unit: (s as DocSummary).unit }),
  },
  matter: {
    texts: (s) => ('history' in s ? matterTexts(s as ImportantMatter) : [(s as MatterSummary).text]),
    facts: (s) => ({ kind: 'matter', finding: (s as MatterSummary).finding }),
  },
};

/** A repository that notes in `log` each record and summary it reads, creates or changes. */
function watched<T extends { team: string; n: number } & Source, S extends { n: number } & Source>(repo: NumberedRepo<T, S>, kind: RecordKind, log: ReadLog): NumberedRepo<T, S> {
  const reading = READINGS[kind];
  const see = <X extends T | undefined>(r: X): X => {
    if (r) log.saw(kind, r.team, r.n, r, reading);
    return r;
  };
  const seeAll = (rs: T[]) => (rs.forEach(see), rs);
  const touched = (r: T) => (log.changed(kind, r.team, r.n), see(r));
  return {
    ...repo,
    get: async (team, n) => see(await repo.get(team, n)),
    getMany: async (team, ns) => seeAll(await repo.getMany(team, ns)),
    list: async (team) => seeAll(await repo.list(team)),
    async summaries(team) {
      const all = await repo.summaries(team);
      // A finding's summary holds no free text: kept, it would only keep a team's index alive for the
      // whole command (and old space growing on a busy bot), to spare the gate one read of it.
      if (kind !== 'finding') log.sawIndex(kind, team, all, reading);
      return all;
    },
    add: async (...args) => touched(await repo.add(...args)),
    async addOnce(...args) {
      const done = await repo.addOnce(...args);
      if (done.repeated) see(done.record);
      else touched(done.record);
      return done;
    },
    update: async (...args) => touched(await repo.update(...args)),
  };
}

/** The numbered repositories, watched by `log`. */
export function watchRepos(
  repos: { findings: FindingRepo; rectifications: RectificationRepo; docs: DocRequestRepo; matters: MatterRepo },
  log: ReadLog,
): { findings: FindingRepo; rectifications: RectificationRepo; docs: DocRequestRepo; matters: MatterRepo } {
  return {
    findings: watched(repos.findings, 'finding', log),
    rectifications: watched(repos.rectifications, 'task', log),
    docs: watched(repos.docs, 'doc', log),
    matters: watched(repos.matters, 'matter', log),
  };
}
