import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SqliteAdapter } from '../src/store/sqlite.ts';
import { createStore, StoreError, type Store } from '../src/store/store.ts';
import { tempDir } from './helpers/harness.ts';

const Item = z.object({ name: z.string(), n: z.number() });

/** The backends under test: SQLite always; Redis where a real server is given (.ci/run starts one). */
const REDIS = process.env.XC_TEST_REDIS;

describe('store on SQLite', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const stores: Store[] = [];
  async function open(file?: string) {
    if (!file) {
      const d = tempDir();
      dirs.push(d);
      file = join(d.dir, 'nested', 'folder', 'x.sqlite');
    }
    const store = await createStore(`sqlite://${file}`);
    stores.push(store);
    return { store, file };
  }
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
    dirs.splice(0).forEach((d) => d.cleanup());
  });

  it('creates the folder and round-trips typed records', async () => {
    const { store } = await open();
    await store.set('item:1', { name: '城关镇', n: 1 });
    expect(await store.get('item:1', Item)).toEqual({ name: '城关镇', n: 1 });
    expect(await store.get('item:2', Item)).toBeUndefined();
    expect(await store.getMany(['item:2', 'item:1'], Item)).toEqual([undefined, { name: '城关镇', n: 1 }]);
    await store.delete('item:1');
    expect(await store.get('item:1', Item)).toBeUndefined();
  });

  it('validates on read and never echoes the stored value', async () => {
    const { store } = await open();
    await store.set('item:bad', { name: '机密内容', n: 'x' });
    const error = await store.get('item:bad', Item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_CORRUPT');
    expect((error as Error).message).not.toContain('机密内容');
  });

  it('hands out every counter value once under concurrency', async () => {
    const { store } = await open();
    const values = await Promise.all(Array.from({ length: 300 }, () => store.increment('seq:x')));
    expect(new Set(values).size).toBe(300);
    expect(Math.max(...values)).toBe(300);
  });

  it('appends numbered records: each number once, each record saved with its own number', async () => {
    const { store } = await open();
    const numbers = await Promise.all(Array.from({ length: 200 }, (_, i) => store.append('seq:item', (n) => [[`item:${n}`, { name: `第${i}条`, n }]])));
    expect(new Set(numbers).size).toBe(200);
    expect(await store.counter('seq:item')).toBe(200);
    const items = await store.getMany(numbers.map((n) => `item:${n}`), Item);
    expect(items.map((item) => item?.n)).toEqual(numbers);
  });

  it('writes the counter and its records in one commit: a refused record leaves the counter as it was', async () => {
    const { store, file } = await open();
    await store.append('seq:item', (n) => [[`item:${n}`, { name: 'a', n }]]);
    // A trigger in the database itself refuses the second record, so the statement fails inside SQLite.
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON keyv WHEN NEW.key = 'xc:item:2' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    await expect(store.append('seq:item', (n) => [[`item:${n}`, { name: 'b', n }]])).rejects.toThrow();
    expect(await store.counter('seq:item')).toBe(1);
    expect(await store.get('item:2', Item)).toBeUndefined();
    raw.exec('DROP TRIGGER refuse');
    raw.close();
    // The number that was never saved is handed out again, so no reference is skipped for nothing.
    expect(await store.append('seq:item', (n) => [[`item:${n}`, { name: 'c', n }]])).toBe(2);
  });

  it('reads back text that starts with colons exactly as written', async () => {
    const { store } = await open();
    const names = [':', '::', ':::x', ':base64:AAAA', '"::"', 'a:b', '冒号：开头'];
    for (const [i, name] of names.entries()) await store.set(`item:${i}`, { name, n: i });
    expect((await store.getMany(names.map((_, i) => `item:${i}`), Item)).map((item) => item?.name)).toEqual(names);
  });

  it('loses no update when many read-modify-writes race on one key', async () => {
    const { store } = await open();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.update('item:race', Item, (cur) => ({ name: `${cur?.name ?? ''}.`, n: (cur?.n ?? 0) + i }))),
    );
    const item = await store.get('item:race', Item);
    expect(item?.n).toBe((99 * 100) / 2);
    expect(item?.name).toHaveLength(100);
  });

  it('leaves the record unchanged when an update throws', async () => {
    const { store } = await open();
    await store.set('item:1', { name: 'a', n: 1 });
    await expect(store.update('item:1', Item, () => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect(await store.get('item:1', Item)).toEqual({ name: 'a', n: 1 });
    // the lock is released after a failure
    await store.update('item:1', Item, (cur) => ({ ...cur!, n: 2 }));
    expect((await store.get('item:1', Item))?.n).toBe(2);
  });

  it('keeps records and counters across a reopen', async () => {
    const { store, file } = await open();
    await store.set('item:1', { name: 'kept', n: 7 });
    await store.increment('seq:y');
    await store.increment('seq:y');
    await store.close();
    stores.pop();
    const again = await open(file);
    expect(await again.store.get('item:1', Item)).toEqual({ name: 'kept', n: 7 });
    expect(await again.store.increment('seq:y')).toBe(3);
  });

  it('refuses a file that is not a database with one sentence naming XC_STORE, and leaves the file alone', async () => {
    const d = tempDir();
    dirs.push(d);
    const file = join(d.dir, 'notes.sqlite');
    writeFileSync(file, '巡察笔记，不是数据库'.repeat(100));
    const opening = createStore(`sqlite://${file}`);
    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(/^XC_STORE: cannot open the SQLite file .*notes\.sqlite \(file is not a database\)\.$/);
    expect(readFileSync(file, 'utf8')).toBe('巡察笔记，不是数据库'.repeat(100));
  });

  it('opens a store written by @keyv/sqlite (its table, Keyv\'s serialized rows) and reads it unchanged', async () => {
    const d = tempDir();
    dirs.push(d);
    const file = join(d.dir, 'old.sqlite');
    // The table and rows exactly as @keyv/sqlite 4 wrote them before this store had its own adapter.
    const old = new Database(file);
    old.exec('CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )');
    old.prepare('INSERT INTO keyv (key, value) VALUES (?, ?)').run('xc:item:1', JSON.stringify({ value: { name: '东关村', n: 1 }, expires: null }));
    old.prepare('INSERT INTO keyv (key, value) VALUES (?, ?)').run('xc:seq:item', JSON.stringify({ value: 1, expires: null }));
    old.close();
    const { store } = await open(file);
    expect(await store.get('item:1', Item)).toEqual({ name: '东关村', n: 1 });
    expect(await store.increment('seq:item')).toBe(2);
  });

  it('clears only its own namespace when Keyv asks it to', async () => {
    const d = tempDir();
    dirs.push(d);
    const file = join(d.dir, 'shared.sqlite');
    const ours = new Keyv({ store: new SqliteAdapter(file), namespace: 'xc' });
    const other = new Keyv({ store: new SqliteAdapter(file), namespace: 'other' });
    await ours.set('a', 1);
    await other.set('a', 2);
    await ours.clear();
    expect([await ours.get('a'), await other.get('a')]).toEqual([undefined, 2]);
    await ours.disconnect();
    await other.disconnect();
  });

  it('refuses a backend this version does not support, naming XC_STORE', async () => {
    await expect(createStore('mongodb://127.0.0.1:27017')).rejects.toThrow(/XC_STORE/);
  });
});

