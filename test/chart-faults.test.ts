/**
 * The chart renderer's faults: a renderer killed while it draws, or one that cannot start, costs the
 * picture and nothing else. The reply goes out within seconds with its text and the one line
 * t.errors.chartFailed, and the next chart is drawn by a new renderer process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pictured, rendererSeams } from '../src/chart.ts';
import { createDigestJob } from '../src/digest.ts';
import { teamChart } from '../src/progress-chart.ts';
import type { Reply } from '../src/types.ts';
import { tempDir, useTeamHarness, type Harness } from './helpers/harness.ts';
import { figures, ok, PNG_SIGNATURE } from './helpers/replies.ts';

const setup = useTeamHarness();
const FAILED = '（图表暂时无法生成，数字以上文为准；稍后再发一次即可。）';
/**
 * How long a fault may hold a reply up: a process's start and end (slower on a busy machine), far from
 * the 20 s a renderer that does not answer is given.
 */
const WITHIN_MS = 8000;

const scratch = tempDir();
/** A renderer that dies as soon as it is asked to draw, as one killed mid-draw (the kernel's OOM killer) would. */
const DIES = join(scratch.dir, 'chart-worker-dies.mjs');
writeFileSync(DIES, "process.on('message', () => process.kill(process.pid, 'SIGKILL'));\n");
/** A renderer script that is not there: the process exits before it ever reads a request. */
const MISSING = join(scratch.dir, 'no-such-chart-worker.ts');

// The real renderer again, and none running: the next test starts its own.
afterEach(() => rendererSeams.useScript(undefined));
afterAll(() => scratch.cleanup());

/** A team with something to draw: one finding (not a clue). */
async function team(): Promise<Harness> {
  const { h } = await setup();
  await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
  return h;
}

/** `/stats` in the group, timed: the figures, and the reply that stood for the picture. */
async function statsTimed(h: Harness): Promise<{ replies: Reply[]; ms: number }> {
  const started = performance.now();
  const replies = await h.say('组长', '/stats');
  return { replies, ms: performance.now() - started };
}

/** The figures went out whole, and the picture's place says in one line that it could not be drawn. */
function expectFigures(replies: Reply[], h: Harness): void {
  expect(replies).toHaveLength(2);
  const [text, chart] = replies as [Reply, Reply];
  expect(text).toMatchObject({ visibility: 'chat' });
  expect(text.text).toMatch(/^「第一巡察组」统计（截至 2026-11-25）\n问题（不含问题线索）：共 1 条/);
  expect(text.file).toBeUndefined();
  // No words of its own: the one line, for the same audience, with no file and no internals.
  expect(chart).toMatchObject({ text: FAILED, visibility: 'chat' });
  expect(chart.file).toBeUndefined();
  expect(chart.chart).toBeUndefined();
  // Logged once, as a warning (pino's 40): the renderer's fault is the operator's to see, not the user's.
  expect(h.logs.some((l) => l.level === 40 && l.msg === 'a chart could not be drawn; its reply goes without it')).toBe(true);
}

describe('the chart renderer fails', () => {
  it('killed mid-draw: the reply goes with its text and the one line, and the next chart is drawn by a new renderer', async () => {
    const h = await team();
    // A renderer that has drawn once, so that the kill lands in a draw, not in its start.
    const first = await figures(h, '组长', '/stats');
    expect(first.picture).toBeDefined();
    const killed = rendererSeams.pid();
    expect(killed).toBeDefined();
    const stored = (await h.bot.services.teams.byName('第一巡察组'))!;
    const chart = teamChart({ team: stored, tasks: [], findings: [{ n: 1, category: '作风建设' }], categories: h.bot.services.taxonomy.categories }, h.bot.t.chart, '2026-11-25', '20261125-0900');
    const started = performance.now();
    // The request is sent before pictured() first waits: the kill finds it in the renderer's hands.
    const drawing = pictured({ text: '本周整改进度', visibility: 'chat', quotes: [], chart }, FAILED, h.log);
    process.kill(killed!, 'SIGKILL');
    const reply = await drawing;
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    expect(reply).toEqual({ text: `本周整改进度\n${FAILED}`, visibility: 'chat', quotes: [] });

    const again = await figures(h, '组长', '/stats');
    expect(again.picture).toEqual(first.picture);
    expect(rendererSeams.pid()).toBeDefined();
    expect(rendererSeams.pid()).not.toBe(killed);
  });

  it('a renderer that dies as it is asked: /stats still answers at once, and works again once the renderer does', async () => {
    const h = await team();
    rendererSeams.useScript(DIES);
    const { replies, ms } = await statsTimed(h);
    expect(ms).toBeLessThan(WITHIN_MS);
    expectFigures(replies, h);
    rendererSeams.useScript(undefined);
    expect((await figures(h, '组长', '/stats')).picture).toBeDefined();
  });

  it('a renderer script that cannot start: the same, every time it is asked, and no process is left waiting', async () => {
    const h = await team();
    rendererSeams.useScript(MISSING);
    for (let i = 0; i < 2; i++) {
      const { replies, ms } = await statsTimed(h);
      expect(ms).toBeLessThan(WITHIN_MS);
      expectFigures(replies, h);
      expect(rendererSeams.pid()).toBeUndefined();
    }
    rendererSeams.useScript(undefined);
    expect((await figures(h, '组长', '/stats')).picture).toBeDefined();
  });

  it("the digest's chart: the group gets its digest and the one line in the picture's place, and next week's picture", async () => {
    const { h, sent } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
    const job = createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t });
    rendererSeams.useScript(DIES);
    // Monday 2026-11-30, the default chart day.
    h.clock.set('2026-11-30T08:30:00+08:00');
    const started = performance.now();
    await job.run(h.clock.now());
    await h.bot.flush();
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    const group = sent.filter((o) => 'chat' in o.to);
    expect(group.map((o) => o.reply.text.split('\n')[0])).toEqual(['【每日提醒】巡察组「第一巡察组」 · 2026-11-30', FAILED]);
    expect(group[1]!.reply.file).toBeUndefined();
    // Delivered (the line), not kept queued to fail again.
    h.clock.set('2026-11-30T10:30:00+08:00');
    await h.bot.flush();
    expect(sent.filter((o) => 'chat' in o.to)).toHaveLength(2);

    rendererSeams.useScript(undefined);
    sent.length = 0;
    h.clock.set('2026-12-07T08:30:00+08:00');
    await job.run(h.clock.now());
    await h.bot.flush();
    const next = sent.filter((o) => 'chat' in o.to);
    expect(next).toHaveLength(2);
    expect(next[1]!.reply).toMatchObject({ text: '', file: { mime: 'image/png', name: '统计-第一巡察组-20261207.png' } });
    expect([...next[1]!.reply.file!.data.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });
});
