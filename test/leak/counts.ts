/**
 * The counts property: two worlds that differ only in the unit, category, severity and source of their
 * problem clues (logged in the author's DM and flagged at once) must show groups exactly the same from
 * then on, or a group learns something about a clue it may not know.
 */
import { createHash } from 'node:crypto';
import type { Delivery, InteractiveDriverFactory } from '../contract/driver.ts';
import { PHRASES, type ClueAttributes, type ClueSeed, type CountsSequence } from './generate.ts';
import { Runner } from './run.ts';
import { audienceOf, type Leak } from './world.ts';

/** What a group sees of a delivery, for comparing the two worlds: a file (a chart's picture) by its name and a digest of its bytes. */
function groupView(d: Delivery): string {
  const file = d.file ? `\n[${d.file}${d.data ? ` ${createHash('sha256').update(d.data).digest('hex').slice(0, 16)}` : ''}]` : '';
  return `[${d.chat ?? '?'}] ${d.text}${d.buttons?.length ? `\n${d.buttons.map((b) => `[${b.label}]`).join(' ')}` : ''}${file}`;
}

/** The first line where two texts differ, with a little context. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const i = la.findIndex((line, k) => line !== lb[k]);
  const at = i < 0 ? la.length : i;
  return `A: ${la[at] ?? '(nothing)'} | B: ${lb[at] ?? '(nothing)'}`;
}

/** The outcome of one run of the counts property. */
export interface CountsResult {
  leaks: Leak[];
  /** False when a clue could not be flagged in both worlds: nothing to compare. */
  compared: boolean;
  /** Group deliveries compared after the flagging. */
  groupDeliveries: number;
  transcript: string[];
}

/** The line that logs a clue: its text, then the attributes that differ between the worlds. */
const clueLine = (text: string, attrs: Record<keyof ClueAttributes, string>) =>
  `/finding add ${text} --unit ${attrs.unit} --cat ${attrs.cat} --severity ${attrs.severity} --source ${attrs.source}`;

/** Log a clue in its author's DM with the world's attributes, and flag it at once in the flagger's DM; returns its number. */
async function plantClue(r: Runner, seed: ClueSeed, attrs: ClueAttributes, index: number): Promise<{ text: string; n?: number }> {
  const text = r.world.canary('finding', seed.author, index, { type: 'F' }, PHRASES[seed.p]!);
  await r.driver.sayIn(seed.author, 'dm', clueLine(text, attrs));
  await r.world.observe(r.driver.store(), false);
  const n = [...r.world.canaries.values()].find((c) => c.text === text)?.target.n;
  if (n === undefined) return { text };
  await r.driver.sayIn(seed.flagger, 'dm', `/finding clue F-${n}`);
  await r.world.observe(r.driver.store(), false);
  return r.world.facts.findings.get(n)?.clue ? { text, n } : { text };
}

/** How a clue was planted, both worlds in one line: `城关镇|东关村` is world A's value, then world B's. */
function plantedLine(seed: ClueSeed, text: string, n: number | undefined): string {
  const both = (k: keyof ClueAttributes) => (seed.a[k] === seed.b[k] ? seed.a[k] : `${seed.a[k]}|${seed.b[k]}`);
  const attrs = { unit: both('unit'), cat: both('cat'), severity: both('severity'), source: both('source') };
  return `${seed.author}@dm: ${clueLine(text, attrs)}; ${seed.flagger}@dm: /finding clue F-${n ?? '?'}`;
}

/** Run the same steps in two worlds, side by side, and compare what groups see after the flagging. */
export async function runCounts(make: InteractiveDriverFactory, seq: CountsSequence, stopAt?: (leak: Leak) => boolean): Promise<CountsResult> {
  const [a, b] = [await Runner.start(make, seq.salt), await Runner.start(make, seq.salt)];
  const leaks: Leak[] = [];
  const transcript: string[] = [];
  let groupDeliveries = 0;
  try {
    let index = 0;
    for (const step of seq.ordinary) {
      await a.step(step, index);
      await b.step(step, index);
      transcript.push(a.done.at(-1)!.line);
      index++;
    }
    for (const seed of seq.clues) {
      const [pa, pb] = [await plantClue(a, seed, seed.a, index), await plantClue(b, seed, seed.b, index)];
      transcript.push(plantedLine(seed, pa.text, pa.n));
      index++;
      if (pa.n === undefined || pb.n === undefined || pa.n !== pb.n) return { leaks, compared: false, groupDeliveries, transcript };
    }
    for (const step of seq.body) {
      await a.step(step, index);
      await b.step(step, index);
      const [da, db] = [a.done.at(-1)!, b.done.at(-1)!];
      transcript.push(da.line === db.line ? da.line : `A: ${da.line} | B: ${db.line}`);
      const [ga, gb] = [da.delivered.filter((d) => d.to === 'group'), db.delivered.filter((d) => d.to === 'group')];
      const count = Math.max(ga.length, gb.length);
      groupDeliveries += count;
      for (let k = 0; k < count; k++) {
        const [va, vb] = [ga[k] ? groupView(ga[k]!) : '', gb[k] ? groupView(gb[k]!) : ''];
        if (va === vb) continue;
        const shown = ga[k] ?? gb[k]!;
        const { who, how } = audienceOf(shown, a.driver.extraChats);
        leaks.push({
          type: 'counts', adapter: a.driver.name, what: 'clue attributes (unit/category/severity/source)', viewers: who ?? ['(unknown)'], how,
          step: index, line: da.line, command: da.command, excerpt: firstDifference(va, vb),
        });
        break;
      }
      index++;
      if (stopAt && leaks.some(stopAt)) break;
    }
    return { leaks, compared: true, groupDeliveries, transcript };
  } finally {
    await a.close();
    await b.close();
  }
}