describe.skipIf(!REDIS)('store on Redis', () => {
  const stores: Store[] = [];
  /** Tests use random keys, so they never meet each other's data on the shared server. */
  async function open() {
    const store = await createStore(REDIS!);
    stores.push(store);
    return store;
  }
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
  });

  it('round-trips typed records and validates on read', async () => {
    const store = await open();
    const key = `item:${Math.random()}`;
    await store.set(key, { name: '城关镇', n: 1 });
    expect(await store.get(key, Item)).toEqual({ name: '城关镇', n: 1 });
    expect(await store.getMany([key, `${key}:none`], Item)).toEqual([{ name: '城关镇', n: 1 }, undefined]);
    await store.set(`${key}:bad`, { name: '机密内容', n: 'x' });
    await expect(store.get(`${key}:bad`, Item)).rejects.toThrow(StoreError);
  });

  it('hands out every counter value once across two connections (two processes)', async () => {
    const [a, b] = [await open(), await open()];
    const key = `seq:${Math.random()}`;
    const values = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).increment(key)));
    expect(new Set(values).size).toBe(300);
    expect(await a.counter(key)).toBe(300);
  });

  it('appends numbered records from two connections, each number once with its record', async () => {
    const [a, b] = [await open(), await open()];
    const prefix = `item:${Math.random()}`;
    const numbers = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).append(`seq:${prefix}`, (n) => [[`${prefix}:${n}`, { name: ':x', n }]])));
    expect(new Set(numbers).size).toBe(100);
    const items = await a.getMany(numbers.map((n) => `${prefix}:${n}`), Item);
    expect(items).toEqual(numbers.map((n) => ({ name: ':x', n })));
  });

  it('loses no update when two connections race read-modify-writes on one key', async () => {
    const [a, b] = [await open(), await open()];
    const key = `item:${Math.random()}`;
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).update(key, Item, (cur) => ({ name: 'x', n: (cur?.n ?? 0) + 1 }))));
    expect((await a.get(key, Item))?.n).toBe(60);
  });
});
