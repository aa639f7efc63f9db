import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../src/audit.ts';
import { createFindingRepo } from '../src/finding.ts';
import { createStore } from '../src/store/store.ts';
import { createTeamRepo } from '../src/team.ts';
import { tempDir } from './helpers/harness.ts';
import { spawnBot } from './helpers/start.ts';

describe('every change and its audit entry, one commit', () => {
  it('keeps both or neither when the process is killed in the middle of a burst of changes', async () => {
    const dir = tempDir();
    const file = join(dir.dir, 'x.sqlite');
    const child = spawnBot(dir.dir, '2026-11-25T07:00:00+08:00');
    child.stdin.write(['/team create 第一巡察组', '/team unit add 城关镇', '/team add me 组长'].join('\n') + '\n');
    // Each finding is added, edited twice (its text and severity, then its evidence) and flagged: four changes, each with its entries.
    const burst = Array.from({ length: 150 }, (_, i) => [
      `/finding add 突发-${i} --unit 城关镇 --cat 作风`,
      `/finding edit F-${i + 1} --text 改后-${i} --severity 较重`,
      `/finding edit F-${i + 1} --evidence 证据-${i}`,
      `/finding clue F-${i + 1}`,
    ]).flat();
    const feeder = setInterval(() => {
      const chunk = burst.splice(0, 12);
      if (chunk.length && !child.killed) child.stdin.write(chunk.join('\n') + '\n');
      else clearInterval(feeder);
    }, 5);
    let replies = 0;
    child.stdout.on('data', (chunk) => {
      replies += (String(chunk).match(/^> \/finding/gm) ?? []).length;
      // Killed without warning in the middle of the burst, while changes are being written.
      if (replies >= 250 && !child.killed) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    clearInterval(feeder);
    expect(signal).toBe('SIGKILL');

    const store = await createStore(`sqlite://${file}`);
    const team = (await createTeamRepo(store).byName('第一巡察组'))!;
    const findings = await createFindingRepo(store).list(team.id);
    const log = await createAuditLog(store).list(team.id);
    expect(findings.length).toBeGreaterThan(40);
    const entries = (action: string, ref: string) => log.filter((e) => e.action === action && e.ref === ref);
    for (const f of findings) {
      const ref = `F-${f.n}`;
      // Every recorded change has its entry, and no entry records a change that was not saved.
      expect(entries('finding-add', ref), ref).toHaveLength(1);
      expect(entries('edit', ref).map((e) => e.field), ref).toEqual(f.history.filter((h) => ['text', 'severity', 'evidence'].includes(h.field)).map((h) => h.field));
      expect(entries('flag-clue', ref), ref).toHaveLength(f.clue ? 1 : 0);
    }
    const refs = new Set(findings.map((f) => `F-${f.n}`));
    for (const e of log.filter((x) => x.ref.startsWith('F-'))) expect(refs.has(e.ref), `${e.action} ${e.ref} without its finding`).toBe(true);
    // The team's own set-up: three changes, three entries.
    expect(log.filter((e) => ['team-create', 'unit-add', 'member-add'].includes(e.action)).map((e) => e.action)).toEqual(['team-create', 'unit-add', 'member-add']);
    await store.close();
    dir.cleanup();
  });

  it('writes nothing, neither the change nor its entry, when the change is refused inside its commit', async () => {
    const dir = tempDir();
    const store = await createStore(`sqlite://${join(dir.dir, 'x.sqlite')}`);
    await expect(
      store.commit({ counter: 'seq:thing', log: 'audit:T9' }, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await store.counter('seq:thing')).toBe(0);
    expect(await store.counter('seq:audit:T9')).toBe(0);
    const n = await store.commit({ counter: 'seq:thing', log: 'audit:T9' }, (taken) => ({ records: [[`thing:${taken}`, { taken }]], appended: [{ a: 1 }, { a: 2 }] }));
    expect(n).toBe(1);
    expect(await store.counter('seq:audit:T9')).toBe(2);
    await store.close();
    dir.cleanup();
  });
});
