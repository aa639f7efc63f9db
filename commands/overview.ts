import { defineFamily, reply, type AnyCommand } from '../src/command.ts';
import { overviewEn, overviewZh } from '../src/i18n/overview.ts';
import { pageOf } from '../src/lookups.ts';
import { needsAttention, overviewOf, readAll, totalOf } from '../src/overview.ts';
import { param } from '../src/params.ts';
import { timeIn } from '../src/dates.ts';
import { officeChart, stampOf } from '../src/progress-chart.ts';
import { quote } from '../src/visibility.ts';

const family = defineFamily('overview', { zh: overviewZh, en: overviewEn });

/** Teams to a page: a county's teams of a round fit on one; a province's office pages through the rest. */
const PAGE_SIZE = 30;

export const overviewCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: { page: param.page() },
    access: { scope: 'office' },
    async run(ctx, args) {
      const { t, today } = ctx;
      const m = t.overview;
      const all = overviewOf(await readAll(ctx.services), ctx.config, today);
      if (all.length === 0) return reply.asker(m.none, []);
      const { page, pages, slice } = pageOf(ctx, all, args.page, PAGE_SIZE);
      const first = (page - 1) * PAGE_SIZE;
      const lines = [m.title(today, all.length, page, pages), m.totals(totalOf(all.map((v) => v.figures))), m.order];
      slice.forEach((v, i) => lines.push(m.team(first + i + 1, v.team.name, m.stages[v.stage], v.figures, needsAttention(v.figures))));
      if (page < pages) lines.push(m.nextPage(page + 1));
      // Every team's figures, clues counted: the office's alone, so the asker's alone wherever it is asked.
      const quotes = all.map((v) => quote.team(v.team));
      if (slice.every((v) => v.figures.tasks === 0)) return reply.asker(lines.join('\n'), quotes);
      const chart = officeChart(slice, t.chart, today, page, pages, stampOf(today, timeIn(new Date(ctx.now), ctx.config.timeZone)));
      return [reply.asker(lines.join('\n'), quotes), reply.asker('', slice.map((v) => quote.team(v.team)), { chart })];
    },
  }),
];
