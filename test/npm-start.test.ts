/**
 * `npm start` and `npm test` themselves, as people type them, in a copy of the project (its own dist/,
 * so that the build `npm start` runs first never rewrites the one the other tests run): npm's own
 * banner lines are off (.npmrc), so a piped run prints the transcript alone; what fails still says why;
 * a terminal gets one line of banner.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xc-npm-'));
  for (const file of ['package.json', '.npmrc', 'vitest.config.ts', 'tsconfig.json']) copyFileSync(join(ROOT, file), join(dir, file));
  for (const folder of ['node_modules', 'src', 'commands', 'adapters', 'test']) symlinkSync(join(ROOT, folder), join(dir, folder));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of a user's shell: the path, the home (npm's cache), the bot's store and log in the copy. */
const env = (more: Record<string, string> = {}) => ({
  PATH: process.env.PATH!, HOME: process.env.HOME!, XC_STORE: `sqlite://${join(dir, 'data', 'x.sqlite')}`, LOG_FILE: join(dir, 'x.log'), XC_NOW: '2026-11-25T09:00:00+08:00', ...more,
});

const npm = (args: string[], input: string, more?: Record<string, string>) =>
  spawnSync('npm', args, { cwd: dir, input, env: env(more), encoding: 'utf8', timeout: 90_000 });

describe('npm start, piped', () => {
  it('prints the transcript and nothing else: no npm banner, no build line', () => {
    const run = npm(['start'], '/team create 第一巡察组\n/rule show BM-01\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^> \/team create 第一巡察组\n已新建巡察组「第一巡察组」，本群已绑定。/);
    expect(run.stdout).toContain('\n\n> /rule show BM-01\nBM-01 守口如瓶');
    expect(run.stdout).not.toMatch(/xuncha@|prestart|> node |> npm /);
  }, 120_000);

  it('still says why it failed, in the bot’s one sentence, and fails', () => {
    const run = npm(['start'], '/help\n', { XC_LANG: 'fr' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('xuncha: XC_LANG 的值不对：应为 "zh" 或 "en"，现在是 "fr"。请在环境变量或 .env 文件中改正后重新启动。\n');
  }, 120_000);

  it('ends quietly when its reader goes away (`npm start | head`)', async () => {
    const child = spawn('npm', ['start'], { cwd: dir, env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end('/help all\n'.repeat(200));
    // Read the first chunk, then close the pipe, as `head` does.
    await new Promise((read) => child.stdout.once('data', read));
    child.stdout.destroy();
    const code = await new Promise((done) => child.once('exit', done));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  }, 120_000);
});

describe('npm test', () => {
  it('prints the test runner’s output and its summary, without npm’s banner', () => {
    const run = npm(['test', '--', 'test/wording.test.ts'], '');
    expect(run.status).toBe(0);
    const out = run.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(out).toMatch(/Test Files\s+1 passed/);
    expect(out).not.toMatch(/> xuncha@|> vitest run/);
  }, 120_000);
});

/** util-linux `script`, which runs a command on a pseudo-terminal: there on Debian, as in CI. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') ?? false;

describe.skipIf(!hasScript)('npm start on a terminal', () => {
  it('opens with one line: what it is, the store, how to quit', async () => {
    const child = spawn('script', ['-qec', 'npm start', '/dev/null'], { cwd: dir, env: { ...env(), TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // Wait for the prompt, then end the input as Ctrl+D does.
    await new Promise<void>((ready) => child.stdout.on('data', () => out.includes('me> ') && ready()));
    child.stdin.write('\x04');
    await new Promise((done) => child.once('exit', done));
    const before = out.slice(0, out.indexOf('[main] me> '));
    const lines = before.split(/\r?\n/).map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')).filter(Boolean);
    expect(lines).toEqual([`巡察助手本地控制台 · 存储 sqlite://${join(dir, 'data', 'x.sqlite')} · /help 看命令，/as /chat /dm 换用户、群聊、私聊 · Ctrl+D 退出`]);
  }, 120_000);
});
