/**
 * Faults in-process: a store that fails or hangs answers the asker in one sentence and saves nothing;
 * the same create sent twice (a retry after a lost reply, a delivery made twice) makes one record; a
 * second process is kept off a SQLite store; and on Redis, a write whose lock was lost is refused.
 */
import { IDENTITIES } from '../adapters/index.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allCommands } from '../commands/index.ts';
import { createBot } from '../src/bot.ts';
import { ownerFile } from '../src/store/owner.ts';
import { createStore, LEASE_MS, StoreError, storeFailure, withDeadline, type Store } from '../src/store/store.ts';
import { createHarness, dm, incoming, rules, tempDir, useTeamHarness } from './helpers/harness.ts';
import { ok } from './helpers/replies.ts';

const setup = useTeamHarness();
const REDIS = process.env.XC_TEST_REDIS;

describe('the same create, sent twice', () => {
  it('makes one finding within minutes, and a second one later', async () => {
    const { h, teamId } = await setup();
    const line = '/finding add “三重一大”事项未经集体研究 --unit 城关镇 --cat 作风';
    expect((await ok(h, '组员', line)).text).toContain('已保存 F-1');
    h.clock.set('2026-11-25T09:05:00+08:00');
    const again = await ok(h, '组员', line);
    expect(again.text).toBe('F-1 已于 2026-11-25 09:00 保存，与这次完全相同：没有重复保存。');
    expect(again.actions?.map((a) => a.command)).toEqual(['/finding review F-1', '/finding show F-1']);
    // Someone else, or other words, is another finding.
    expect((await ok(h, '组员二', line)).text).toContain('已保存 F-2');
    expect((await ok(h, '组员', `${line} --severity 较重`)).text).toContain('已保存 F-3');
    // Logged again the next day, it is a finding of its own.
    h.clock.set('2026-11-26T09:00:00+08:00');
    expect((await ok(h, '组员', line)).text).toContain('已保存 F-4');
    expect((await h.bot.services.findings.list(teamId)).map((f) => f.n)).toEqual([4, 3, 2, 1]);
    expect((await h.bot.services.audit.list(teamId)).filter((e) => e.action === 'finding-add')).toHaveLength(4);
  });

  it('makes one task and tells its owner once; one document request; one progress note', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 台账缺失 --unit 城关镇 --cat 作风');
    for (let i = 0; i < 2; i++) await ok(h, '组长', '/rectify add F-1 建立台账 --owner 组员 --due +10d');
    await h.bot.flush();
    expect(await h.bot.services.rectifications.list(teamId)).toHaveLength(1);
    expect(sent.filter((o) => o.reply.text.includes('建立台账'))).toHaveLength(1);
    for (let i = 0; i < 2; i++) await ok(h, '组员', '/docs request 党委会议记录 --unit 城关镇 --due +3d');
    expect(await h.bot.services.docs.list(teamId)).toHaveLength(1);
    for (let i = 0; i < 2; i++) await ok(h, '组员', '/rectify progress R-1 已起草台账模板', dm('组员'));
    expect((await h.bot.services.rectifications.get(teamId, 1))!.progress).toHaveLength(1);
    expect((await h.bot.services.audit.list(teamId)).filter((e) => e.action === 'progress')).toHaveLength(1);
  });

  it('runs a platform delivery once: delivered again, it is answered and not run twice', async () => {
    const { h, teamId } = await setup();
    const msg = { ...incoming('组员', '/finding add 台账缺失 --unit 城关镇 --cat 作风'), deliveryId: 'u-42' };
    expect((await h.bot.dispatch(msg))[0]!.text).toContain('已保存 F-1');
    // A create delivered again is the same request: answered with what it made.
    expect((await h.bot.dispatch(msg))[0]!.text).toContain('F-1 已于 2026-11-25 09:00 保存');
    expect(await h.bot.services.findings.list(teamId)).toHaveLength(1);
    // Any other change delivered again finds its mark in the store and is refused at its commit.
    const edit = { ...incoming('组员', '/finding edit F-1 --text 台账缺失三年', dm('组员')), deliveryId: 'u-44' };
    expect((await h.bot.dispatch(edit))[0]!.text).toContain('已修改 F-1');
    const before = await h.bot.services.findings.get(teamId, 1);
    expect(await h.bot.dispatch(edit)).toEqual([{ text: '这条消息已经处理过（平台又送了一次），没有再执行。', visibility: 'asker', quotes: [] }]);
    expect(await h.bot.services.findings.get(teamId, 1)).toEqual(before);
    expect((await h.bot.services.audit.list(teamId)).filter((e) => e.action === 'edit')).toHaveLength(1);
    // A read makes no change and leaves no mark: delivered again, it is answered again.
    const list = { ...incoming('组员', '/finding list', dm('组员')), deliveryId: 'u-43' };
    expect((await h.bot.dispatch(list))[0]!.text).toContain('问题清单');
    expect((await h.bot.dispatch(list))[0]!.text).toContain('问题清单');
  });
});

