/**
 * The leak property, black-box through every adapter: random clue texts, subjects, findings, task
 * measures and notes, and document requests, each with a unique canary, go through random commands of
 * every family (typed, as buttons, as forms, and the daily digest) by random people in random chats; no
 * canary may reach anyone who may not read it (test/leak/world.ts says who may), every clue-level read
 * must be audited, and (second property) what groups see must not depend on a clue's attributes.
 *
 * Deterministic by default. Environment: LEAK_SEED, LEAK_RUNS (runs per adapter), LEAK_STEPS (longest
 * body), LEAK_COUNTS_RUNS, LEAK_SHRINK_MS (shrinking budget per property), LEAK_ADAPTERS (e.g. `slack`).
 *
 * What it found in the code before the gate (95103d5), seed 20261125, 200 runs an adapter: 58 distinct
 * leaks on the console, 85 on Slack, 69 on Telegram, 7 in counts. Among them: the Telegram /rectify add
 * dialogue offering clue texts as buttons in the group; the Slack modal (and a private Telegram dialogue)
 * listing clue texts with no audit entry; tasks on clues in the group's /rectify list and show, the
 * digest and /digest, to the liaison after feedback and in the owner's notice (owner a liaison, member
 * or outsider, also the extend notice and the digest DM); no read of a clue task ever audited; /stats
 * breaking clues down by unit and category (two steps); a slash command in a Slack DM between two
 * people answered with finding lists, cards, tasks and digests into that DM; `/team add {liaison}
 * member` letting the liaison read findings, tasks and requests; ordinary findings, tasks before
 * feedback and other units' requests shown in the group the liaison reads. On the gate: none.
 */
import { describe, expect, it } from 'vitest';
import { consoleDriver } from '../contract/console-driver.ts';
import { dingtalkDriver } from '../contract/dingtalk-driver.ts';
import type { InteractiveDriverFactory } from '../contract/driver.ts';
import { slackDriver } from '../contract/slack-driver.ts';
import { telegramDriver } from '../contract/telegram-driver.ts';
import { runCounts } from './counts.ts';
import { countsSequences, cutAfter, sequences, type CountsSequence, type Sequence } from './generate.ts';
import { explore, report, shrinkAll, transcript, type Found, type Search, type Totals } from './report.ts';
import { runSequence } from './run.ts';

const env = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
};
const SEED = env('LEAK_SEED', 20261125);
const RUNS = env('LEAK_RUNS', 200);
const STEPS = env('LEAK_STEPS', 30);
const COUNTS_RUNS = env('LEAK_COUNTS_RUNS', 100);
const SHRINK_MS = env('LEAK_SHRINK_MS', 20_000);
/** One leak's share of the shrinking budget at most, so that one slow leak does not starve the rest. */
const SHRINK_PER_CLASS_MS = 1_500;
const ADAPTERS = (process.env.LEAK_ADAPTERS ?? 'console,slack,telegram,dingtalk').split(',').map((s) => s.trim());
const TIMEOUT = 10 * 60_000;

const drivers: InteractiveDriverFactory[] = [consoleDriver, slackDriver, telegramDriver, dingtalkDriver];
/** A driver factory's platform: `slackDriver` → `slack`. */
const platform = (make: InteractiveDriverFactory) => make.name.replace(/Driver$/, '');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Explore, shrink what was found, and describe it: the report, and a one-line summary for the log. */
async function search<T>(name: string, s: Search<T>, what: string): Promise<{ found: Map<string, Found<T>>; text: string; totals: Totals }> {
  const totals: Totals = { runs: 0, steps: 0, sightings: 0, clueSightings: 0 };
  const started = performance.now();
  const found = await explore(s, totals);
  const explored = performance.now();
  await shrinkAll(s, found, SHRINK_MS, SHRINK_PER_CLASS_MS);
  const sightings = totals.sightings ? `, ${totals.sightings} canary sightings of which ${totals.clueSightings} clue-level` : '';
  const meta = `seed ${SEED}, ${totals.runs} runs (${what}), ${totals.steps} steps${sightings}; explored in ${seconds(explored - started)}, shrunk in ${seconds(performance.now() - explored)}`;
  console.log(`${name}: ${found.size} distinct leak(s); ${meta}`);
  return { found, text: report(name, found, meta), totals };
}

describe('leak property: no canary reaches anyone who may not read it', () => {
  for (const make of drivers.filter((m) => ADAPTERS.includes(platform(m)))) {
    it(`on ${platform(make)}`, async () => {
      const probe = make();
      const s: Search<Sequence> = {
        arbitrary: sequences({ human: Boolean(probe.extraChats.human), forms: probe.fill !== undefined, steps: STEPS }),
        seed: SEED,
        runs: RUNS,
        async run(value, stopAt) {
          const { leaks, done, sightings } = await runSequence(make, value, stopAt);
          return { leaks, steps: (leak) => transcript(done, leak.step), stats: { steps: done.length, sightings: sightings.all, clueSightings: sightings.clue } };
        },
        cut: (value, leak) => cutAfter(value, leak.step),
      };
      const { found, text, totals } = await search(platform(make), s, `up to 1 + 4 + 6 + ${STEPS} steps each`);
      // A property that never saw a clue delivered to anyone proves nothing about clues.
      expect(totals.clueSightings, 'clue-level canaries seen (by anyone)').toBeGreaterThan(0);
      expect(found.size, text).toBe(0);
    }, TIMEOUT);
  }
});

describe('counts property: what groups see does not depend on a clue’s unit, category, severity or source', () => {
  it.runIf(ADAPTERS.includes('console'))('on console, two worlds side by side', async () => {
    let compared = 0;
    let groupDeliveries = 0;
    const s: Search<CountsSequence> = {
      arbitrary: countsSequences(Math.min(STEPS, 25)),
      seed: SEED,
      runs: COUNTS_RUNS,
      async run(value, stopAt) {
        const out = await runCounts(consoleDriver, value, stopAt);
        if (!stopAt) {
          compared += Number(out.compared);
          groupDeliveries += out.groupDeliveries;
        }
        return { leaks: out.leaks, steps: (leak) => out.transcript.slice(0, leak.step + 1), stats: { steps: out.transcript.length, sightings: 0, clueSightings: 0 } };
      },
      // Counts leaks come from the body, numbered after the ordinary findings and the clues.
      cut: (value, leak) => ({ ...value, body: value.body.slice(0, Math.max(1, leak.step + 1 - value.ordinary.length - value.clues.length)) }),
    };
    const { found, text } = await search('console (counts)', s, 'two worlds each');
    console.log(`console (counts): ${compared} runs compared, ${groupDeliveries} group deliveries compared after the flagging`);
    // Every run must get to compare something, or the property says nothing.
    expect(compared, 'runs in which the clues could be flagged in both worlds').toBeGreaterThan(COUNTS_RUNS / 2);
    expect(groupDeliveries, 'group deliveries compared').toBeGreaterThan(0);
    expect(found.size, text).toBe(0);
  }, TIMEOUT);
});
