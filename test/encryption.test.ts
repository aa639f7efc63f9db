import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createClient } from '@keyv/redis';
import { describe, expect, it } from 'vitest';
import { createStore, StoreError } from '../src/store/store.ts';
import { createHarness, dm, withTeam, type Harness } from './helpers/harness.ts';

const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);
const PHRASE = '绝密短语甲乙丙';
const REDIS = process.env.XC_TEST_REDIS;

/** Every confidential field gets the phrase: finding text and evidence, clue subject, handover note, receipt and result, progress and completion notes. */
async function writeSecrets(h: Harness): Promise<void> {
  await withTeam(h);
  const steps: Array<[string, string, ReturnType<typeof dm> | undefined]> = [
    ['组员', `/finding add ${PHRASE}问题 --unit 城关镇 --cat 作风 --evidence ${PHRASE}证据`, undefined],
    ['副组长', '/finding review F-1', undefined],
    ['组长', '/finding confirm F-1', undefined],
    ['组长', `/finding clue F-1 --importance 一般 --subject ${PHRASE}对象 --post 其他`, dm('组长')],
    ['组长', `/finding handover F-1 --to 单位 --reported 2026-11-25 --note ${PHRASE}备注`, undefined],
    ['组长', `/finding receipt F-1 --by ${PHRASE}签收人`, dm('组长')],
    ['组长', `/finding result F-1 初步核实 --note ${PHRASE}处置`, dm('组长')],
    ['组长', `/rectify add F-1 ${PHRASE}措施 --owner 组员 --due 2026-12-31`, undefined],
    ['组员', `/rectify progress R-1 ${PHRASE}进展`, undefined],
    ['组员', `/rectify done R-1 ${PHRASE}完成整改，附照片`, undefined],
  ];
  for (const [user, line, chat] of steps) {
    const [r] = await h.say(user, line, chat);
    expect(r!.error, `${line} → ${r!.text}`).toBeUndefined();
  }
}

/** Every byte the SQLite store left on disk: the database, its WAL and shared memory. */
function bytesOnDisk(file: string): Buffer {
  const dir = dirname(file);
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}

describe('encryption at rest', () => {
  it('keeps no confidential phrase readable in the SQLite files with a key, and reads it all back', async () => {
    const h = await createHarness({ env: { XC_ENCRYPTION_KEY: KEY } });
    await writeSecrets(h);
    expect(await h.text('组长', '/finding show F-1', dm('组长'))).toContain(`${PHRASE}对象`);
    await h.close();
    expect(bytesOnDisk(h.file).includes(Buffer.from(PHRASE))).toBe(false);
    await h.dispose();
  });

  it('without a key the same phrase is on disk in the clear (so the test above can fail)', async () => {
    const h = await createHarness();
    await writeSecrets(h);
    await h.close();
    expect(bytesOnDisk(h.file).includes(Buffer.from(PHRASE))).toBe(true);
    await h.dispose();
  });

  it('refuses a wrong key or a missing one at start-up with a clear sentence, never garbage', async () => {
    const h = await createHarness({ env: { XC_ENCRYPTION_KEY: KEY } });
    await writeSecrets(h);
    await h.close();
    const url = `sqlite://${h.file}`;
    const wrong = createStore(url, undefined, { key: Buffer.from(OTHER_KEY, 'hex') });
    await expect(wrong).rejects.toThrow(StoreError);
    await expect(wrong).rejects.toMatchObject({ code: 'STORE_KEY', message: 'XC_ENCRYPTION_KEY does not open this store: it was encrypted with another key.' });
    await expect(createStore(url)).rejects.toThrow('This store is encrypted: set XC_ENCRYPTION_KEY to open it.');
    const again = await createHarness({ file: h.file, env: { XC_ENCRYPTION_KEY: KEY } });
    expect(await again.text('组员', '/rectify show R-1')).toContain(`${PHRASE}措施`);
    await again.dispose();
  });

  it.skipIf(!REDIS)('keeps no confidential phrase readable in the Redis dataset', async () => {
    const url = `${REDIS}/8`;
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    const h = await createHarness({ env: { XC_ENCRYPTION_KEY: KEY, XC_STORE: url } });
    await writeSecrets(h);
    const values: string[] = [];
    for await (const keys of client.scanIterator()) {
      for (const key of keys) if ((await client.type(key)) === 'string') values.push((await client.get(key)) ?? '');
    }
    expect(values.length).toBeGreaterThan(10);
    expect(values.some((v) => v.includes(PHRASE))).toBe(false);
    await client.flushDb();
    await client.quit();
    await h.dispose();
  });
});
