/**
 * `npm run bench`: every benchmark of issue 6 in one run (about 70 s on two cores), written to
 * bench/results.json and printed as a table of figure, value, target and whether it is met.
 */
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureNoise } from './noise.ts';
import { measureRuleSearch, questionHitRate } from './rules.ts';
import { measureSlack } from './slack.ts';
import { coreStartup, NODE_FLAGS, spawnStartup } from './startup.ts';
import { percentile, round } from './stats.ts';

interface CoreResults {
  dispatch: { add: number[]; list: number[]; cpuUs: number };
  storeOp: number[];
  rssMb: number;
  digest: { full: number; build: number };
  /** Milliseconds of each /overview over the 500 teams, its chart drawn. */
  overview: number[];
  charts: { coldMs: number; ms: number[]; botRssMb: number; rendererRssMb: number };
}

const DISPATCHES = 3000;
/** Slack: rounds per server, seconds per round (bare Bolt and ours in turn). */
const SLACK_ROUNDS = 5;
const SLACK_SECONDS = 3;

const progress = (what: string) => process.stderr.write(`bench: ${what}\n`);

const ROOT = resolve(import.meta.dirname, '..');

/**
 * `npm run build` (what `npm start` runs first), timed; then the bench's server processes
 * (core-process.ts, slack-server.ts) bundled the same way (the build script's flags, from package.json)
 * into dist/bench, so that what is measured runs compiled JavaScript as the deployed bot does.
 */
function build(): { ms: number; coreProcess: string; slackServer: string } {
  const started = performance.now();
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const ms = performance.now() - started;
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } };
  const flags = scripts.build.split(' ').filter((a) => a.startsWith('--') && !a.startsWith('--outdir='));
  execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), ['bench/core-process.ts', 'bench/slack-server.ts', ...flags, '--outdir=dist/bench'], { cwd: ROOT, stdio: 'inherit' });
  // Beside them, where the chart drawer looks for the renderer's script (in a build of its own: one
  // build of entries from two folders would nest each under its folder's name).
  execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), ['src/chart-worker.ts', ...flags, '--outdir=dist/bench'], { cwd: ROOT, stdio: 'inherit' });
  return { ms, coreProcess: join(ROOT, 'dist/bench/core-process.js'), slackServer: join(ROOT, 'dist/bench/slack-server.js') };
}

/**
 * Run a script in a child process and resolve with the message it sends: a bench .ts file under the
 * same tsx loader, or a built .js file with `execArgv` alone.
 */
