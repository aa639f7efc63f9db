/** The core benchmarks over the seeded store: dispatch latency, one raw store operation, the digests. */
import { readFileSync } from 'node:fs';
import { IDENTITIES } from '../adapters/index.ts';
import { allCommands } from '../commands/index.ts';
import { createBot, type Bot } from '../src/bot.ts';
import { drawChart, rendererSeams, stopDrawing } from '../src/chart.ts';
import { fixedClock } from '../src/clock.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { buildDigest, digestInput, digestMessages } from '../src/digest.ts';
import { findingSummary, FindingSchema } from '../src/finding.ts';
import { createLogger } from '../src/logger.ts';
import { teamChart } from '../src/progress-chart.ts';
import { createRuleIndex, loadRulebook } from '../src/rulebook/rulebook.ts';
import { unsignedMembers } from '../src/secrecy.ts';
import { createStore, type Store } from '../src/store/store.ts';
import type { Incoming } from '../src/types.ts';
import { displayName } from '../src/users.ts';
import { chatOf, DOCS_PER_TEAM, names, NOW, PER_TEAM, people, pick, prng, TEAMS, TODAY, UNITS } from './data.ts';

/** The bot as main.ts wires it, over the seeded SQLite file, with a silent logger and a fixed clock. */
export async function openCore(file: string): Promise<{ bot: Bot; store: Store; config: Config }> {
  const config = loadConfig({ XC_STORE: `sqlite://${file}`, XC_ADMINS: 'console:admin', LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const store = await createStore(config.store, log);
  const bot = createBot({ config, store, clock: fixedClock(NOW), log, rules: createRuleIndex(loadRulebook()), commands: allCommands, identities: IDENTITIES });
  return { bot, store, config };
}

/** What a member of team `i` typing `/finding <text>` in the team's chat hands the core. */
function asMember(i: number, k: number, text: string): Incoming {
  const user = people(i).members[k]!;
  const userName = names(i).find(([u]) => u === user)![1];
  return { platform: 'console', user, userName, chat: { id: chatOf(i), kind: 'group' }, command: 'finding', text };
}

/** Fail loudly unless the seeded records read back through the Store and the bot as if typed in. */
export async function checkSeed(bot: Bot, store: Store): Promise<void> {
  const { services } = bot;
  const fail = (what: string) => {
    throw new Error(`seeded store is not as expected: ${what}`);
  };
  if ((await services.teams.all()).length !== TEAMS) fail('team count');
  if ((await services.teams.byChat(chatOf(7)))?.id !== 'T7') fail('chat binding');
  if ((await services.findings.list('T7')).length !== PER_TEAM) fail('finding count');
  if ((await services.rectifications.list('T7')).length !== PER_TEAM) fail('task count');
  if ((await services.docs.list('T7')).length !== DOCS_PER_TEAM) fail('document count');
  const findings = await services.findings.list('T7');
  if (JSON.stringify(await services.findings.summaries('T7')) !== JSON.stringify(findings.map(findingSummary.of))) fail('finding index');
  if (!(await store.get('finding:T7:1', FindingSchema))) fail('finding record');
  const [list] = await bot.dispatch(asMember(7, 0, 'list'));
  if (!list || list.error || !list.text.includes('F-')) fail(`/finding list answered ${list?.text}`);
  const [added] = await bot.dispatch(asMember(7, 0, `add 核对用问题 --unit ${UNITS[0]} --cat 作风`));
  if (!added || added.error || !added.text.includes(`F-${PER_TEAM + 1}`)) fail(`/finding add answered ${added?.text}`);
}

/**
 * Latency of `/finding add` and `/finding list` (alternating) by members of random teams, one at a
 * time, and the process's user CPU time per command over the same run (`cpuUs`): what the core
 * itself costs (SQLite's own work included), without the sync, whose kernel time and wait latency includes.
 */
export async function measureDispatch(bot: Bot, count: number, warmUp: number): Promise<{ add: number[]; list: number[]; cpuUs: number }> {
  const rand = prng(7);
  const add: number[] = [];
  const list: number[] = [];
  let cpuFrom = process.cpuUsage();
  for (let j = 0; j < warmUp + count; j++) {
    if (j === warmUp) cpuFrom = process.cpuUsage();
    const i = 1 + Math.floor(rand() * TEAMS);
    const k = Math.floor(rand() * 4);
    const isAdd = j % 2 === 0;
    const text = isAdd ? `add 会议记录不全，三重一大事项未集体研究 --unit ${pick(rand, UNITS)} --cat 作风` : 'list';
    const started = performance.now();
    const [reply] = await bot.dispatch(asMember(i, k, text));
    const ms = performance.now() - started;
    if (!reply || reply.error) throw new Error(`dispatch failed: ${reply?.text}`);
    if (j >= warmUp) (isAdd ? add : list).push(ms);
  }
  const cpu = process.cpuUsage(cpuFrom);
  return { add, list, cpuUs: cpu.user / count };
}

/**
 * Microseconds of one Store get (with its schema check) plus one set of a finding. The value written
 * differs each time: SQLite skips the sync of a write that changes nothing, which would flatter it.
 */
export async function measureStoreOp(store: Store, count: number): Promise<number[]> {
  const key = 'finding:T3:5';
  const samples: number[] = [];
  for (let j = 0; j < count; j++) {
    const started = performance.now();
    const value = await store.get(key, FindingSchema);
    await store.set(key, { ...value!, severity: j % 2 ? '一般' : '较重' });
    samples.push((performance.now() - started) * 1000);
  }
  return samples;
}

/**
 * Every team's digest, one team after another as the daily job does: `full` reads each team's
 * indexes of tasks, documents and findings and the names, and builds its messages for every audience
 * (digestMessages: the group's, the leaders' in full, each owner's); `build` is the group's buildDigest alone.
 */
export async function measureDigests(bot: Bot, config: Config): Promise<{ full: number; build: number }> {
  const deps = { services: bot.services, config };
  const teams = await bot.services.teams.all();
  const messages = async (team: (typeof teams)[number]) => digestMessages(await digestInput(team, TODAY, deps), config, bot.t);
  for (const team of teams.slice(0, 20)) await messages(team); // warm-up
  let started = performance.now();
  for (const team of teams) await messages(team);
  const full = performance.now() - started;

  let build = 0;
  const { services } = bot;
  for (const team of teams) {
    const [tasks, docs, findings] = await Promise.all([services.rectifications.summaries(team.id), services.docs.summaries(team.id), services.findings.summaries(team.id)]);
    const unsignedIds = unsignedMembers(team);
    const nameMap = await services.users.names([...tasks.map((t) => t.owner), ...unsignedIds]);
    const input = { team, tasks, docs, findings, unsigned: unsignedIds.map((u) => displayName(u, nameMap)), undeclared: [], openMatters: [], names: nameMap, today: TODAY, admins: new Set(config.admins), categories: services.taxonomy.categories };
    started = performance.now();
    buildDigest(input, config, bot.t, { kind: 'group', team });
    build += performance.now() - started;
  }
  return { full, build };
}

/**
 * `/overview` as the office types it in its direct message with the bot, over every seeded team: each
 * team's four indexes read, its figures, the order, the first page through the gate. Milliseconds of
 * each of `count` runs after one warm-up.
 */
export async function measureOverview(bot: Bot, count: number): Promise<number[]> {
  const incoming: Incoming = { platform: 'console', user: 'console:admin', userName: 'admin', chat: { id: 'console:dm:admin', kind: 'dm' }, command: 'overview', text: '' };
  const samples: number[] = [];
  for (let j = 0; j <= count; j++) {
    const started = performance.now();
    const [reply] = await bot.dispatch(incoming);
    const ms = performance.now() - started;
    if (!reply || reply.error || !reply.text.includes(`${TEAMS} `)) throw new Error(`/overview answered ${reply?.text.slice(0, 200)}`);
    if (j > 0) samples.push(ms);
  }
  return samples;
}

/**
 * The team chart of seeded teams, drawn as /stats draws it: the first one starts the renderer process
 * (cold), the rest reuse it. With the bot's RSS after drawing (the renderer's memory is its own) and the
 * renderer's, read from /proc while it runs.
 */
export async function measureCharts(bot: Bot, count: number): Promise<{ coldMs: number; ms: number[]; botRssMb: number; rendererRssMb: number }> {
  const { services } = bot;
  const teams = (await services.teams.all()).slice(0, count + 1);
  const ms: number[] = [];
  let coldMs = 0;
  for (const [j, team] of teams.entries()) {
    const [tasks, findings] = await Promise.all([services.rectifications.summaries(team.id), services.findings.summaries(team.id)]);
    const started = performance.now();
    const png = await drawChart(teamChart({ team, tasks, findings, categories: services.taxonomy.categories }, bot.t.chart, TODAY, '20261125-0900')!);
    const elapsed = performance.now() - started;
    if (png.length < 1000) throw new Error(`a chart of ${png.length} bytes`);
    if (j === 0) coldMs = elapsed;
    else ms.push(elapsed);
  }
  const pid = rendererSeams.pid();
  if (pid === undefined) throw new Error('no renderer process after drawing');
  const rendererRssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const botRssMb = process.memoryUsage().rss / 2 ** 20;
  stopDrawing();
  return { coldMs, ms, botRssMb, rendererRssMb };
}
