/**
 * Exploring and shrinking with fast-check, and the report a person reads when the property fails:
 * leaks grouped by kind (what leaked, to whom, how, through which command), each with an example and
 * the shortest reproducing steps fast-check found.
 */
import fc from 'fast-check';
import { SETUP, type Done } from './run.ts';
import { leakClass, type Leak } from './world.ts';

/** One distinct leak, with where it was first seen and how often. */
export interface Found<T = unknown> {
  cls: string;
  leak: Leak;
  /** The generated value of the run where it was first seen. */
  value: T;
  /** The run (index in fast-check's sequence for the seed) where it was first seen. */
  run: number;
  runs: Set<number>;
  count: number;
  /** The steps up to the leak in the run where it was first seen. */
  steps: string[];
  /** The shortest steps fast-check found that still show it, when shrinking had time, and their value. */
  shrunk?: string[];
  best?: T;
}

/** How a run of either property ends: its leaks, its steps as a transcript, and what it looked at. */
export interface Outcome {
  leaks: Leak[];
  steps: (leak: Leak) => string[];
  /** Steps done, and canaries seen (clue-level ones apart), whoever saw them. */
  stats?: { steps: number; sightings: number; clueSightings: number };
}

/** What exploring looked at, summed over its runs. */
export interface Totals {
  runs: number;
  steps: number;
  sightings: number;
  clueSightings: number;
}

/** The transcript of a run up to and including step `upTo`. */
export function transcript(done: readonly Done[], upTo: number): string[] {
  return done.filter((d) => d.index <= upTo).map((d) => d.line);
}

/** The setup every run starts with, as one line. */
const SETUP_LINE = `setup (admin in the team's group): ${SETUP.map(([, line]) => line).join('; ')}`;

export interface Search<T> {
  arbitrary: fc.Arbitrary<T>;
  seed: number;
  runs: number;
  /** Run one value; with `stopAt`, it may stop at the first leak that `stopAt` accepts. */
  run(value: T, stopAt?: (leak: Leak) => boolean): Promise<Outcome>;
  /** The value cut just after the step that showed `leak`: what comes later cannot matter. */
  cut(value: T, leak: Leak): T;
}

/**
 * Phase one: run `runs` values of the seed and record every distinct leak (the property holds
 * throughout, so that one run's leak does not hide another's). Errors of the harness are rethrown.
 */
export async function explore<T>(search: Search<T>, totals?: Totals): Promise<Map<string, Found<T>>> {
  const found = new Map<string, Found<T>>();
  let run = -1;
  let failure: unknown;
  await fc.check(
    fc.asyncProperty(search.arbitrary, async (value) => {
      run++;
      try {
        const out = await search.run(value);
        if (totals) {
          totals.runs++;
          totals.steps += out.stats?.steps ?? 0;
          totals.sightings += out.stats?.sightings ?? 0;
          totals.clueSightings += out.stats?.clueSightings ?? 0;
        }
        for (const leak of out.leaks) {
          const cls = leakClass(leak);
          const known = found.get(cls);
          if (known) {
            known.count++;
            known.runs.add(run);
            continue;
          }
          found.set(cls, { cls, leak, value, run, runs: new Set([run]), count: 1, steps: out.steps(leak) });
        }
      } catch (err) {
        failure ??= err;
      }
      return true;
    }),
    { seed: search.seed, numRuns: search.runs },
  );
  if (failure) throw failure;
  return found;
}

/** How grave a leak is, for ordering: clue-level data where it must never be first, counts and ordinary data last. */
function gravity(f: Found<unknown>): number {
  const { type, what } = f.leak;
  if (type === 'visibility' && (what.startsWith('clue') || what.includes('on a clue') || what === 'subject')) return 0;
  if (type === 'file') return 1;
  if (type === 'audit') return 2;
  if (type === 'counts') return 3;
  return 4;
}

/** A leak's kind, the report's heading: what was judged, and what leaked. */
const kindOf = (f: Found<unknown>) => `${f.leak.type}: ${f.leak.what}`;

/** The leaks in report order: by gravity, then kind, then most often seen; shrinking follows the same order. */
export function ordered<T>(found: Map<string, Found<T>>): Array<Found<T>> {
  const first = new Map<string, number>();
  for (const f of found.values()) if (!first.has(kindOf(f))) first.set(kindOf(f), first.size);
  return [...found.values()].sort((a, b) => gravity(a) - gravity(b) || first.get(kindOf(a))! - first.get(kindOf(b))! || b.count - a.count);
}

