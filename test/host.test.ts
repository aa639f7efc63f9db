import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHarness, type Harness } from './helpers/harness.ts';

/** The bot's side of the platform seam, beyond commands: deliveries seen and adapters' own records. */
describe('AdapterHost', () => {
  let h: Harness;
  afterEach(() => h.dispose());

  it('a delivery is first once per platform, also after a restart', async () => {
    h = await createHarness();
    expect(await h.bot.firstDelivery('telegram', '7')).toBe(true);
    expect(await h.bot.firstDelivery('telegram', '7')).toBe(false);
    // Ids are the platform's own: another platform's 7 is another delivery.
    expect(await h.bot.firstDelivery('dingtalk', '7')).toBe(true);
    await h.close();
    h = await createHarness({ file: h.file });
    expect(await h.bot.firstDelivery('telegram', '7')).toBe(false);
    expect(await h.bot.firstDelivery('telegram', '8')).toBe(true);
  });

  it('concurrent copies of one delivery: exactly one is first', async () => {
    h = await createHarness();
    const firsts = await Promise.all(Array.from({ length: 20 }, () => h.bot.firstDelivery('slack', 'Ev1')));
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });

  it("an adapter's records live under its platform's name; an unreadable one is none, removed and logged by key only", async () => {
    h = await createHarness();
    const records = h.bot.records('telegram');
    await records.set('dialogue:1:1', { step: 2 });
    expect(await h.store.get('telegram:dialogue:1:1', z.unknown())).toEqual({ step: 2 });
    expect(await h.bot.records('dingtalk').get('dialogue:1:1', z.unknown())).toBeUndefined();
    expect(await records.get('dialogue:1:1', z.object({ step: z.string() }))).toBeUndefined();
    expect(await h.store.get('telegram:dialogue:1:1', z.unknown())).toBeUndefined();
    expect(h.logs.filter((l) => l.msg === 'adapter record unreadable; removed')).toEqual([expect.objectContaining({ key: 'telegram:dialogue:1:1' })]);
    await records.delete('dialogue:1:1');
  });

  it('a platform without placeholders claims a handle without moving anyone', async () => {
    h = await createHarness();
    await h.bot.people.claim('slack', 'wang', 'slack:U1');
    expect(await h.bot.people.byHandle('slack', 'WANG')).toBe('slack:U1');
  });
});
