/**
 * Real processes for the fault suite: the bot as `npm start` runs it (console on piped stdin/stdout),
 * redis-server on a port of its own, tmpfs and read-only bind mounts. Everything started here is
 * registered, and `cleanupAll()` (afterEach) stops it, unmounts it and removes it, even after a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { START } from './start.ts';

const cleanups: Array<() => void | Promise<void>> = [];

/** Undo everything started since the last call, last first; never throws. */
export async function cleanupAll(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch {
      // Best effort: the next step still runs.
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait until `check` is true, polling; throws naming `what` after `ms`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, ms: number, every = 20): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** A fresh temp folder, removed at cleanup. */
export function tempDir(prefix = 'xc-fault-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A TCP port nothing listens on now (the OS's pick, closed again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const isRoot = () => process.getuid?.() === 0;
export const hasRedis = () => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** Run a command; its status and stderr. */
function sh(cmd: string, args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, err: `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim() };
}

/** Unmount (lazily if busy), at most a few tries. */
function unmount(dir: string): void {
  for (let i = 0; i < 3; i++) if (sh('umount', [dir]).ok) return;
  sh('umount', ['-l', dir]);
}

/** A tmpfs of `size` (e.g. '2m') mounted on a fresh folder, or the reason it cannot be. */
export function mountTmpfs(size: string): { dir: string } | { reason: string } {
  if (!isRoot()) return { reason: 'mounting a tmpfs needs root, and this test does not run as root' };
  const dir = tempDir('xc-tmpfs-');
  const r = sh('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  if (!r.ok) return { reason: `this machine does not allow mounting a tmpfs (${r.err || 'mount failed'})` };
  cleanups.push(() => unmount(dir));
  return { dir };
}

/**
 * Make `dir` read-only for real: a read-only bind mount as root (root writes a 0444 file), else chmod.
 * Returns how, or why it cannot be done here.
 */
export function makeReadOnly(dir: string, files: string[]): { how: string } | { reason: string } {
  if (isRoot()) {
    const bind = sh('mount', ['--bind', dir, dir]);
    if (!bind.ok) return { reason: `running as root, where a 0444 file stays writable, and a read-only bind mount is not allowed here (${bind.err || 'mount --bind failed'})` };
    cleanups.push(() => unmount(dir));
    const ro = sh('mount', ['-o', 'remount,ro,bind', dir]);
    if (!ro.ok) return { reason: `running as root, where a 0444 file stays writable, and remounting read-only is not allowed here (${ro.err || 'remount failed'})` };
    return { how: 'read-only bind mount' };
  }
  sh('chmod', ['0444', ...files]);
  sh('chmod', ['0555', dir]);
  cleanups.push(() => void sh('chmod', ['-R', 'u+w', dir]));
  return { how: 'chmod 0444/0555' };
}

/** Answer to PING on `port` within `ms`? */
function ping(port: number, ms = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (d) => done(String(d).startsWith('+PONG')));
  });
}

/** A redis-server of the test's own, in its own folder, on its own port; with AOF it keeps every acknowledged write. */
export interface RedisServer {
  port: number;
  url: string;
  /** Stop it (SIGKILL: a crash; SIGTERM: a shutdown) and wait until it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Start it again on the same port and folder; resolves when it answers. */
  start(): Promise<void>;
}

export async function startRedis(options: { aof: boolean }): Promise<RedisServer> {
  const dir = tempDir('xc-redis-');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', join(dir, 'redis.log'),
    ...(options.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    await Promise.race([gone, sleep(5000)]);
  };
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async start() {
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitUntil(`redis-server on port ${port}`, () => ping(port), 10_000, 50);
    },
  };
  cleanups.push(() => stop('SIGKILL'));
  await server.start();
  return server;
}

/** One command sent to a bot and what became of it. */
export interface Exchange {
  line: string;
  sentAt: number;
  /** The reply's text (its lines up to the blank line that ends it), once answered. */
  text?: string;
  answeredAt?: number;
  /** Answered by an entry whose echo was another line: the transcript got out of step. */
  mismatch?: string;
  /** Resolves when answered. */
  answer: Promise<void>;
}

/** A bot process as `npm start` runs it, in console mode on piped stdin/stdout. */
export interface BotProcess {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  exchanges: Exchange[];
  /** Write a line, without waiting. */
  send(line: string): Exchange;
  /** Write a line and wait for its answer (throws after `ms`). */
  ask(line: string, ms?: number): Promise<Exchange & { text: string; answeredAt: number }>;
  /** Wait for the answer to a line sent before (throws after `ms`, or if the process exits first). */
  answered(ex: Exchange, ms: number): Promise<void>;
  /** The line it is working on now: its echo printed, its answer not yet. */
  working(): Exchange | undefined;
  /** Wait until every line sent so far is answered. */
  drain(ms: number): Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  kill(signal: NodeJS.Signals): void;
  alive(): boolean;
}

/** The environment a bot gets: no inherited XC_* or platform settings, only these. */
export function spawnBot(env: Record<string, string>, options: { cwd: string }): BotProcess {
  const { PATH, HOME } = process.env;
  const child = spawn(START.command, START.args, { env: { PATH, HOME, XC_NOW: '2026-11-25T07:00:00+08:00', ...env }, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let pending = '';
  const exchanges: Exchange[] = [];
  const answers = new WeakMap<Exchange, () => void>();
  let answered = 0;
  let current: { line: string; lines: string[] } | undefined;
  // The console echoes each line it reads (`> line`), then prints the reply and a blank line: the
  // n-th entry answers the n-th line sent, since one process runs its lines one after another.
  child.stdout!.on('data', (chunk) => {
    const now = Date.now();
    out += String(chunk);
    pending += String(chunk);
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!current) {
        if (line.startsWith('> ')) current = { line: line.slice(2), lines: [] };
        continue; // anything else between entries: a notice printed on its own
      }
      if (line !== '') {
        current.lines.push(line);
        continue;
      }
      const ex = exchanges[answered++];
      if (ex) {
        ex.text = current.lines.join('\n');
        ex.answeredAt = now;
        if (current.line !== ex.line) ex.mismatch = current.line;
        answers.get(ex)?.();
      }
      current = undefined;
    }
  });
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  child.stdin!.on('error', () => undefined); // writing to a killed process
  // Resolved once its output is read to the end ('close'), with the time it exited ('exit').
  let exitedAt = 0;
  child.on('exit', () => (exitedAt = Date.now()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, at: exitedAt || Date.now() })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  cleanups.push(async () => {
    if (!alive()) return;
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(3000)]);
  });
  const bot: BotProcess = {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exchanges,
    send(line) {
      let done!: () => void;
      const ex: Exchange = { line, sentAt: Date.now(), answer: new Promise<void>((r) => (done = r)) };
      answers.set(ex, done);
      exchanges.push(ex);
      child.stdin!.write(`${line}\n`);
      return ex;
    },
    async ask(line, ms = 10_000) {
      const ex = bot.send(line);
      await bot.answered(ex, ms);
      return ex as Exchange & { text: string; answeredAt: number };
    },
    async answered(ex, ms) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ms)));
      const outcome = await Promise.race([ex.answer.then(() => 'ok' as const), exited.then(() => 'exited' as const), late]);
      clearTimeout(timer);
      // An answer printed just before the process exited still counts.
      if (ex.answeredAt !== undefined) return;
      if (outcome === 'exited') throw new Error(`pid ${child.pid} exited before answering "${ex.line}": ${err.trim()}`);
      throw new Error(`timed out after ${ms} ms waiting for an answer to "${ex.line}" from pid ${child.pid}`);
    },
    working: () => (current ? exchanges[answered] : undefined),
    drain: (ms) => waitUntil(`pid ${child.pid} to answer all ${exchanges.length} lines`, () => exchanges.every((e) => e.answeredAt !== undefined), ms, 10),
    exited,
    kill: (signal) => void child.kill(signal),
    alive,
  };
  return bot;
}

/** One command as Redis's MONITOR shows it: the client's address, the command and its first argument. */
export interface Seen {
  addr: string;
  command: string;
  key: string;
}

/**
 * Watch every command Redis runs (MONITOR), calling `onCommand` for each, synchronously as it is read:
 * a test can stop a process the moment Redis has served it a given command. Close it soon: MONITOR
 * copies every command, records and all.
 */
export function monitorRedis(port: number, onCommand: (seen: Seen) => void): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let pending = '';
    let ready = false;
    const close = () => void socket.destroy();
    cleanups.push(close);
    socket.on('error', (e) => (ready ? undefined : reject(e)));
    socket.on('connect', () => socket.write('MONITOR\r\n'));
    socket.on('data', (chunk) => {
      pending += String(chunk);
      const lines = pending.split('\r\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!ready) {
          ready = line === '+OK';
          if (ready) resolve({ close });
          continue;
        }
        const m = /^\+[\d.]+ \[\d+ ([^\]]+)\] "([^"]*)"(?: "((?:[^"\\]|\\.)*)")?/.exec(line);
        if (m) onCommand({ addr: m[1]!, command: m[2]!.toUpperCase(), key: m[3] ?? '' });
      }
    });
  });
}
