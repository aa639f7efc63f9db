import { z } from 'zod';
import { CommandError, defineCommand, reply, type AnyCommand, type Context } from '../src/command.ts';

/** Who may run a command, in words, from its access rule. */
export function whoMay(ctx: Pick<Context, 't'>, cmd: AnyCommand): string {
  const { t } = ctx;
  if (cmd.access.scope === 'anyone') return t.help.anyone;
  return t.list((cmd.access.roles as string[]).map((r) => t.roles[r as keyof typeof t.roles]));
}

/** `/help`, generated from the command definitions so that it cannot drift from them. */
export function createHelpCommand(all: () => readonly AnyCommand[]): AnyCommand {
  return defineCommand({
    id: 'help',
    family: 'help',
    words: [],
    spec: { positionals: [{ name: 'topic', rest: true }], options: {} },
    schema: z.object({ topic: z.string().max(100).optional() }),
    access: { scope: 'anyone' },
    async run(ctx, args) {
      const { t } = ctx;
      if (!args.topic) {
        const lines = [t.help.title, ...all().map((c) => t.help.entry(t.commands[c.id].usage, t.commands[c.id].summary)), t.help.more];
        return reply.chat(lines.join('\n'), []);
      }
      const topic = args.topic.replace(/^\//, '').toLowerCase().split(/\s+/);
      const matching = all().filter((c) => c.family === topic[0] && topic.slice(1).every((w, i) => c.words[i] === w));
      if (matching.length === 0) throw new CommandError('NOT_FOUND', t.errors.unknownHelpTopic(args.topic));
      return reply.chat(
        matching.map((c) => t.help.full(t.commands[c.id].usage, t.commands[c.id].summary, whoMay(ctx, c))).join('\n\n'),
        [],
      );
    },
  });
}
