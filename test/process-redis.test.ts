import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/harness.ts';
import { START } from './helpers/start.ts';

const REDIS = process.env.XC_TEST_REDIS;

/** Run the real entry point as a console with a piped script; resolves with what it printed. */
function run(env: Record<string, string>, lines: string[]): Promise<{ code: number | null; out: string }> {
  const { PATH, HOME } = process.env;
  const child = spawn(START.command, START.args, { env: { PATH, HOME, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += String(c)));
  child.stdin.end(lines.join('\n') + '\n');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe.skipIf(!REDIS)('two bot processes on one Redis', () => {
  it('never reuse a reference, lose no finding, and send the day\'s digest and secrecy reminder once', async () => {
    // A database of its own on the shared server, emptied first.
    const url = `${REDIS}/7`;
    const admin = createClient({ url });
    await admin.connect();
    await admin.flushDb();
    await admin.quit();
    const dir = tempDir();
    const env = (name: string) => ({ XC_STORE: url, LOG_FILE: join(dir.dir, `${name}.log`), XC_NOW: '2026-11-25T07:00:00+08:00' });
    const setup = await run(env('setup'), ['/team create 第一巡察组', '/team unit add 城关镇', '/team add 组员 组员', '/team period 2026-11-20 2026-12-20']);
    expect(setup.out).toContain('已添加 组员 为组员。');
    expect(setup.out).not.toContain('保密提醒（2026-11-25）'); // 07:00: before SECRECY_TIME

    // Both start after the digest and reminder times, on a workday of the round: each one's start-up tick wants to send both.
    const adds = (who: string) => ['/as 组员', ...Array.from({ length: 100 }, (_, i) => `/finding add ${who}-${i} --unit 城关镇 --cat 作风`)];
    const at9 = (name: string) => ({ ...env(name), XC_NOW: '2026-11-25T09:00:00+08:00' });
    const [a, b] = await Promise.all([run(at9('a'), adds('甲')), run(at9('b'), adds('乙'))]);
    expect([a.code, b.code]).toEqual([0, 0]);

    const refs = [...(a.out + b.out).matchAll(/已保存 F-(\d+)（草稿）/g)].map((m) => Number(m[1]));
    expect(refs).toHaveLength(200);
    expect(new Set(refs).size).toBe(200);
    expect(Math.max(...refs)).toBe(200);
    expect((a.out + b.out).match(/【每日提醒】巡察组「第一巡察组」 · 2026-11-25/g)).toHaveLength(1);
    expect((a.out + b.out).match(/保密提醒（2026-11-25）/g)).toHaveLength(1);

    const check = await run(env('check'), ['/as 组员', '/finding list']);
    expect(check.out).toContain('问题清单：共 200 条');
    dir.cleanup();
  });
});
