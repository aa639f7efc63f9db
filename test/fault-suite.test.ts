/**
 * The fault suite: real bot processes (as `npm start` runs them, console on piped stdin/stdout) against
 * a real redis-server of the test's own and real SQLite files, with the faults made for real: SIGSTOP,
 * SIGKILL, Redis killed and restarted, an unreachable server, a read-only mount, a full tmpfs. Each
 * case counts record by record what was acknowledged and what the store holds afterwards, and prints
 * one summary line (`fault-suite: …`) with the figures it measured.
 */
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFindingRepo } from '../src/finding.ts';
import { zh } from '../src/i18n/zh.ts';
import { createStore, LEASE_MS } from '../src/store/store.ts';
import { createTeamRepo } from '../src/team.ts';
import {
  cleanupAll, freePort, hasRedis, isRoot, makeReadOnly, monitorRedis, mountTmpfs, sleep, spawnBot, startRedis, tempDir, waitUntil,
  type BotProcess, type Exchange, type RedisServer,
} from './helpers/faults.ts';

const REDIS = hasRedis();
const TEAM = '第一巡察组';
const S = zh.errors.store;
/** The team's record and its lock on Redis (a fresh store's first team is T1). */
const TEAM_KEY = 'xc::xc:team:T1';
const LOCK_KEY = 'xc:lock:key:team:T1';
const ADDED = /已添加被巡察单位「([^」]+)」/;
const SAVED = /已保存 F-(\d+)（草稿）/;

afterEach(cleanupAll, 30_000);

/** The summary line a case prints: its figures, for the report. */
function summary(name: string, figures: Record<string, unknown>): void {
  const shown = Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  console.log(`fault-suite: ${name}: ${shown.join(' ')}`);
}

/** What an answer was: added or saved, one of the store's sentences (by its code), or its first words. */
function outcome(text: string | undefined): string {
  if (text === undefined) return 'none';
  if (ADDED.test(text)) return 'added';
  if (SAVED.test(text)) return 'saved';
  return Object.entries(S).find(([, s]) => text.includes(s))?.[0] ?? text.slice(0, 40);
}

function tally(exchanges: Exchange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of exchanges) counts[outcome(e.text)] = (counts[outcome(e.text)] ?? 0) + 1;
  return counts;
}