function inChild<T>(script: string, args: string[], execArgv: string[] = process.execArgv): Promise<T> {
  return new Promise((ok, fail) => {
    const file = script.endsWith('.ts') ? new URL(script, import.meta.url) : script;
    const proc = fork(file, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: T | undefined;
    proc.on('message', (m: T) => (result = m));
    proc.on('exit', (code) => (result !== undefined && code === 0 ? ok(result) : fail(new Error(`${script} failed (exit ${code})`))));
  });
}

const started = performance.now();
// Other work on the machine skews every figure: the load averages are recorded beside them.
const loadBefore = loadavg().map((l) => round(l));
const dir = mkdtempSync(join(tmpdir(), 'xc-bench-'));
const figures: Record<string, number> = {};
let slackPinned = false;
try {
  progress('building dist/ as npm start does…');
  const built = build();
  figures.build_ms = round(built.ms, 0);

  progress('seeding 500 teams × (200 findings + 200 tasks + 10 document requests)…');
  const file = join(dir, 'bench.sqlite');
  const seeded = await inChild<{ records: number; ms: number }>('./seed.ts', [file]);
  figures.seed_records = seeded.records;
  figures.seed_ms = round(seeded.ms, 0);

  const noise = measureNoise();
  figures.noise_p50_ms = round(percentile(noise, 50), 3);
  figures.noise_p99_ms = round(percentile(noise, 99), 3);

  progress(`dispatching ${DISPATCHES} /finding add and /finding list, then building 500 digests and the office's overview…`);
  // Built, with npm start's Node flags, so that its RSS and latencies are those of the deployed bot.
  const core = await inChild<CoreResults>(built.coreProcess, [file, String(DISPATCHES)], NODE_FLAGS);
  const { add, list } = core.dispatch;
  figures.dispatch_p50_ms = round(percentile([...add, ...list], 50), 3);
  figures.dispatch_p99_ms = round(percentile([...add, ...list], 99), 3);
  figures.dispatch_add_p50_ms = round(percentile(add, 50), 3);
  figures.dispatch_add_p99_ms = round(percentile(add, 99), 3);
  figures.dispatch_list_p50_ms = round(percentile(list, 50), 3);
  figures.dispatch_list_p99_ms = round(percentile(list, 99), 3);
  figures.core_cpu_us = round(core.dispatch.cpuUs, 0);
  figures.store_op_us = round(percentile(core.storeOp, 50), 0);
  figures.dispatch_over_store = round((figures.dispatch_p50_ms * 1000) / figures.store_op_us);
  figures.rss_mb_100k = round(core.rssMb, 1);
  figures.digest_500x200_ms = round(core.digest.full, 0);
  figures.digest_build_only_ms = round(core.digest.build, 0);
  figures.overview_ms = round(percentile(core.overview, 50), 0);
  figures.chart_ms = round(percentile(core.charts.ms, 50), 0);
  figures.chart_p99_ms = round(percentile(core.charts.ms, 99), 0);
  figures.chart_cold_ms = round(core.charts.coldMs, 0);
  figures.rss_mb_after_charts = round(core.charts.botRssMb, 1);
  figures.chart_renderer_rss_mb = round(core.charts.rendererRssMb, 1);

  progress('searching a 5,000-entry rulebook…');
  const search = measureRuleSearch(5000);
  figures.rule_search_p50_ms = round(percentile(search, 50), 4);
  figures.rule_search_p99_ms = round(percentile(search, 99), 4);
  const questions = questionHitRate();
  figures.rule_question_hit_rate = round(questions.rate, 3);
  for (const q of questions.misses) progress(`rule question missed: ${q}`);

  progress('starting the bot…');
  const spawned: number[] = [];
  for (let j = 0; j < 3; j++) spawned.push(await spawnStartup());
  figures.startup_ms = round(percentile(spawned, 50), 0);
  const wiring: number[] = [];
  for (let j = 0; j < 3; j++) wiring.push(await coreStartup());
  figures.startup_core_ms = round(percentile(wiring, 50), 0);

  progress(`loading Slack: bare Bolt and ours in turn, ${SLACK_ROUNDS} rounds of ${SLACK_SECONDS} s each after a 2 s warm-up…`);
  const slack = await measureSlack({ file: built.slackServer, execArgv: NODE_FLAGS }, SLACK_ROUNDS, SLACK_SECONDS);
  slackPinned = slack.pinned;
  figures.slack_rps = round(slack.xc.rps, 0);
  figures.slack_answered_rps = round(slack.xc.answeredRps, 0);
  figures.bolt_bare_rps = round(slack.bare.rps, 0);
  // Ours counts only requests whose answer arrived (in the ack or at the response_url); bare Bolt only acks.
  figures.slack_over_bare = round(slack.xc.answeredRps / slack.bare.rps);
  // On two cores the load generator competes with the server: CPU per request is the steadier comparison.
  figures.slack_cpu_ms_per_request = round(slack.xc.serverCpu / 100 / slack.xc.rps * 1000, 3);
  figures.bolt_bare_cpu_ms_per_request = round(slack.bare.serverCpu / 100 / slack.bare.rps * 1000, 3);
  figures.slack_p99_latency_ms = slack.xc.p99LatencyMs;
  figures.bolt_bare_p99_latency_ms = slack.bare.p99LatencyMs;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const targets: Record<string, { text: string; met: (v: number) => boolean }> = {
  dispatch_p99_ms: { text: '< 5', met: (v) => v < 5 },
  dispatch_over_store: { text: '≤ 5', met: (v) => v <= 5 },
  slack_over_bare: { text: '≥ 0.8', met: (v) => v >= 0.8 },
  digest_500x200_ms: { text: '< 1000', met: (v) => v < 1000 },
  overview_ms: { text: '< 1000', met: (v) => v < 1000 },
  rule_search_p99_ms: { text: '< 1', met: (v) => v < 1 },
  rule_question_hit_rate: { text: '≥ 0.9', met: (v) => v >= 0.9 },
  rss_mb_100k: { text: '< 150', met: (v) => v < 150 },
  chart_ms: { text: '< 200', met: (v) => v < 200 },
  rss_mb_after_charts: { text: '< 150', met: (v) => v < 150 },
  startup_ms: { text: '< 1500', met: (v) => v < 1500 },
};
const met = Object.fromEntries(Object.entries(targets).map(([name, t]) => [name, t.met(figures[name]!)]));
const results = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: availableParallelism(), model: cpus()[0]?.model, node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg().map((l) => round(l)), slackPinned },
  totalSeconds: round((performance.now() - started) / 1000, 1),
  figures,
  targets: Object.fromEntries(Object.entries(targets).map(([name, t]) => [name, t.text])),
  met,
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const rows = Object.entries(figures).map(([name, value]) => [name, String(value), targets[name]?.text ?? '', name in met ? (met[name] ? 'yes' : 'NO') : '']);
const widths = [0, 1, 2, 3].map((c) => Math.max(...[['figure', 'value', 'target', 'met'], ...rows].map((r) => r[c]!.length)));
for (const row of [['figure', 'value', 'target', 'met'], ...rows]) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
const misses = Object.entries(met).filter(([, ok]) => !ok).map(([name]) => name);
console.log(`\n${Object.keys(met).length - misses.length} of ${Object.keys(met).length} targets met${misses.length ? `; missed: ${misses.join(', ')}` : ''} (${results.totalSeconds} s; bench/results.json)`);
