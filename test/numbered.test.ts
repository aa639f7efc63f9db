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
    const added = await Promise.all(Array.from({ length: 40 }, (_, i) => repo.add({ team: 'T1', text: `第${i}条`, state: 'open' })));
    expect(new Set(added.map((a) => a.n)).size).toBe(40);
    await Promise.all([
      ...added.filter((a) => a.n % 3 === 0).map((a) => repo.update('T1', a.n, (r) => ({ ...r, state: 'done' }))),
      ...Array.from({ length: 10 }, (_, i) => repo.add({ team: 'T1', text: `后来的${i}`, state: 'open' })),
    ]);
    const summaries = await repo.summaries('T1');
    expect(summaries.map((s) => s.n)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    expect(summaries.filter((s) => s.state === 'done').map((s) => s.n).sort((a, b) => a - b)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39]);
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
    for (const text of ['a', 'b', 'c']) await repo.add({ team: 'T1', text, state: 'open' });
    // A store written before the index existed: records and counter, no index.
    await store.delete('item-index:T1');
    expect(await repo.summaries('T1')).toEqual([3, 2, 1].map((n) => ({ n, state: 'open' })));
    expect(await store.get('item-index:T1', z.object({ last: z.number() }).passthrough())).toMatchObject({ last: 3 });
    await repo.add({ team: 'T1', text: 'd', state: 'open' });
    await expectIndexMatches(repo, 'T1');
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