/** The harness's store, failing as `fail` says for every write (and, with `reads`, every read). */
function failing(store: Store, fail: () => unknown, reads = false): Store {
  const reject = () => Promise.reject(fail());
  return {
    ...store,
    set: reject,
    setMany: reject,
    commit: reject,
    append: reject,
    increment: reject,
    ...(reads && { get: reject, getMany: reject }),
  } as Store;
}

describe('a store that fails', () => {
  const sqliteError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

  it.each([
    ['a full disk', () => sqliteError('SQLITE_FULL'), '存储所在磁盘已满：这条命令没有保存。请通知管理员清理磁盘。', 'STORE_FULL'],
    ['a read-only file', () => sqliteError('SQLITE_READONLY'), '存储处于只读状态：这条命令没有保存。请通知管理员。', 'STORE_READONLY'],
    ['an unreachable Redis', () => Object.assign(new Error('The client is closed'), { name: 'ClientClosedError' }), '存储暂时无法访问：这条命令没有保存。请一分钟后再试；若一直如此，请通知管理员。', 'STORE_UNAVAILABLE'],
    ['a lost lease', () => new StoreError('STORE_CONFLICT', 'lease lost'), '保存时发现这期间另一处已修改同一数据：这条命令没有保存，请再试一次。', 'STORE_CONFLICT'],
    ['a store that does not answer', () => new StoreError('STORE_TIMEOUT', 'no answer'), '存储没有及时响应：这条命令是否已保存无法确认。请一分钟后原样再发一次：已保存的不会重复保存。', 'STORE_TIMEOUT'],
  ])('names %s to the asker in one sentence, and its cause in the log', async (_name, fail, sentence, code) => {
    const { h, teamId } = await setup();
    const bot = createBot({ config: h.config, store: failing(h.store, fail), clock: h.clock, log: h.log, rules, commands: allCommands, identities: IDENTITIES });
    const replies = await bot.dispatch(incoming('组员', '/finding add 台账缺失 --unit 城关镇 --cat 作风'));
    expect(replies).toEqual([{ text: sentence, visibility: 'asker', error: true, quotes: [] }]);
    expect(await h.bot.services.findings.list(teamId)).toEqual([]);
    const logged = h.logs.filter((l) => l.msg === 'command failed: store');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ outcome: code, err: { name: 'StoreError' } });
    expect(JSON.stringify(h.logs)).not.toContain('台账缺失');
  });

  it('answers a read that fails too, instead of taking it for "not found"', async () => {
    const { h } = await setup();
    const bot = createBot({ config: h.config, store: failing(h.store, () => sqliteError('SQLITE_IOERR_READ'), true), clock: h.clock, log: h.log, rules, commands: allCommands, identities: IDENTITIES });
    const [r] = await bot.dispatch(incoming('组员', '/finding list'));
    expect(r).toMatchObject({ error: true, text: '存储暂时无法访问：这条命令没有保存。请一分钟后再试；若一直如此，请通知管理员。' });
  });

  it('gives up on an operation after its deadline, with a sentence that says so', async () => {
    const started = Date.now();
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(never, 50)).rejects.toMatchObject({ code: 'STORE_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not blame the store for a stall of its own process: an answer that came meanwhile wins over the deadline', async () => {
    // A busy loop stands in for SIGSTOP or a long GC: the process stalls past the deadline while a
    // one-step operation completes (test/fault-suite.test.ts does it with a real SIGSTOP on Redis).
    let late = 0;
    for (let i = 0; i < 10; i++) {
      const op = withDeadline(stat(import.meta.filename), 20);
      const until = Date.now() + 100;
      while (Date.now() < until) {
        // stalled
      }
      await op.catch(() => late++);
    }
    expect(late).toBe(0);
  });

  it('names node-redis\'s own errors, which are all called "Error", as the store being unavailable', async () => {
    const client = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true });
    const err = await client.get('x').catch((e: unknown) => e);
    expect((err as Error).name).toBe('Error'); // its class, ClientClosedError, is the only name it has
    expect(storeFailure(err)).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

describe('one process per SQLite store', () => {
  it('refuses a second process with a sentence, and takes over from one that died', async () => {
    const d = tempDir();
    const file = join(d.dir, 'x.sqlite');
    const first = await createStore(`sqlite://${file}`);
    expect(readFileSync(ownerFile(file), 'utf8')).toBe(String(process.pid));
    // Another live process owns it (this test's parent stands in for it).
    writeFileSync(ownerFile(file), String(process.ppid));
    await expect(createStore(`sqlite://${file}`)).rejects.toMatchObject({ code: 'STORE_BUSY', message: expect.stringContaining(`in use by another xuncha process (pid ${process.ppid})`) });
    // A pid no process has: left by one that died, taken over.
    writeFileSync(ownerFile(file), '2147483646');
    await first.close();
    const second = await createStore(`sqlite://${file}`);
    expect(readFileSync(ownerFile(file), 'utf8')).toBe(String(process.pid));
    await second.close();
    expect(existsSync(ownerFile(file))).toBe(false);
    // A backup reads beside the owner.
    const owner = await createStore(`sqlite://${file}`);
    const backup = await createStore(`sqlite://${file}`, undefined, { shared: true });
    await backup.close();
    await owner.close();
    d.cleanup();
  });

  it('keeps the harness working: its bot owns its store and gives it up when closed', async () => {
    const h = await createHarness();
    expect(existsSync(ownerFile(h.file))).toBe(true);
    await h.dispose();
  });
});

describe.skipIf(!REDIS)('fenced writes on Redis', () => {
  it('refuses the write of a holder whose lease was lost, and keeps the newer one', async () => {
    const url = `${REDIS}/9`;
    const admin = createClient({ url });
    await admin.connect();
    await admin.flushDb();
    const a = await createStore(url);
    const b = await createStore(url);
    const Value = z.string();
    await a.set('record', 'first');
    // The other process's work, set up outside the holder's task, as another process's would be.
    let paused!: () => void;
    let resumed!: () => void;
    const resume = new Promise<void>((r) => (resumed = r));
    const other = new Promise<void>((r) => (paused = r)).then(async () => {
      // As if the holder were paused past its lease: the lease is gone, and another takes the lock and writes.
      await admin.del('xc:lock:team:T1');
      await b.withLock('team:T1', () => b.set('record', 'newer'));
      resumed();
    });
    const stale = a.withLock('team:T1', async () => {
      const read = await a.get('record', Value);
      paused();
      await resume;
      await a.set('record', `${read} (stale)`);
    });
    await other;
    await expect(stale).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    expect(await a.get('record', Value)).toBe('newer');
    // A write without a lock is not fenced; a holder that keeps its lease writes as usual.
    await a.withLock('team:T1', () => a.set('record', 'held'));
    expect(await b.get('record', Value)).toBe('held');
    await a.close();
    await b.close();
    await admin.quit();
  });

  it('renews a lease while its holder works, past the lease itself', async () => {
    const url = `${REDIS}/9`;
    const a = await createStore(url);
    const Value = z.string();
    await a.withLock('long', async () => {
      await new Promise((r) => setTimeout(r, LEASE_MS + 1000));
      await a.set('long-record', 'written');
    });
    expect(await a.get('long-record', Value)).toBe('written');
    await a.close();
  }, 20_000);

  it('stops at start-up within seconds, naming XC_STORE, when Redis cannot be reached', async () => {
    const started = Date.now();
    await expect(createStore('redis://127.0.0.1:1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/^XC_STORE: cannot reach the Redis server at redis:\/\/127\.0\.0\.1:1/) });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(createStore('redis://user:secret@127.0.0.1:1')).rejects.toMatchObject({ message: expect.not.stringContaining('secret') });
  }, 30_000);
});
