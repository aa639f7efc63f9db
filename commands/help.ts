import { CommandError, defineFamily, reply, type AnyCommand, type Context } from '../src/command.ts';
import { helpEn, helpZh } from '../src/i18n/help.ts';
import { wordFor } from '../src/i18n/index.ts';
import { param } from '../src/params.ts';
import { summaryOf, usageLine } from '../src/usage.ts';

const family = defineFamily('help', { zh: helpZh, en: helpEn });

/** Who may run a command, in words, from its access rule. */
export function whoMay(ctx: Pick<Context, 't'>, cmd: AnyCommand): string {
  const { t } = ctx;
  if (cmd.access.scope === 'anyone') return t.help.anyone;
  if (cmd.access.scope === 'office') return t.roles.admin;
  const roles: readonly string[] = cmd.access.roles;
  return t.list(roles.map((r) => wordFor(t.roles, r)));
}

/** `commands` with `/help` first: generated from their definitions, so that it cannot drift from them, and listing itself too. */
export function withHelp(commands: readonly AnyCommand[]): readonly AnyCommand[] {
  const all: AnyCommand[] = [];
  all.push(helpOver(all), ...commands);
  return all;
}

function helpOver(all: readonly AnyCommand[]): AnyCommand {
  return family.command({
    words: [],
    params: { topic: param.word(100).rest().optional() },
    access: { scope: 'anyone' },
    async run(ctx, args) {
      const { t } = ctx;
      if (!args.topic) {
        const lines = [t.help.title, ...all.map((c) => t.help.entry(usageLine(c, t), summaryOf(c, t))), t.help.more];
        return reply.chat(lines.join('\n'), []);
      }
      const topic = args.topic.replace(/^\//, '').toLowerCase().split(/\s+/);
      const matching = all.filter((c) => c.family === topic[0] && topic.slice(1).every((w, i) => c.words[i] === w));
      if (matching.length === 0) throw new CommandError('NOT_FOUND', t.errors.unknownHelpTopic(args.topic));
      return reply.chat(matching.map((c) => t.help.full(usageLine(c, t), summaryOf(c, t), whoMay(ctx, c))).join('\n\n'), []);
    },
  });
}