/**
 * Phase two: for each leak, start from the run that showed it, cut after the leak, and let fast-check
 * shrink it to the shortest steps that still show it, within a time budget (leaks beyond the budget
 * keep the steps of their first run). A value fast-check cannot shrink on its own is replayed by path.
 */
export async function shrinkAll<T>(search: Search<T>, found: Map<string, Found<T>>, budgetMs: number, perClassMs: number): Promise<void> {
  const until = Date.now() + budgetMs;
  const all = ordered(found) as Array<Found<T>>;
  const kinds = new Set<string>();
  // One leak of each kind first (what leaked, how judged), then a quick pass over all, then the time left for those still long.
  const firstOfKind = all.filter((f) => !kinds.has(kindOf(f)) && kinds.add(kindOf(f)));
  for (const [leaks, share] of [[firstOfKind, perClassMs], [all, perClassMs / 3], [all, perClassMs]] as const) {
    for (const f of leaks) {
      if ((f.shrunk ?? f.steps).length <= 2) continue;
      const deadline = Math.min(until, Date.now() + share);
      if (Date.now() >= deadline) return;
      await shrinkOne(search, f, deadline);
    }
  }
}

/** Shrink one leak's run (from the best value so far) until `deadline`. */
async function shrinkOne<T>(search: Search<T>, f: Found<T>, deadline: number): Promise<void> {
  const wanted = (leak: Leak) => leakClass(leak) === f.cls;
  const start = f.best ?? search.cut(f.value, f.leak);
  const from = search.arbitrary.canShrinkWithoutContext(start) ? { examples: [[start]] as [T][] } : { path: String(f.run) };
  await fc.check(
    fc.asyncProperty(search.arbitrary, async (value) => {
      // Out of time: every further candidate "passes", so fast-check keeps the shortest failure so far.
      if (Date.now() > deadline) return true;
      const out = await search.run(value, wanted);
      const hit = out.leaks.find(wanted);
      if (!hit) return true;
      const steps = out.steps(hit);
      if (!f.shrunk || steps.length <= f.shrunk.length) {
        f.shrunk = steps;
        f.best = search.cut(value, hit);
      }
      return false;
    }),
    { seed: search.seed, ...from, numRuns: 1, endOnFailure: false },
  );
}

/** Who saw it, in words: an audit leak is a read nobody recorded. */
function seenBy(l: Leak): string {
  return `${l.type === 'audit' ? 'read without an audit entry by' : 'seen by'} ${l.viewers.join(', ')}`;
}

/** The readable report: grouped by kind of leak, then the shortest reproduction of each. */
export function report<T>(adapter: string, found: Map<string, Found<T>>, meta: string): string {
  const all = ordered(found);
  const groups = new Map<string, Array<Found<T>>>();
  for (const f of all) groups.set(kindOf(f), [...(groups.get(kindOf(f)) ?? []), f]);
  const lines = [`${all.length} distinct leak(s) on ${adapter} (${meta})`, ''];
  let n = 0;
  const numbered = new Map<Found<T>, number>();
  for (const [key, fs] of groups) {
    lines.push(`== ${key} ==`);
    for (const f of fs) {
      numbered.set(f, ++n);
      const l = f.leak;
      lines.push(`  #${n} ${seenBy(l)} — ${l.how} — via ${l.command} (${f.count}× in ${f.runs.size} run(s))`);
      lines.push(`      step: ${l.line}`);
      lines.push(`      shows: ${l.excerpt}`);
    }
    lines.push('');
  }
  lines.push('== shortest reproductions ==');
  for (const f of all) {
    const steps = f.shrunk ?? f.steps;
    const how = f.shrunk ? `shrunk by fast-check to ${steps.length} step(s)` : `not shrunk: the first ${steps.length} step(s) of run ${f.run}`;
    lines.push(`  #${numbered.get(f)} (${how})`);
    lines.push(`      0. ${SETUP_LINE}`);
    steps.forEach((s, i) => lines.push(`      ${i + 1}. ${s}`));
  }
  return lines.join('\n');
}
