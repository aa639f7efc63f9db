import { defineFamily, reply, type AnyCommand } from '../src/command.ts';
import { isDocOverdue, isUnreturned } from '../src/doc-request.ts';
import { FINDING_STATES } from '../src/finding.ts';
import { statsEn, statsZh } from '../src/i18n/stats.ts';
import { taskCounts } from '../src/rectification.ts';
import { timeIn } from '../src/dates.ts';
import { stampOf, teamChart } from '../src/progress-chart.ts';
import { quote } from '../src/visibility.ts';

const family = defineFamily('stats', { zh: statsZh, en: statsEn });

/** How many of `items` fall under each of `keys`, in that order, each key shown by `label`. */
function countBy<T, K extends string>(items: readonly T[], keys: readonly K[], key: (item: T) => string, label: (k: K) => string = (k) => k): Array<[string, number]> {
  return keys.map((k) => [label(k), items.filter((item) => key(item) === k).length]);
}

export const statsCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: {},
    access: { scope: 'team', roles: ['leader', 'deputy', 'member', 'admin'] },
    async run(ctx) {
      const { t, team, today } = ctx;
      const r = t.stats;
      const [findings, tasks, docs] = await Promise.all([
        ctx.services.findings.list(team.id),
        ctx.services.rectifications.list(team.id),
        ctx.services.docs.list(team.id),
      ]);
      const parts = (counts: Array<[string, number]>) => counts.map(([label, n]) => r.count(label, n));
      // Broken down by unit, category and state: findings that are not clues only. A clue in such a
      // count would tell the group there is a 反腐败 clue at one unit; clues are one total, below.
      const problems = findings.filter((f) => !f.clue);
      const lines = [r.statsTitle(team.name, today), r.findingsTotal(problems.length)];
      if (problems.length) {
        // Units the team no longer lists still count, after the current ones.
        const units = [...new Set([...team.units.map((u) => u.name), ...problems.map((f) => f.unit)])];
        lines.push(r.byUnit(parts(countBy(problems, units, (f) => f.unit))));
        // The office's categories, then any a finding was filed under before the office's file dropped it.
        const categories = [...new Set([...ctx.services.taxonomy.categories, ...problems.map((f) => f.category)])];
        lines.push(r.byCategory(parts(countBy(problems, categories, (f) => f.category))));
        lines.push(r.byState(parts(countBy(problems, FINDING_STATES, (f) => f.state, (s) => t.findingStates[s]))));
      }
      // Clues handed over, not findings: those are 已移交 and 已签收 above.
      const clues = findings.filter((f) => f.clue);
      lines.push(r.clues(clues.length, clues.filter((f) => f.handover).length));
      // Overdue is open and past its deadline: a part of the open tasks.
      const { open, done, verified, overdue } = taskCounts(tasks, today);
      lines.push(r.rect(tasks.length, open, overdue, done, verified));
      // Completed is signed off (销号): a task reported done may yet be sent back.
      if (tasks.length) lines.push(r.rectRates(verified, overdue, tasks.length));
      const requested = docs.filter((d) => d.state === 'requested').length;
      const returned = docs.filter((d) => d.state === 'returned').length;
      lines.push(r.docs(docs.length, requested, docs.filter((d) => isDocOverdue(d, today)).length, docs.filter(isUnreturned).length, returned));
      const quotes = [quote.team(team)];
      const input = { team, tasks, findings, categories: ctx.services.taxonomy.categories };
      const chart = teamChart(input, t.chart, today, stampOf(today, timeIn(new Date(ctx.now), ctx.config.timeZone)));
      if (!chart) return reply.chat(lines.join('\n'), quotes);
      // The picture after the figures, to the same chat: it shows what the text counts, no more.
      return [reply.chat(lines.join('\n'), quotes), reply.chat('', quotes, { chart })];
    },
  }),
];
