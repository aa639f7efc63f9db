import { oneLine } from '../src/args.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type Context } from '../src/command.ts';
import { ruleEn, ruleZh } from '../src/i18n/rule.ts';
import { param } from '../src/params.ts';
import type { Rule } from '../src/rulebook/rulebook.ts';

const family = defineFamily('rule', { zh: ruleZh, en: ruleEn });

const RESULTS = 5;

function entry(ctx: Context, rule: Rule, full: boolean): string {
  const { t } = ctx;
  const lines = [`${rule.id} ${rule.title}〔${rule.category}〕`, rule.summary, t.rule.source(rule)];
  if (full && rule.keywords.length) lines.push(t.rule.keywords(rule.keywords));
  return lines.join('\n');
}

export const ruleCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: { query: param.word(200).rest().optional() },
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
  family.command({
    words: ['show'],
    params: { id: param.word(40) },
    access: { scope: 'anyone' },
    async run(ctx, args) {
      const rule = ctx.services.rules.byId(args.id);
      if (!rule) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownRule(args.id));
      return reply.chat(entry(ctx, rule, true), []);
    },
  }),
];
