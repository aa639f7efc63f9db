/**
 * The charts as pictures: their size, that Chinese labels really show (two different labels give
 * different pixels where the labels are: no boxes for missing glyphs), and that a group's chart never
 * counts a clue. Drawn by the real renderer process, from the font `npm install` brought.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chartSvg, drawChart, heightOf, stopDrawing, type Chart } from '../src/chart.ts';
import { messages } from '../src/i18n/index.ts';
import { officeChart, teamChart } from '../src/progress-chart.ts';
import type { TeamView } from '../src/overview.ts';
import { dm, useTeamHarness } from './helpers/harness.ts';
import { decodePng, differing, inked } from './helpers/png.ts';
import { figures, ok } from './helpers/replies.ts';

afterAll(() => stopDrawing());

const words = messages('zh').chart;

/** One panel, one bar: only the bar's label changes between two pictures. */
const oneBar = (label: string): Chart => ({
  name: 'test',
  title: '标签测试',
  panels: [{ title: '整改任务（按被巡察单位）', empty: '无', categories: [label], series: [{ name: '进行中', tone: 'open', values: [3] }] }],
});

/** Where the first bar's label is drawn: left of the bars, in the first row (src/chart.ts' layout). */
const LABEL_AREA = { x: 0, y: 56 + 72, w: 150, h: 34 };

describe('charts', () => {
  it('draws a PNG of the chart’s size, the same picture for the same chart', async () => {
    const chart = oneBar('城关镇');
    const [a, b] = [decodePng(await drawChart(chart)), decodePng(await drawChart(chart))];
    expect(a.width).toBe(800);
    expect(a.height).toBe(heightOf(chart));
    expect(differing(a, b, { x: 0, y: 0, w: a.width, h: a.height })).toBe(0);
  });

  it('shows Chinese labels: two different labels ink different pixels where the label is', async () => {
    const [a, b] = [decodePng(await drawChart(oneBar('城关镇'))), decodePng(await drawChart(oneBar('东关村')))];
    // Both labels are drawn (ink), and not as the same boxes a missing glyph would give.
    expect(inked(a, LABEL_AREA)).toBeGreaterThan(60);
    expect(inked(b, LABEL_AREA)).toBeGreaterThan(60);
    expect(differing(a, b, LABEL_AREA)).toBeGreaterThan(60);
    // Only the label differs: the bars and the rest of the picture are the same.
    expect(differing(a, b, { x: 150, y: 0, w: a.width - 150, h: a.height })).toBe(0);
  });

  it('lays out a team’s chart: tasks by unit stacked by state, findings by category without clues', async () => {
    const today = '2026-11-25';
    const chart = teamChart(
      {
        team: { name: '第一巡察组', units: [{ name: '城关镇', addedAt: today }, { name: '东关村', addedAt: today }] },
        tasks: [
          { finding: 1, unit: '城关镇', state: 'verified', due: '2026-11-30' },
          { finding: 1, unit: '城关镇', state: 'open', due: '2026-11-20' },
          { finding: 2, unit: '城关镇', state: 'open', due: '2026-12-20' },
          { finding: 4, unit: '东关村', state: 'done', due: '2026-11-20' },
          // A task on the clue: no bar either, or the group would learn at which unit the clue was found.
          { finding: 3, unit: '东关村', state: 'open', due: '2026-11-20' },
        ],
        findings: [{ n: 1, category: '作风建设' }, { n: 2, category: '作风建设' }, { n: 3, category: '反腐败', clue: true }, { n: 4, category: '政治建设', clue: undefined }],
        categories: ['政治建设', '作风建设', '反腐败'],
      },
      words,
      today,
      '20261125-0900',
    )!;
    expect(chart.name).toBe('统计-第一巡察组-20261125-0900');
    const [progress, byCategory] = chart.panels;
    expect(progress!.categories).toEqual(['城关镇', '东关村']);
    expect(progress!.series.map((s) => [s.name, s.values])).toEqual([
      ['已销号', [1, 0]],
      ['已完成待销号', [0, 1]],
      ['进行中', [1, 0]],
      ['已逾期', [1, 0]],
    ]);
    // The clue's category has no finding besides the clue: no row at all.
    expect(byCategory!.categories).toEqual(['政治建设', '作风建设']);
    expect(byCategory!.series[0]!.values).toEqual([1, 2]);
    const svg = await chartSvg(chart);
    for (const label of ['第一巡察组', '城关镇', '东关村', '作风建设', '已逾期']) expect(svg).toContain(label);
    expect(svg).not.toContain('反腐败');
  });

  it('puts the office’s teams side by side in the page’s order', async () => {
    const figures = (verified: number, done: number, open: number, overdue: number) =>
      ({ findings: 0, clues: 0, handedOver: 0, awaitingResult: 0, resultsOverdue: 0, tasks: verified + done + open, open, done, verified, overdue, docsOut: 0, docsOverdue: 0, matters: 0, mattersAwaiting: 0 });
    const view = (name: string, f: ReturnType<typeof figures>) => ({ team: { name }, stage: 'onsite', figures: f }) as unknown as TeamView;
    const chart = officeChart([view('第二巡察组', figures(0, 1, 3, 2)), view('第一巡察组', figures(4, 0, 1, 0))], words, '2026-11-25', 1, 2, '20261125-0900');
    expect(chart.title).toBe('各巡察组整改进度 · 截至 2026-11-25 · 第 1/2 页');
    expect(chart.panels[0]!.categories).toEqual(['第二巡察组', '第一巡察组']);
    // Open counts those in progress within their deadline; overdue ones are their own bar.
    expect(chart.panels[0]!.series.map((s) => s.values)).toEqual([[0, 4], [1, 0], [1, 1], [2, 0]]);
  });
});

describe('a group’s chart and clues', () => {
  const setup = useTeamHarness();

  it('is the same picture before and after a clue is logged at another unit: a clue is never a bar', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
    const before = await figures(h, '组员', '/stats');
    expect(before.picture).toBeDefined();
    // A clue at the other unit, in a category no other finding has: the most a picture could give away.
    await ok(h, '组员二', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-2 --importance 重要 --subject 张某', dm('组长'));
    const after = await figures(h, '组员', '/stats');
    const [a, b] = [decodePng(before.picture!), decodePng(after.picture!)];
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    expect(differing(a, b, { x: 0, y: 0, w: a.width, h: a.height })).toBe(0);
  });
});
