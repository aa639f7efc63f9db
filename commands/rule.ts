import { z } from 'zod';
import { oneLine } from '../src/args.ts';
import { CommandError, defineCommand, reply, type AnyCommand, type Context } from '../src/command.ts';
import type { Rule } from '../src/rulebook/rulebook.ts';

const RESULTS = 5;

function entry(ctx: Context, rule: Rule, full: boolean): string {
  const { t } = ctx;
  const lines = [`${rule.id} ${rule.title}〔${rule.category}〕`, rule.summary, t.rule.source(rule.source, rule.verified)];
  if (full && rule.keywords.length) lines.push(t.rule.keywords(rule.keywords));
  return lines.join('\n');
}

export const ruleCommands: AnyCommand[] = [
  defineCommand({
    id: 'rule',
    family: 'rule',
    words: [],
    spec: { positionals: [{ name: 'query', rest: true }], options: {} },
    schema: z.object({ query: z.string().max(200).optional() }),
    access: { scope: 'anyone' },
    async run(ctx, args) {
      const { rules } = ctx.services;
      const { t } = ctx;
      if (!args.query) {
        const lines = [t.rule.categoriesTitle(rules.size)];
        for (const { category, rules: list } of rules.categories()) {
          lines.push(t.rule.categoryLine(category, list.map((r) => `${r.id} ${r.title}`)));
        }
        lines.push(t.rule.hint);
        return reply.chat(lines.join('\n'), []);
      }
      // A query is words to look for, not text to keep: however its spaces were typed, it is one line.
      const query = oneLine(args.query);
      const hits = rules.search(query, RESULTS);
      if (hits.length === 0) return reply.chat(t.rule.noMatch(query), []);
      return reply.chat([t.rule.resultsTitle(query), ...hits.map((h) => entry(ctx, h.rule, false))].join('\n\n'), []);
    },
  }),
  defineCommand({
    id: 'rule show',
    family: 'rule',
    words: ['show'],
    spec: { positionals: [{ name: 'id' }], options: {} },
    schema: z.object({ id: z.string().max(40) }),
    access: { scope: 'anyone' },
    async run(ctx, args) {
      const rule = ctx.services.rules.byId(args.id);
      if (!rule) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownRule(args.id));
      return reply.chat(entry(ctx, rule, true), []);
    },
  }),
];
