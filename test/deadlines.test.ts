import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, withTeam, type Harness } from './helpers/harness.ts';

/** Deadlines typed in chat, read in XC_TIMEZONE (Asia/Shanghai) across month and year ends. */
describe('deadlines across month and year ends', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ now: '2026-12-20T09:00:00+08:00' });
    await withTeam(h);
    await h.say('组员', '/finding add 台账缺失 --unit 城关镇 --cat 作风');
  });
  afterEach(() => h.dispose());

  async function dueOf(line: string): Promise<string | undefined> {
    const [r] = await h.say('组长', line);
    const m = /时限 (\d{4}-\d\d-\d\d)/.exec(r!.text);
    return m?.[1];
  }

  it('counts days over the year end', async () => {
    h.clock.set('2026-12-28T09:00:00+08:00');
    expect(await dueOf('/rectify add F-1 措施 --owner 组员 --due +7d')).toBe('2027-01-04');
    expect(await dueOf('/rectify add F-1 措施 --owner 组员 --due 01-05')).toBe('2027-01-05');
    expect(await dueOf('/rectify add F-1 措施 --owner 组员 --due 3天')).toBe('2026-12-31');
  });

  it('takes "tomorrow" from the Shanghai date, not the UTC one', async () => {
    // 16:30 UTC on 31 December is already 1 January in Shanghai.
    h.clock.set('2026-12-31T16:30:00Z');
    expect(await dueOf('/rectify add F-1 措施 --owner 组员 --due 明天')).toBe('2027-01-02');
    const [refused] = await h.say('组长', '/rectify add F-1 措施 --owner 组员 --due 2026-12-31');
    expect(refused!.text).toBe('期限 2026-12-31 早于今天（2027-01-01）。请给出今天或以后的日期，例如 +7d 或 15个工作日。');
  });

  it('counts working days over the month end, skipping the weekend', async () => {
    h.clock.set('2026-11-27T09:00:00+08:00'); // a Friday
    expect(await dueOf('/rectify add F-1 措施 --owner 组员 --due 3工作日')).toBe('2026-12-02');
  });

  it('derives overdue from the Shanghai date at the year end', async () => {
    await h.say('组长', '/rectify add F-1 年底前完成 --owner 组员 --due 2026-12-31');
    h.clock.set('2026-12-31T15:59:00Z'); // 23:59 on 31 December in Shanghai
    expect(await h.text('组员', '/rectify list')).not.toContain('逾期');
    h.clock.set('2026-12-31T16:00:00Z'); // midnight in Shanghai
    expect(await h.text('组员', '/rectify list')).toContain('R-1［进行中 · 逾期1天］');
  });
});