/** Open the store as a client of the test's own (beside the bot on SQLite), and close it after `read`. */
async function reading<T>(url: string, read: (store: Awaited<ReturnType<typeof createStore>>) => Promise<T>): Promise<T> {
  const store = await createStore(url, undefined, { shared: url.startsWith('sqlite://') });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** The team's units, as the store holds them. */
const unitsIn = (url: string) => reading(url, async (store) => (await createTeamRepo(store).byName(TEAM))?.units.map((u) => u.name) ?? []);

/** The team's findings, reference number → text, as the store holds them. */
const findingsIn = (url: string) =>
  reading(url, async (store) => {
    const team = await createTeamRepo(store).byName(TEAM);
    return new Map(team ? (await createFindingRepo(store).list(team.id)).map((f) => [f.n, f.text] as const) : []);
  });

/** The environment of a bot on `store`, its log in `dir`. */
const botEnv = (store: string, dir: string, name: string, more: Record<string, string> = {}) => ({ XC_STORE: store, LOG_FILE: join(dir, `${name}.log`), ...more });

/**
 * Keep a process busy with `/team unit add U-<name>-<i>` until `on()` turns false or it exits: two
 * lines in flight, so that it always has the next one waiting and a signal never lands while it idles.
 */
async function storm(bot: BotProcess, name: string, on: () => boolean): Promise<void> {
  const inFlight: Exchange[] = [];
  for (let i = 0; bot.alive() && (on() || inFlight.length); i++) {
    if (on()) inFlight.push(bot.send(`/team unit add U-${name}-${i}`));
    if (inFlight.length >= 2 || !on()) {
      try {
        await bot.answered(inFlight.shift()!, 30_000);
      } catch (err) {
        if (bot.alive()) throw err; // killed: its last lines stay unanswered
      }
    }
  }
}

/**
 * Two bots on one Redis, the team made by A while A alone runs, so that A's connection is the one
 * Redis saw then: a signal can be aimed at a process holding the team's lock.
 */
async function twoBots(redis: RedisServer, dir: string): Promise<{ a: BotProcess; b: BotProcess; addrA: string }> {
  const addrs = new Set<string>();
  const watch = await monitorRedis(redis.port, (seen) => seen.addr !== 'lua' && addrs.add(seen.addr));
  const a = spawnBot(botEnv(redis.url, dir, 'a'), { cwd: dir });
  expect((await a.ask(`/team create ${TEAM}`, 15_000)).text).toContain(`已新建巡察组「${TEAM}」`);
  watch.close();
  expect(addrs.size).toBe(1);
  const b = spawnBot(botEnv(redis.url, dir, 'b'), { cwd: dir });
  expect((await b.ask('/team', 15_000)).text).toContain(TEAM);
  return { a, b, addrA: [...addrs][0]! };
}

/**
 * Send `signal` to `bot` the moment Redis serves it the team's read inside the team's lock (the GET
 * that follows its SET NX of the lock): it holds the lease then, and writes the team next. Falls back
 * to wherever it is after `ms`. Resolves with whether it was caught inside the lock, and when it was sent.
 */
async function signalInsideLock(redis: RedisServer, mine: (addr: string) => boolean, bot: BotProcess, signal: NodeJS.Signals, ms = 3000): Promise<{ inLock: boolean; at: number }> {
  let at = 0;
  const last = new Map<string, { command: string; key: string }>();
  const watch = await monitorRedis(redis.port, (seen) => {
    const before = last.get(seen.addr);
    last.set(seen.addr, seen);
    if (at || seen.addr === 'lua' || !mine(seen.addr) || !bot.alive()) return;
    if (seen.command === 'GET' && seen.key === TEAM_KEY && before?.command === 'SET' && before.key === LOCK_KEY) {
      bot.kill(signal); // at once, in the handler: every millisecond counts
      at = Date.now();
    }
  });
  await waitUntil('the lock to be taken', () => at > 0, ms).catch(() => undefined);
  watch.close();
  if (at) return { inLock: true, at };
  bot.kill(signal);
  return { inLock: false, at: Date.now() };
}

describe.skipIf(!REDIS)('two bot processes on one Redis', () => {
  it('lose no acknowledged update when a lock holder is paused (SIGSTOP) past its lease during a storm, and the stale writes are refused', async () => {
    const redis = await startRedis({ aof: false });
    const dir = tempDir();
    const { a, b, addrA } = await twoBots(redis, dir);
    const bots = [['a', a], ['b', b]] as const;
    let storming = true;
    const storms = bots.map(([name, bot]) => storm(bot, name, () => storming));

    // Three pauses of 8 s (LEASE_MS is 5 s), A, B, A, each at a random moment of the storm, aimed at
    // the moment the process holds the team's lock: the other takes it over and writes meanwhile.
    const PAUSE_MS = 8000;
    expect(PAUSE_MS).toBeGreaterThan(LEASE_MS + 2000);
    const pauses: Array<{ who: string; inLock: boolean; answer: string; ms?: number }> = [];
    for (let p = 0; p < 3; p++) {
      await sleep(300 + Math.random() * 700);
      const [who, bot] = bots[p % 2]!;
      const { inLock } = await signalInsideLock(redis, (addr) => (who === 'a' ? addr === addrA : addr !== addrA), bot, 'SIGSTOP');
      // What it printed before it stopped is read first: then its last echoed line is the one it was running.
      await sleep(200);
      const inFlight = bot.working();
      await sleep(PAUSE_MS - 200);
      bot.kill('SIGCONT');
      if (inFlight) await bot.answered(inFlight, 15_000);
      pauses.push({ who, inLock, answer: outcome(inFlight?.text), ms: inFlight && inFlight.answeredAt! - inFlight.sentAt });
    }
    storming = false;
    await Promise.all(storms);

    const all = [...a.exchanges.slice(1), ...b.exchanges.slice(1)].filter((e) => e.line.startsWith('/team unit add'));
    const acknowledged = all.flatMap((e) => ADDED.exec(e.text ?? '')?.[1] ?? []);
    const conflicts = all.filter((e) => e.text?.includes(S.STORE_CONFLICT));
    const units = await unitsIn(redis.url);
    const lost = acknowledged.filter((u) => !units.includes(u));
    summary('sigstop storm', {
      commands: all.length, acknowledged: acknowledged.length, stored: units.length, lost: lost.length,
      duplicates: units.length - new Set(units).size, conflicts: conflicts.length, pauses, outcomes: tally(all),
    });
    expect(all.every((e) => !e.mismatch)).toBe(true);
    expect(lost).toEqual([]);
    expect(new Set(units).size).toBe(units.length);
    // A conflict is nothing saved: none of those units is in the team.
    for (const e of conflicts) expect(units).not.toContain(e.line.replace('/team unit add ', ''));
    // Every other answer added its unit, or met the fence.
    expect(Object.keys(tally(all)).filter((k) => k !== 'added' && k !== 'STORE_CONFLICT')).toEqual([]);
    // A pause inside the lock meets the fence when it wakes (or, caught just after its write, was saved).
    for (const p of pauses.filter((x) => x.inLock)) expect(['STORE_CONFLICT', 'added']).toContain(p.answer);
    expect(conflicts.length, 'no pause landed while a lock was held: the fence was not exercised').toBeGreaterThan(0);
  }, 60_000);

  it('serve the other process within seconds when a lock holder is killed (SIGKILL), and lose nothing acknowledged', async () => {
    const redis = await startRedis({ aof: false });
    const dir = tempDir();
    const { a, b, addrA } = await twoBots(redis, dir);
    let storming = true;
    const storms = [storm(a, 'a', () => storming), storm(b, 'b', () => storming)];
    await sleep(800);
    const { inLock, at: killedAt } = await signalInsideLock(redis, (addr) => addr === addrA, a, 'SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    // B goes on: its next command that needs the team's lock waits for the lease A died holding.
    const servedAfterKill = () => b.exchanges.filter((e) => e.answeredAt !== undefined && e.answeredAt > killedAt);
    await waitUntil('B to answer 20 commands after the kill', () => servedAfterKill().length >= 20, LEASE_MS + 5000);
    storming = false;
    await Promise.all(storms);

    const all = [...a.exchanges, ...b.exchanges].filter((e) => e.line.startsWith('/team unit add'));
    const acknowledged = all.flatMap((e) => ADDED.exec(e.text ?? '')?.[1] ?? []);
    const afterKill = servedAfterKill();
    // The longest B went without an answer after the kill: the wait for the dead holder's lease.
    const times = [killedAt, ...afterKill.map((e) => e.answeredAt!)];
    const serveMs = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    const units = await unitsIn(redis.url);
    const lost = acknowledged.filter((u) => !units.includes(u));
    summary('sigkill lock holder', {
      inLock, longestWaitMs: serveMs, firstAnswerMs: times[1]! - killedAt, acknowledged: acknowledged.length,
      ackByA: all.filter((e) => e.line.includes('U-a-') && ADDED.test(e.text ?? '')).length, stored: units.length, lost: lost.length, bAfterKill: tally(afterKill),
    });
    expect(serveMs).toBeLessThan(LEASE_MS + 2000);
    expect(lost).toEqual([]);
    expect(new Set(units).size).toBe(units.length);
    // Waiting for the dead holder's lease is waiting, not failing: B's every answer after the kill added its unit.
    expect(Object.keys(tally(afterKill))).toEqual(['added']);
  }, 40_000);
});

describe.skipIf(!REDIS)('Redis stopped and restarted', () => {
  it('answers every command within 5 s throughout a 10 s outage, saves nothing meanwhile, recovers by itself, and loses nothing acknowledged', async () => {
    const redis = await startRedis({ aof: true });
    const dir = tempDir();
    const bot = spawnBot(botEnv(redis.url, dir, 'c'), { cwd: dir });
    for (const line of [`/team create ${TEAM}`, '/team unit add 城关镇', '/team add me 组员']) expect((await bot.ask(line, 15_000)).text).not.toMatch(/存储|出错/);

    // A command every 500 ms, whatever became of the last one: 2 s before, 10 s down, 4 s after.
    const sent: Exchange[] = [];
    let i = 0;
    const ticker = setInterval(() => sent.push(bot.send(`/finding add 停机演练-${i++} --unit 城关镇 --cat 作风`)), 500);
    let downAt = 0;
    let upAt = 0;
    try {
      await sleep(2000);
      downAt = Date.now();
      await redis.stop('SIGKILL'); // a crash: with appendfsync always, every acknowledged write is on disk
      await sleep(10_000);
      await redis.start();
      upAt = Date.now();
      await sleep(4000);
    } finally {
      clearInterval(ticker);
    }
    await bot.drain(10_000);

    const ms = sent.map((e) => e.answeredAt! - e.sentAt);
    const during = sent.filter((e) => e.sentAt > downAt && e.answeredAt! < upAt);
    const after = sent.filter((e) => e.sentAt > upAt);
    const firstBack = after.find((e) => SAVED.test(e.text!));
    const stored = await findingsIn(redis.url);
    const acknowledged = sent.flatMap((e) => {
      const m = SAVED.exec(e.text!);
      return m ? [[Number(m[1]), e.line.split(' ')[2]!] as const] : [];
    });
    const lost = acknowledged.filter(([n, text]) => stored.get(n) !== text);
    const storedTexts = new Set(stored.values());
    // Saved without a "saved": only a command told "not confirmed" (STORE_TIMEOUT) may be; "not saved" never.
    const ackTexts = new Set(acknowledged.map(([, text]) => text));
    const unconfirmed = new Set(sent.filter((e) => e.text!.includes(S.STORE_TIMEOUT)).map((e) => e.line.split(' ')[2]!));
    const savedAnyway = [...storedTexts].filter((text) => !ackTexts.has(text) && !unconfirmed.has(text));
    summary('redis outage', {
      commands: sent.length, longestMs: Math.max(...ms), before: tally(sent.filter((e) => e.sentAt < downAt)), duringOutage: tally(during), after: tally(after),
      recoveredMsAfterRestart: firstBack ? firstBack.answeredAt! - upAt : 'never', acknowledged: acknowledged.length, stored: stored.size, lost: lost.length,
    });
    expect(Math.max(...ms)).toBeLessThan(5000);
    expect(during.length).toBeGreaterThanOrEqual(15);
    for (const e of during) expect([S.STORE_UNAVAILABLE, S.STORE_TIMEOUT].some((s) => e.text!.includes(s)), e.text).toBe(true);
    expect(savedAnyway).toEqual([]);
    // Back without a restart of the bot: the last commands are saved again.
    expect(firstBack).toBeDefined();
    expect(after.slice(-3).map((e) => outcome(e.text))).toEqual(['saved', 'saved', 'saved']);
    expect(lost).toEqual([]);
    expect(bot.alive()).toBe(true);
  }, 45_000);
});

describe('a store that cannot be reached at start-up', () => {
  it('stops within seconds with one sentence naming XC_STORE: a closed port, an unknown host', async () => {
    const dir = tempDir();
    const port = await freePort();
    const urls = [`redis://127.0.0.1:${port}`, 'redis://no-such-host.invalid:6379'];
    const started = Date.now();
    const runs = urls.map((url, i) => spawnBot(botEnv(url, dir, `u${i}`), { cwd: dir }));
    const ends = await Promise.all(runs.map((r) => r.exited));
    const figures = urls.map((url, i) => ({ url, code: ends[i]!.code, ms: ends[i]!.at - started, stderr: runs[i]!.stderr().trim() }));
    summary('unreachable at start', { runs: figures.map(({ url, code, ms }) => ({ url, code, ms })), stderr: figures.map((f) => f.stderr) });
    for (const [i, url] of urls.entries()) {
      const { code, ms, stderr } = figures[i]!;
      expect(code, url).toBe(1);
      expect(ms, url).toBeLessThan(10_000);
      expect(stderr.split('\n'), url).toHaveLength(1);
      expect(stderr, url).toMatch(new RegExp(`^xuncha: XC_STORE：\\d+ 秒内连不上 Redis 服务器 ${url.replace(/[.]/g, '\\.')}（`));
      expect(runs[i]!.stdout(), url).toBe('');
    }
  }, 30_000);
});

describe('SQLite faults', () => {
  /** A bot on the SQLite file `file` that has made the team and its unit; resolves once it answered both. */
  async function sqliteBot(file: string, dir: string, name: string, more: Record<string, string> = {}): Promise<BotProcess> {
    const bot = spawnBot(botEnv(`sqlite://${file}`, dir, name, more), { cwd: dir });
    expect((await bot.ask(`/team create ${TEAM}`, 15_000)).text).toContain(`已新建巡察组「${TEAM}」`);
    expect((await bot.ask('/team unit add 城关镇', 10_000)).text).toMatch(ADDED);
    expect((await bot.ask('/team add me 组员', 10_000)).text).toContain('已添加 me 为组员');
    return bot;
  }

  /** Stop a bot as an operator would (end of input), and wait until it has exited. */
  async function stop(bot: BotProcess): Promise<void> {
    bot.child.stdin!.end();
    const { code } = await Promise.race([bot.exited, sleep(10_000).then(() => ({ code: 'timeout' }))]);
    expect(code).toBe(0);
  }

  it('refuses a read-only file, and a read-only folder, at start-up with one sentence naming it', async (ctx) => {
    const dir = tempDir();
    const store = join(dir, 'store');
    const file = join(store, 'x.sqlite');
    await stop(await sqliteBot(file, dir, 'setup'));
    const made = makeReadOnly(store, [file]);
    if ('reason' in made) return ctx.skip(`cannot make a folder read-only here: ${made.reason}`);
    const runs = [file, join(store, 'new.sqlite')].map((f, i) => spawnBot(botEnv(`sqlite://${f}`, dir, `ro${i}`), { cwd: dir }));
    const started = Date.now();
    const ends = await Promise.all(runs.map((r) => r.exited));
    summary('read-only', { how: made.how, root: isRoot(), ms: ends.map((e) => e.at - started), stderr: runs.map((r) => r.stderr().trim()) });
    for (const [i, what] of [[0, `文件 ${file}`], [1, `文件夹 ${store}`]] as const) {
      expect(ends[i]!.code).toBe(1);
      expect(runs[i]!.stdout()).toBe('');
      expect(runs[i]!.stderr()).toBe(`xuncha: XC_STORE 指向的 SQLite ${what} 是只读的，机器人必须能写入它。请改正权限，或改用可写的位置。\n`);
    }
  }, 30_000);

  it('names a full disk to the user, in the log and on /healthz, loses nothing acknowledged, and recovers by itself once space is freed', async (ctx) => {
    const mount = mountTmpfs('4m');
    if ('reason' in mount) return ctx.skip(`no small disk to fill: ${mount.reason}`);
    const dir = tempDir();
    const file = join(mount.dir, 'x.sqlite');
    const port = await freePort();
    const closed = await freePort();
    // Slack in HTTP mode gives the HTTP server (/healthz) beside the piped console.
    const slack = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'x', SLACK_API_URL: `http://127.0.0.1:${closed}/api/`, PORT: String(port), XC_CONSOLE: 'on' };
    const bot = await sqliteBot(file, dir, 'full', slack);
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
      return `${res.status} ${await res.text()}`;
    };
    expect(await health()).toBe('200 ok');

    // A filler beside the store takes all but about 256 KB; then findings of 2,000 characters until one is refused.
    const filler = join(mount.dir, 'filler');
    const { execFileSync } = await import('node:child_process');
    const free = () => Number(execFileSync('df', ['--output=avail', '-B1', mount.dir], { encoding: 'utf8' }).split('\n')[1]);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 256 * 1024)));
    const saved: Array<readonly [number, string]> = [];
    const refused: string[] = [];
    /** Findings made of `text(i)` until one is refused (at most `max`); the refusal. */
    async function fill(text: (i: number) => string, max: number): Promise<Exchange | undefined> {
      for (let i = 0; i < max; i++) {
        const ex = await bot.ask(`/finding add ${text(i)} --unit 城关镇 --cat 作风`, 10_000);
        const m = SAVED.exec(ex.text);
        if (!m) return refused.push(text(i)), ex;
        saved.push([Number(m[1]), text(i)]);
      }
      return undefined;
    }
    const full = await fill((i) => `满盘-${i}-${'查'.repeat(1990)}`, 400);
    expect(full?.text).toBe(`〔仅 me 可见〕\n${S.STORE_FULL}`);
    // A large write was refused; SQLite reuses the room a failed write took, so small ones may still fit.
    // The filler takes the last bytes, and small findings what is left, until one is refused too.
    const fd = openSync(filler, 'a');
    for (const chunk of [65_536, 4096, 512, 1]) {
      try {
        for (;;) writeSync(fd, Buffer.alloc(chunk));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
    closeSync(fd);
    const savedLarge = saved.length;
    const fullSmall = await fill((i) => `满盘-小-${i}`, 50);
    expect(fullSmall?.text).toBe(`〔仅 me 可见〕\n${S.STORE_FULL}`);
    // /healthz writes a record of its own: each that fits takes a little of what is left, then 503.
    const checks: string[] = [];
    while (checks.length < 10 && !checks.at(-1)?.startsWith('503')) checks.push(await health());
    const again = await fill(() => '满盘后再试', 1);
    // The log is written asynchronously: read once it holds a line per refusal (or after 5 s, whatever it holds).
    const failures = () => readFileSync(join(dir, 'full.log'), 'utf8').split('\n').filter((l) => l.includes('"command failed: store"'));
    await waitUntil('a log line per refusal', () => failures().length >= refused.length, 5000).catch(() => undefined);
    const logged = failures().map((l) => JSON.parse(l) as { outcome: string; err: { message: string } });

    // Space freed: the same process takes writes again, without a restart.
    rmSync(filler);
    const freedAt = Date.now();
    const back = await bot.ask('/finding add 清理后 --unit 城关镇 --cat 作风', 10_000);
    const healthBack = await health();
    const stored = await findingsIn(`sqlite://${file}`);
    const lost = saved.filter(([n, text]) => stored.get(n) !== text);
    const storedTexts = new Set(stored.values());
    summary('full disk', {
      acknowledged: saved.length, large: savedLarge, small: saved.length - savedLarge, refused: refused.length, stored: stored.size, lost: lost.length,
      healthWhileFull: checks, againWhileFull: outcome(again?.text), log: logged[0] && `${logged[0].outcome}: ${logged[0].err.message}`,
      back: outcome(back.text), backMs: back.answeredAt - freedAt, healthBack,
    });
    expect(checks.at(-1)).toBe('503 store: STORE_FULL');
    expect(again?.text).toBe(`〔仅 me 可见〕\n${S.STORE_FULL}`);
    expect(logged.length).toBe(refused.length);
    for (const line of logged) expect(line).toMatchObject({ outcome: 'STORE_FULL', err: { message: expect.stringMatching(/^The store's disk is full \(\w+: .+\)\.$/) } });
    expect(lost).toEqual([]);
    expect(refused.filter((text) => storedTexts.has(text))).toEqual([]);
    expect(outcome(back.text)).toBe('saved');
    expect(healthBack).toBe('200 ok');
    expect(stored.size).toBe(saved.length + 1);
  }, 60_000);

  it('saves a create once when its reply was lost (SIGKILL right after the commit) and the same line is sent again after a restart', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.sqlite');
    const line = '/finding add “三重一大”事项未经集体研究 --unit 城关镇 --cat 作风';
    const first = await sqliteBot(file, dir, 'first');
    // Killed the moment its answer is printed, as if the connection had dropped before the user saw it.
    const ex = first.send(line);
    void ex.answer.then(() => first.kill('SIGKILL'));
    await first.answered(ex, 10_000);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(ex.text).toMatch(/已保存 F-1（草稿）/);
    // Restarted over the pid file the killed process left; the same line again.
    const second = spawnBot(botEnv(`sqlite://${file}`, dir, 'second'), { cwd: dir });
    const retry = await second.ask(line, 15_000);
    const stored = await findingsIn(`sqlite://${file}`);
    summary('retry after a lost reply', { answer: retry.text.split('\n')[0], findings: stored.size });
    expect(retry.text.split('\n')[0]).toMatch(/^F-1 已于 2026-11-25 07:\d\d 保存，与这次完全相同：没有重复保存。$/);
    expect([...stored.values()]).toEqual(['“三重一大”事项未经集体研究']);
  }, 30_000);

  it('refuses a second process on the same SQLite file at start-up with one sentence, and the first one goes on', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.sqlite');
    const first = await sqliteBot(file, dir, 'first');
    const started = Date.now();
    const second = spawnBot(botEnv(`sqlite://${file}`, dir, 'second'), { cwd: dir });
    const end = await second.exited;
    summary('second process', { code: end.code, ms: end.at - started, stderr: second.stderr().trim() });
    expect(end.code).toBe(1);
    expect(second.stdout()).toBe('');
    expect(second.stderr()).toBe(
      `xuncha: XC_STORE 指向的 SQLite 文件 ${file} 正被另一个 xuncha 进程（pid ${first.pid}）使用：一个 SQLite 存储只能由一个进程使用。多个进程请改用 XC_STORE=redis://…；如果并没有 xuncha 在运行，请删除 ${file}-xuncha.pid。\n`,
    );
    expect(outcome((await first.ask('/finding add 第二进程之后 --unit 城关镇 --cat 作风', 10_000)).text)).toBe('saved');
  }, 30_000);
});
