import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/harness.ts';
import { START } from './helpers/start.ts';

/** Run the real entry point (what `npm start` runs) with a piped script. */
function start(env: Record<string, string>, script: string[]) {
  const { PATH, HOME } = process.env;
  return spawnSync(START.command, START.args, {
    input: script.join('\n') + '\n',
    env: { PATH, HOME, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start (the real process)', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

  it('stops cleanly on SIGTERM while the console waits for input', async () => {
    const d = tempDir();
    dirs.push(d);
    const { PATH, HOME } = process.env;
    const env = { PATH, HOME, XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`, LOG_FILE: join(d.dir, 'x.log') };
    const child = spawn(START.command, START.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write('/help\n');
    await new Promise((ready) => child.stdout.once('data', ready));
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('exit', (c, s) => done([c, s])));
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('gives a transcript on the embedded store and keeps everything across a restart', () => {
    const d = tempDir();
    dirs.push(d);
    const env = { XC_STORE: `sqlite://${join(d.dir, 'data', 'x.sqlite')}`, LOG_FILE: join(d.dir, 'x.log'), XC_NOW: '2026-11-25T09:00:00+08:00' };
    const first = start(env, ['/team create 第一巡察组', '/team unit add 城关镇', '/team add me 组长', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风', '/finding add 台账缺失 --unit 城关镇 --cat 作风']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('> /finding add 台账缺失 --unit 城关镇 --cat 作风\n已保存 F-2（草稿）');

    const second = start({ ...env, XC_NOW: '2026-11-26T09:00:00+08:00' }, ['/finding list', '/finding add 第三个 --unit 城关镇 --cat 作风']);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('问题清单：共 2 条');
    expect(second.stdout).toContain('F-1［草稿］城关镇 · 作风建设 · 一般：村务公开不及时（me · 2026-11-25）');
    expect(second.stdout).toContain('已保存 F-3（草稿）');
  });

  it('stops with one sentence when the encryption key does not open the store', () => {
    const d = tempDir();
    dirs.push(d);
    const env = { XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`, LOG_FILE: join(d.dir, 'x.log') };
    expect(start({ ...env, XC_ENCRYPTION_KEY: '1'.repeat(64) }, ['/team create 加密组']).status).toBe(0);
    const wrong = start({ ...env, XC_ENCRYPTION_KEY: '2'.repeat(64) }, ['/team']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('xuncha: XC_ENCRYPTION_KEY 打不开这个存储：它是用另一个密钥加密的。请改用加密时的密钥。\n');
    expect(wrong.stdout).toBe('');
  });

  it('removes the console history file when a key is set, and narrows it to 0600 without one', () => {
    const d = tempDir();
    dirs.push(d);
    const history = join(d.dir, 'data', 'console-history');
    mkdirSync(join(d.dir, 'data'));
    writeFileSync(history, '/finding add 历史金丝雀 --unit 城关镇 --cat 作风');
    chmodSync(history, 0o644);
    const { PATH, HOME } = process.env;
    // Run in the temporary folder: the history file is data/console-history under the working directory.
    const run = (env: Record<string, string>) =>
      spawnSync(START.command, START.args, { cwd: d.dir, input: '/help\n', env: { PATH, HOME, XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`, LOG_FILE: join(d.dir, 'x.log'), ...env }, encoding: 'utf8', timeout: 60_000 });
    expect(run({}).status).toBe(0);
    expect(statSync(history).mode & 0o777).toBe(0o600);
    expect(run({ XC_ENCRYPTION_KEY: '3'.repeat(64), XC_STORE: `sqlite://${join(d.dir, 'sealed.sqlite')}` }).status).toBe(0);
    expect(existsSync(history)).toBe(false);
    const log = readFileSync(join(d.dir, 'x.log'), 'utf8');
    expect(log).toContain('console history removed');
    expect(log).not.toContain('历史金丝雀');
  });

  it('stops naming a wrong setting and what to do, in the configured language', () => {
    const run = start({ XC_TIMEZONE: 'Nowhere/Land' }, []);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('xuncha: XC_TIMEZONE 的值不对：应为 IANA 时区，例如 Asia/Shanghai，现在是 "Nowhere/Land"。请在环境变量或 .env 文件中改正后重新启动。\n');
    expect(run.stdout).toBe('');
    const english = start({ XC_LANG: 'en', XC_TIMEZONE: 'Nowhere/Land' }, []);
    expect(english.stderr).toBe('xuncha: XC_TIMEZONE is not valid: expected an IANA time zone such as Asia/Shanghai, got "Nowhere/Land".\n');
    // A wrong XC_LANG cannot name the language: its refusal is in Chinese, the default.
    expect(start({ XC_LANG: 'fr' }, []).stderr).toBe('xuncha: XC_LANG 的值不对：应为 "zh" 或 "en"，现在是 "fr"。请在环境变量或 .env 文件中改正后重新启动。\n');
  });
});

describe('two simulated days through the real process', () => {
  it('creates work on day one; on day two the digest names each overdue item, liaisons see their unit, the export holds the three lists', async () => {
    const d = tempDir();
    const env = {
      XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`,
      LOG_FILE: join(d.dir, 'x.log'),
      XC_FILES_DIR: join(d.dir, 'exports'),
    };
    const script = (name: string) => readFileSync(join('test', 'fixtures', name), 'utf8').trimEnd().split('\n');
    const day1 = start({ ...env, XC_NOW: '2026-11-25T09:00:00+08:00' }, script('day1.txt'));
    expect(day1.status).toBe(0);
    expect(day1.stdout).toContain('已建立整改任务 R-1（F-1 · 城关镇）：责任人 王镇长，时限 2026-11-26。');
    expect(day1.stdout).toContain('〔私信 → 王镇长〕\n巡察组「第一巡察组」交给你一项整改任务 R-1');
    expect(day1.stdout).toContain('已登记调阅材料 D-1：城关镇，期限 2026-11-26。已私信通知联络员：王联络。');
    expect(day1.stdout).toContain('已报告 R-2 完成');

    const day2 = start({ ...env, XC_NOW: '2026-11-27T09:00:00+08:00' }, script('day2.txt'));
    expect(day2.status).toBe(0);
    const out = day2.stdout;
    const digest = out.slice(out.indexOf('〔发往群聊 main〕'), out.indexOf('> '));
    expect(digest).toContain('【每日提醒】巡察组「第一巡察组」 · 2026-11-27');
    expect(digest).toContain('R-1 城关镇 · 王镇长 · 时限 2026-11-26：建立三资台账并公开（逾期1天）');
    expect(digest).toContain('D-1 城关镇 · 近三年党委会议记录，应于 2026-11-26 提供（逾期1天）');
    expect(digest).not.toContain('R-2');
    expect(digest).not.toContain('R-3');
    expect(out).toContain('〔私信 → 王镇长〕\n【你的整改任务】');

    const section = (from: string, to: string) => out.slice(out.indexOf(from), out.indexOf(to, out.indexOf(from) + from.length));
    const wangDocs = section('> /docs list', '> /rectify list');
    expect(wangDocs).toContain('D-1');
    expect(wangDocs).not.toContain('D-2');
    const wangTasks = section('> /rectify list', '> /as 赵联络');
    expect(wangTasks).toContain('R-1');
    expect(wangTasks).toContain('R-3');
    expect(wangTasks).not.toContain('R-2');
    const zhaoDocs = section('> /as 赵联络', '> /as 张组长');
    expect(zhaoDocs).toContain('D-2');
    expect(zhaoDocs).not.toContain('D-1');

    const files = readdirSync(env.XC_FILES_DIR);
    // Named to the second: the clock runs on from XC_NOW.
    expect(files).toEqual([expect.stringMatching(/^xuncha-第一巡察组-20261127-0900\d\d\.xlsx$/)]);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(env.XC_FILES_DIR, files[0]!));
    // The leader's export: the three lists and the handover register.
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '问题清单', '任务清单', '责任清单', '移交台账']);
    expect(wb.getWorksheet('任务清单')!.rowCount).toBe(4);
    d.cleanup();
  });
});
