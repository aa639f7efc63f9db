/**
 * What one command or job read of the team's records. A reply that shows a record's words quotes that
 * record, whether or not its command said so: the gate adds every such record to the reply's quotes,
 * so a forgotten declaration makes a reply more private, never a leak.
 */
import { docTexts, type DocRequestRepo, type DocSummary } from './doc-request.ts';
import { findingTexts, type FindingRepo } from './finding.ts';
import { taskTexts, type RectificationRepo, type TaskSummary } from './rectification.ts';
import type { NumberedRepo } from './store/numbered.ts';
import { quote, type Quote } from './visibility.ts';

type RecordKind = 'finding' | 'task' | 'doc';

/**
 * Free text shorter than this is not looked for: a few characters (整改, 台账) occur in any message.
 * Such a record is still quoted by the command that shows it; this is the safety net, not the rule.
 */
const MIN_TEXT = 6;
/** How much of a text is looked for: lists show a text's beginning, cut to 30 or 40 characters. */
const PROBE = 16;

export interface ReadLog {
  /** A record was read: remember the beginnings of its free texts. */
  saw(kind: RecordKind, team: string, n: number, texts: ReadonlyArray<string | undefined>): void;
  /** A record was created or changed by this command, in the same commit as its audit entry. */
  changed(kind: RecordKind, team: string, n: number): void;
  /**
   * Whether `user` changed the record by this very command: their own reply about it needs no read
   * entry of its own, the change's entry says it. Anyone else told of it has read it.
   */
  didChange(q: Quote, user: string): boolean;
  /** Every record read whose free text appears in `text`. */
  quotedIn(text: string): Quote[];
  /** Every record read: a file made from them quotes them all. */
  all(): Quote[];
}

/** A fresh log for one command (by `asker`) or one job run. */
export function createReadLog(asker?: string): ReadLog {
  const probes = new Map<string, { q: Quote; probes: Set<string> }>();
  const changed = new Set<string>();
  const key = (kind: RecordKind, team: string, n: number) => `${kind}:${team}:${n}`;
  return {
    saw(kind, team, n, texts) {
      const k = key(kind, team, n);
      const entry = probes.get(k) ?? { q: quote[kind]({ team, n }), probes: new Set<string>() };
      for (const text of texts) {
        const t = text?.trim();
        if (t && t.length >= MIN_TEXT) entry.probes.add(t.slice(0, PROBE));
      }
      probes.set(k, entry);
    },
    changed(kind, team, n) {
      changed.add(key(kind, team, n));
    },
    didChange: (q, user) => user === asker && 'n' in q && changed.has(key(q.kind, q.team, q.n)),
    quotedIn(text) {
      const found: Quote[] = [];
      for (const { q, probes: ps } of probes.values()) {
        for (const p of ps) {
          if (text.includes(p)) {
            found.push(q);
            break;
          }
        }
      }
      return found;
    },
    all: () => [...probes.values()].map((e) => e.q),
  };
}

/**
 * A repository that notes in `log` each record it reads, creates or changes. `summaries` are noted too
 * when they carry free text (a task's measure, a request's wording).
 */
function watched<T extends { team: string; n: number }, S extends { n: number }>(
  repo: NumberedRepo<T, S>,
  kind: RecordKind,
  texts: (record: T) => ReadonlyArray<string | undefined>,
  summaryTexts: (s: S) => ReadonlyArray<string | undefined>,
  log: ReadLog,
): NumberedRepo<T, S> {
  const see = <X extends T | undefined>(r: X): X => {
    if (r) log.saw(kind, r.team, r.n, texts(r));
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
      for (const s of all) log.saw(kind, team, s.n, summaryTexts(s));
      return all;
    },
    add: async (...args) => touched(await repo.add(...args)),
    update: async (...args) => touched(await repo.update(...args)),
  };
}

/** The three numbered repositories, watched by `log`. */
export function watchRepos(
  repos: { findings: FindingRepo; rectifications: RectificationRepo; docs: DocRequestRepo },
  log: ReadLog,
): { findings: FindingRepo; rectifications: RectificationRepo; docs: DocRequestRepo } {
  return {
    findings: watched(repos.findings, 'finding', findingTexts, () => [], log),
    rectifications: watched(repos.rectifications, 'task', taskTexts, (s: TaskSummary) => [s.measure], log),
    docs: watched(repos.docs, 'doc', docTexts, (s: DocSummary) => [s.what], log),
  };
}
