import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFindingRepo } from '../src/finding.ts';
import { createStore } from '../src/store/store.ts';
import { createTeamRepo } from '../src/team.ts';
import { tempDir } from './helpers/harness.ts';
import { spawnBot } from './helpers/start.ts';

describe('crash safety', () => {
  it('keeps every finding whose "saved" reply was received when the process is killed midway, and reuses no reference', async () => {
    const dir = tempDir();
    const file = join(dir.dir, 'x.sqlite');
    const child = spawnBot(dir.dir, '2026-11-25T07:00:00+08:00');
    child.stdin.write(['/team create 第一巡察组', '/team unit add 城关镇', '/team add me 组员'].join('\n') + '\n');
    // The burst arrives in quick chunks, so that the kill lands while lines are still coming in.
    const burst = Array.from({ length: 500 }, (_, i) => `/finding add 突发-${i} --unit 城关镇 --cat 作风`);
    const feeder = setInterval(() => {
      const chunk = burst.splice(0, 20);
      if (chunk.length && !child.killed) child.stdin.write(chunk.join('\n') + '\n');
      else clearInterval(feeder);
    }, 10);

    // Read replies as they come, and kill the process without warning once 200 are confirmed. The kill is
    // only sent then: the process may still write and reply until it is gone, so the store is read after it
    // has exited, and every reply it managed to print counts.
    const saved = new Map<number, string>();
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      for (const m of out.matchAll(/> \/finding add (突发-\d+) [^\n]*\n已保存 F-(\d+)（草稿）/g)) saved.set(Number(m[2]), m[1]!);
      if (saved.size >= 200 && !child.killed) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    clearInterval(feeder);
    expect(signal).toBe('SIGKILL');
    expect(saved.size).toBeGreaterThanOrEqual(200);

    // After the crash: everything confirmed is there, with the reference it was given.
    const store = await createStore(`sqlite://${file}`);
    const team = (await createTeamRepo(store).byName('第一巡察组'))!;
    const findings = createFindingRepo(store);
    const all = await findings.list(team.id);
    const byRef = new Map(all.map((f) => [f.n, f.text]));
    for (const [n, text] of saved) expect(byRef.get(n), `F-${n}`).toBe(text);
    expect(new Set(all.map((f) => f.text)).size).toBe(all.length);

    // The next reference after a restart is new: never one handed out before the crash.
    const next = await findings.add({ ...all[0]!, text: '重启后' });
    expect(next.n).toBeGreaterThan(Math.max(...all.map((f) => f.n)));
    await store.close();
    dir.cleanup();
  });
});
