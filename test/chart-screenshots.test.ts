/**
 * The README's pictures of the charts (test/fixtures/charts/), drawn here from a sample county round and
 * compared with the committed files: a change of layout, font or colours shows as a failure here, and
 * `XC_UPDATE_SCREENSHOTS=1 npx vitest run test/chart-screenshots.test.ts` draws them afresh.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawChart, stopDrawing, type Chart } from '../src/chart.ts';
import { messages } from '../src/i18n/index.ts';
import type { Figures, TeamView } from '../src/overview.ts';
import { officeChart, teamChart } from '../src/progress-chart.ts';
import type { RectState } from '../src/rectification.ts';
import { decodePng, differing } from './helpers/png.ts';

afterAll(() => stopDrawing());

const DIR = join(import.meta.dirname, 'fixtures/charts');
const TODAY = '2026-12-01';
const w = messages('zh').chart;

/** A county team two weeks after feedback: four units, their tasks in every state, findings in five categories. */
function sampleTeam(): Chart {
  const units = ['城关镇', '东关村', '县教育局', '县自然资源局'];
  const tasks: Array<{ finding: number; unit: string; state: RectState; due: string }> = [];
  const add = (unit: string, state: RectState, due: string, n: number) => {
    for (let i = 0; i < n; i++) tasks.push({ finding: 1, unit, state, due });
  };
  add('城关镇', 'verified', '2026-11-20', 4);
  add('城关镇', 'done', '2026-12-10', 2);
  add('城关镇', 'open', '2026-12-20', 3);
  add('城关镇', 'open', '2026-11-25', 1);
  add('东关村', 'verified', '2026-11-20', 1);
  add('东关村', 'open', '2026-11-28', 2);
  add('县教育局', 'done', '2026-12-15', 3);
  add('县教育局', 'open', '2026-12-30', 2);
  add('县自然资源局', 'verified', '2026-11-30', 2);
  add('县自然资源局', 'open', '2026-12-31', 1);
  const categories = [...Array(5).fill('政治建设'), ...Array(3).fill('组织建设'), ...Array(8).fill('作风建设'), ...Array(2).fill('纪律建设'), ...Array(4).fill('反腐败')];
  const findings = [...categories.map((category: string, i) => ({ n: i + 1, category })), { n: categories.length + 1, category: '反腐败', clue: true }];
  return teamChart({ team: { name: '第一巡察组', units: units.map((name) => ({ name, addedAt: '2026-11-01' })) }, tasks, findings, categories: ['政治建设', '思想建设', '组织建设', '作风建设', '纪律建设', '反腐败'] }, w, TODAY, '20261201-0900')!;
}

/** The office's page: six teams, worst first as /overview orders them. */
function sampleOffice(): Chart {
  const f = (verified: number, done: number, open: number, overdue: number): Figures =>
    ({ findings: 0, clues: 0, handedOver: 0, awaitingResult: 0, resultsOverdue: 0, tasks: verified + done + open, open, done, verified, overdue, docsOut: 0, docsOverdue: 0, matters: 0, mattersAwaiting: 0 });
  const teams: Array<[string, Figures]> = [
    ['第三巡察组', f(2, 3, 9, 5)],
    ['第一巡察组', f(7, 5, 9, 3)],
    ['第五巡察组', f(4, 2, 6, 2)],
    ['第二巡察组', f(10, 4, 5, 1)],
    ['第六巡察组', f(12, 1, 2, 0)],
    ['第四巡察组', f(15, 0, 0, 0)],
  ];
  const views = teams.map(([name, figures]) => ({ team: { name }, stage: 'rectifying', figures }) as unknown as TeamView);
  return officeChart(views, w, TODAY, 1, 1, '20261201-0900');
}

describe('the README’s chart pictures', () => {
  for (const [file, chart] of [['stats.png', sampleTeam], ['overview.png', sampleOffice]] as const) {
    it(`draws ${file} as committed`, async () => {
      const png = await drawChart(chart());
      const path = join(DIR, file);
      if (process.env.XC_UPDATE_SCREENSHOTS === '1') writeFileSync(path, png);
      const [now, committed] = [decodePng(png), decodePng(readFileSync(path))];
      expect([now.width, now.height]).toEqual([committed.width, committed.height]);
      // Identical on this machine; a sliver of tolerance for another build of the rasteriser's anti-aliasing.
      expect(differing(now, committed, { x: 0, y: 0, w: now.width, h: now.height })).toBeLessThan(now.width * now.height * 0.002);
    });
  }
});
