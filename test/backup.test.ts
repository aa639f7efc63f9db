import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { describe, expect, it, vi } from 'vitest';
import { readBackup, writeBackup } from '../src/store/backup.ts';
import { createStore } from '../src/store/store.ts';
import { BACKUP, RESTORE } from './helpers/start.ts';
import { createHarness, tempDir, withTeam, type Harness } from './helpers/harness.ts';

const KEY_HEX = 'c'.repeat(64);
const KEY = Buffer.from(KEY_HEX, 'hex');
const REDIS = process.env.XC_TEST_REDIS;

async function populate(h: Harness): Promise<void> {
  await withTeam(h);
  for (const line of ['/finding add 备份问题一 --unit 城关镇 --cat 作风', '/finding add 备份问题二 --unit 东关村 --cat 纪律建设']) {
    expect((await h.say('组员', line))[0]!.error).toBeUndefined();
  }
  await h.say('组长', '/rectify add F-1 备份措施 --owner 组员 --due 2026-12-31');
}

describe('backup and restore', () => {
  it.skipIf(!REDIS)('round-trips a populated, encrypted store from SQLite to Redis, counters and all', async () => {
    const h = await createHarness({ env: { XC_ENCRYPTION_KEY: KEY_HEX } });
    await populate(h);
    const dir = tempDir();
    const file = join(dir.dir, 'backup.json');
    await writeBackup(h.store, file, KEY, h.clock.now());
    expect(readFileSync(file, 'utf8')).not.toContain('备份问题');

    const url = `${REDIS}/10`;
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    const target = await createStore(url, undefined, { key: KEY });
    await target.restore(await readBackup(file, KEY));
    await target.close();

    const restored = await createHarness({ env: { XC_ENCRYPTION_KEY: KEY_HEX, XC_STORE: url } });
    const list = await restored.text('组员', '/finding list');
    expect(list).toContain('备份问题一');
    expect(list).toContain('备份问题二');
    expect(await restored.text('组员', '/rectify show R-1')).toContain('备份措施');
    // The counters came along: the next reference continues, never reuses.
    expect(await restored.text('组员', '/finding add 恢复后 --unit 城关镇 --cat 作风')).toContain('F-3');
    await restored.dispose();
    await client.flushDb();
    await client.quit();
    await h.dispose();
    dir.cleanup();
  });

  it('refuses to restore into a store that holds data, or with the wrong key', async () => {
    const h = await createHarness({ env: { XC_ENCRYPTION_KEY: KEY_HEX } });
    await populate(h);
    const dir = tempDir();
    const file = join(dir.dir, 'backup.json');
    await writeBackup(h.store, file, KEY, h.clock.now());
    await expect(h.store.restore(await readBackup(file, KEY))).rejects.toThrow('Restore needs an empty store: this one holds data.');
    await expect(readBackup(file, Buffer.from('d'.repeat(64), 'hex'))).rejects.toThrow(`XC_ENCRYPTION_KEY does not open ${file}`);
    await expect(readBackup(file, undefined)).rejects.toThrow(`${file} is encrypted`);
    const plain = await createStore(`sqlite://${join(dir.dir, 'plain.sqlite')}`);
    await expect(plain.restore(await readBackup(file, KEY))).rejects.toThrow('XC_ENCRYPTION_KEY must be the one the backup was made with');
    await plain.close();
    await h.dispose();
    dir.cleanup();
  });

  it('writes the backup 0600 through a temporary file beside it, also over an existing 0644 file', async () => {
    const h = await createHarness();
    await populate(h);
    const dir = tempDir();
    const file = join(dir.dir, 'backup.json');
    writeFileSync(file, 'an older backup');
    chmodSync(file, 0o644);
    await writeBackup(h.store, file, undefined, h.clock.now());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir.dir)).toEqual(['backup.json']);
    expect((await readBackup(file, undefined)).records.length).toBeGreaterThan(0);
    await h.dispose();
    dir.cleanup();
  });

  it('leaves the previous backup whole, and no temporary file, when writing a new one fails midway', async () => {
    const h = await createHarness();
    await populate(h);
    const dir = tempDir();
    const file = join(dir.dir, 'backup.json');
    await writeBackup(h.store, file, undefined, h.clock.now());
    const before = readFileSync(file, 'utf8');
    await h.say('组员', '/finding add 新备份里的问题 --unit 城关镇 --cat 作风');
    // The disk fails after the new text reached the temporary file: its fsync reports an I/O error.
    const probe = await open(join(dir.dir, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    await rm(join(dir.dir, 'probe'));
    const sync = vi.spyOn(fileHandle, 'sync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    try {
      await expect(writeBackup(h.store, file, undefined, h.clock.now())).rejects.toThrow('EIO');
    } finally {
      sync.mockRestore();
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir.dir)).toEqual(['backup.json']);
    await h.dispose();
    dir.cleanup();
  });

  it('works as npm run backup and npm run restore, from environment variables', async () => {
    const dir = tempDir();
    const h = await createHarness({ file: join(dir.dir, 'source.sqlite') });
    await populate(h);
    await h.close();
    const { PATH, HOME } = process.env;
    const scripts = { backup: BACKUP, restore: RESTORE };
    const cli = (mode: keyof typeof scripts, store: string, file: string) =>
      spawnSync(scripts[mode].command, [...scripts[mode].args, file], { env: { PATH, HOME, XC_STORE: `sqlite://${join(dir.dir, store)}` }, encoding: 'utf8' });
    const file = join(dir.dir, 'b.json');
    const backup = cli('backup', 'source.sqlite', file);
    expect(backup.stdout).toMatch(/^backup: \d+ records and \d+ counters written to /);
    expect(cli('restore', 'copy.sqlite', file).stdout).toMatch(/^restore: \d+ records and \d+ counters loaded from /);
    const again = cli('restore', 'copy.sqlite', file);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('xuncha: 恢复需要一个空的存储，而这个存储中已有数据。请改用新的 XC_STORE。\n');
    const copy = await createHarness({ file: join(dir.dir, 'copy.sqlite') });
    expect(await copy.text('组员', '/finding list')).toContain('备份问题二');
    await copy.close();
    dir.cleanup();
  });
});
