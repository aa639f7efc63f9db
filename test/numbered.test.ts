import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createNumberedRepo } from '../src/store/numbered.ts';
import { createStore, type Store } from '../src/store/store.ts';
import { tempDir } from './helpers/harness.ts';

/** A small record kind with a summary of two of its fields, as findings and tasks have. */
const ItemSchema = z.object({ team: z.string(), n: z.number(), text: z.string(), state: z.enum(['open', 'done']) });
type Item = z.infer<typeof ItemSchema>;
const summary = {
  schema: z.object({ n: z.number(), state: z.enum(['open', 'done']) }),
  of: (item: Item) => ({ n: item.n, state: item.state }),
};

const REDIS = process.env.XC_TEST_REDIS;

describe('numbered records and their index', () => {
  const stores: Store[] = [];
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  async function open(url?: string) {
    if (!url) {
      const d = tempDir();
      dirs.push(d);
      url = `sqlite://${join(d.dir, 'x.sqlite')}`;
    }
    const store = await createStore(url);
    stores.push(store);
    return store;
  }
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
    dirs.splice(0).forEach((d) => d.cleanup());
  });

  /** The index must say exactly what the records say, newest first. */
  async function expectIndexMatches(repo: ReturnType<typeof createNumberedRepo<Item, { n: number; state: 'open' | 'done' }>>, team: string) {
    const records = await repo.list(team);
    expect(await repo.summaries(team)).toEqual(records.map(summary.of));
  }

  it('keeps the index in step with concurrent adds and updates', async () => {
    const repo = createNumberedRepo(await open(), 'item', ItemSchema, summary);
    // 120 records: the index spans three chunks of 50, and updates land in every one of them.
    const added = await Promise.all(Array.from({ length: 110 }, (_, i) => repo.add({ team: 'T1', text: `第${i}条`, state: 'open' })));
    expect(new Set(added.map((a) => a.n)).size).toBe(110);
    await Promise.all([
      ...added.filter((a) => a.n % 7 === 0).map((a) => repo.update('T1', a.n, (r) => ({ ...r, state: 'done' }))),
      ...Array.from({ length: 10 }, (_, i) => repo.add({ team: 'T1', text: `后来的${i}`, state: 'open' })),
    ]);
    const summaries = await repo.summaries('T1');
    expect(summaries.map((s) => s.n)).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i));
    expect(summaries.filter((s) => s.state === 'done').map((s) => s.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => 7 * (i + 1)));
    await expectIndexMatches(repo, 'T1');
    expect(await repo.summaries('T2')).toEqual([]);
  });

  it('leaves record and index as they were when an update is refused', async () => {
    const store = await open();
    const repo = createNumberedRepo(store, 'item', ItemSchema, summary);
    await repo.add({ team: 'T1', text: 'a', state: 'open' });
    const before = await store.snapshot();
    await expect(repo.update('T1', 1, () => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect(await store.snapshot()).toEqual(before);
    await expectIndexMatches(repo, 'T1');
  });

  it('rebuilds a missing index from the records once, and keeps it', async () => {
    const store = await open();
    const repo = createNumberedRepo(store, 'item', ItemSchema, summary);
    for (let i = 0; i < 103; i++) await repo.add({ team: 'T1', text: `${i}`, state: 'open' });
    // A store written before the index existed: records and counter, no index.
    for (const c of [0, 1, 2]) await store.delete(`item-index:T1:${c}`);
    expect((await repo.summaries('T1')).map((s) => s.n)).toEqual(Array.from({ length: 103 }, (_, i) => 103 - i));
    const Chunk = z.object({ last: z.number(), fields: z.array(z.string()), cells: z.string().transform((c) => c.split(',')) });
    expect(await store.getMany(['item-index:T1:0', 'item-index:T1:1', 'item-index:T1:2'], Chunk)).toMatchObject([
      { last: 103, fields: ['n', 'state'], cells: { length: 100 } },
      { last: 103, fields: ['n', 'state'], cells: { length: 100 } },
      { last: 103, fields: ['n', 'state'], cells: { length: 6 } },
    ]);
    await store.delete('item-index:T1:1');
    await repo.update('T1', 60, (r) => ({ ...r, state: 'done' }));
    await repo.add({ team: 'T1', text: 'd', state: 'open' });
    await expectIndexMatches(repo, 'T1');
  });

  it('writes each distinct value of a chunk once, reads chunks written as lists before, and rebuilds one whose values fail the schema', async () => {
    const store = await open();
    const repo = createNumberedRepo(store, 'item', ItemSchema, summary);
    for (let i = 0; i < 4; i++) await repo.add({ team: 'T1', text: `${i}`, state: i % 2 ? 'done' : 'open' });
    // A field holding an object (a finding's handover) is a value like any other, written once per distinct one.
    const nested = {
      schema: z.object({ n: z.number(), by: z.object({ to: z.string() }).optional() }),
      of: (item: Item) => ({ n: item.n, ...(item.n > 1 && { by: { to: item.state } }) }),
    };
    const withObjects = createNumberedRepo(store, 'item', ItemSchema, { ...nested, version: 2 });
    expect(await withObjects.summaries('T1')).toEqual([{ n: 4, by: { to: 'done' } }, { n: 3, by: { to: 'open' } }, { n: 2, by: { to: 'done' } }, { n: 1 }]);
    expect(await store.get('item-index2:T1:0', z.object({ values: z.array(z.unknown()), cells: z.string() }))).toEqual({
      values: [1, 2, { to: 'done' }, 3, { to: 'open' }, 4],
      cells: '0,-1,1,2,3,4,5,2',
    });
    const Packed = z.object({ last: z.number(), fields: z.array(z.string()), values: z.array(z.unknown()), cells: z.string() });
    expect(await store.get('item-index:T1:0', Packed)).toEqual({ last: 4, fields: ['n', 'state'], values: [1, 'open', 2, 'done', 3, 4], cells: '0,1,2,3,4,1,5,3' });
    // As versions before the table wrote it: read as it is, written as a table at the next change.
    await store.set('item-index:T1:0', { last: 4, entries: [1, 2, 3, 4].map((n) => ({ n, state: n % 2 ? 'open' : 'done' })) });
    await expectIndexMatches(repo, 'T1');
    await repo.update('T1', 2, (r) => ({ ...r, state: 'open' }));
    expect(await store.get('item-index:T1:0', Packed)).toMatchObject({ fields: ['n', 'state'], values: [1, 'open', 2, 3, 4, 'done'], cells: '0,1,2,1,3,1,4,5' });
    await expectIndexMatches(repo, 'T1');
    // A value its schema refuses, or cells that do not fill whole rows: rebuilt from the records, not shown.
    for (const bad of [
      { last: 4, fields: ['n', 'state'], values: [1, 'lost'], cells: '0,1,0,1,0,1,0,1' },
      { last: 4, fields: ['n', 'state'], values: [1, 'open'], cells: '0,1,0' },
      { last: 4, fields: ['n', 'state'], values: [1, 'open'], cells: '0,1,0,1,0,1,0,2' },
      { last: 4, fields: ['n', 'state'], values: [1, 'open'], cells: '0,1,0,1,0,1,0,x' },
    ]) {
      await store.set('item-index:T1:0', bad);
      await expectIndexMatches(repo, 'T1');
    }
  });

  it('reads back a summary field that is an object, as a finding keeps its handover, from a store opened again', async () => {
    const d = tempDir();
    dirs.push(d);
    const url = `sqlite://${join(d.dir, 'x.sqlite')}`;
    const Handed = ItemSchema.extend({ handover: z.object({ to: z.string(), result: z.boolean() }).optional() });
    const handed = {
      schema: z.object({ n: z.number(), handover: z.object({ to: z.string(), result: z.boolean() }).optional() }),
      of: (item: z.infer<typeof Handed>) => ({ n: item.n, ...(item.handover && { handover: item.handover }) }),
    };
    const first = await open(url);
    const repo = createNumberedRepo(first, 'item', Handed, handed);
    await repo.add({ team: 'T1', text: 'a', state: 'open' });
    await repo.add({ team: 'T1', text: 'b', state: 'open' });
    await repo.update('T1', 2, (r) => ({ ...r, handover: { to: '纪委监委', result: false } }));
    await first.close();
    // The next day's process reads the index as written, without rebuilding it from the records.
    const again = await open(url);
    const before = await again.snapshot();
    expect(await createNumberedRepo(again, 'item', Handed, handed).summaries('T1')).toEqual([{ n: 2, handover: { to: '纪委监委', result: false } }, { n: 1 }]);
    expect(await again.snapshot()).toEqual(before);
  });

  it('rebuilds the index when a number was taken but its record never written', async () => {
    const store = await open();
    const repo = createNumberedRepo(store, 'item', ItemSchema, summary);
    await repo.add({ team: 'T1', text: 'a', state: 'open' });
    await store.increment('seq:item:T1'); // as a process that died between taking a number and writing
    expect(await repo.summaries('T1')).toEqual([{ n: 1, state: 'open' }]);
    expect((await repo.add({ team: 'T1', text: 'c', state: 'open' })).n).toBe(3);
    await expectIndexMatches(repo, 'T1');
  });

  it.skipIf(!REDIS)('keeps the index whole when two connections add to one team on Redis', async () => {
    const team = `T${Math.random()}`;
    const [a, b] = [createNumberedRepo(await open(REDIS), 'item', ItemSchema, summary), createNumberedRepo(await open(REDIS), 'item', ItemSchema, summary)];
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).add({ team, text: `${i}`, state: 'open' })));
    expect((await a.summaries(team)).map((s) => s.n)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    await expectIndexMatches(b, team);
  });
});
