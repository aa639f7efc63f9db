import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/harness.ts';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

/** Run the real entry point (what `npm start` runs) with a piped script. */
function start(env: Record<string, string>, script: string[]) {
  const { PATH, HOME } = process.env;
  return spawnSync(tsx, ['src/main.ts'], {
    input: script.join('\n') + '\n',
    env: { PATH, HOME, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start (the real process)', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

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
    expect(second.stdout).toContain('F-1［草稿］城关镇·作风建设·一般：村务公开不及时（me，2026-11-25）');
    expect(second.stdout).toContain('已保存 F-3（草稿）');
  });

  it('stops with one sentence naming a wrong setting', () => {
    const run = start({ XC_TIMEZONE: 'Nowhere/Land' }, []);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('xuncha: XC_TIMEZONE is not valid: expected an IANA time zone such as Asia/Shanghai, got "Nowhere/Land".\n');
    expect(run.stdout).toBe('');
  });
});
