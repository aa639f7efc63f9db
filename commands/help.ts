import { CommandError, defineFamily, reply, type AnyCommand, type Context } from '../src/command.ts';
import { doorRoles } from '../src/guards.ts';
import { helpEn, helpZh } from '../src/i18n/help.ts';
import { wordFor } from '../src/i18n/index.ts';
import { nearest } from '../src/nearest.ts';
import { param } from '../src/params.ts';
import { memberOf, TEAM_ROLES, type Role, type Team } from '../src/team.ts';
import { summaryOf, usageLine } from '../src/usage.ts';

const family = defineFamily('help', { zh: helpZh, en: helpEn });

/** What `/help` takes for every command, in either language. */
const ALL = new Set(['all', '全部']);

/** Roles in the order the help names them: the office, the team's roles, then a task's owner. */
const ROLE_ORDER: readonly Role[] = ['admin', ...TEAM_ROLES, 'owner'];

/** Who may run a command, in words, from its access rule. */
export function whoMay(ctx: Pick<Context, 't'>, cmd: AnyCommand): string {
  const { t } = ctx;
  if (cmd.access.scope === 'anyone') return t.help.anyone;
  if (cmd.access.scope === 'office') return t.roles.admin;
  const roles: readonly string[] = cmd.access.roles;
  return t.list(roles.map((r) => wordFor(t.roles, r)));
}

/**
 * Where someone asks and who they are there: a group bound to a team (`team`), a group bound to none,
 * their direct message with the bot, or a chat between people; and their roles in the chat's team, or in
 * their teams in a direct message (the office's role anywhere but between people).
 */
export interface Standing {
  chat: 'team' | 'group' | 'dm' | 'unbound';
  roles: ReadonlySet<Role>;
}

/** The asker's standing where they typed the command. */
export async function standingOf(ctx: Context): Promise<Standing> {
  const { chat } = ctx.incoming;
  if (chat.kind === 'unbound') return { chat: 'unbound', roles: new Set() };
  const roles = new Set<Role>(ctx.isAdmin ? ['admin'] : []);
  const hold = (team: Team) => {
    const role = memberOf(team, ctx.user)?.role ?? (team.owners.includes(ctx.user) ? 'owner' : undefined);
    if (role) roles.add(role);
  };
  if (chat.kind === 'dm') {
    for (const team of await ctx.services.teams.forUser(ctx.user)) hold(team);
    return { chat: 'dm', roles };
  }
  const team = await ctx.services.teams.byChat(chat.id);
  if (team) hold(team);
  return { chat: team ? 'team' : 'group', roles };
}

/**
 * Whether a command is open to someone of `standing` where they are, by its access rule as the dispatcher
 * applies it: a team command in a team's group or a direct message, a group command (binding a chat) in a
 * group, the office's commands anywhere but between people; a relation (a task's owner) for whoever could hold it.
 */
export function opensTo(def: AnyCommand, standing: Standing): boolean {
  const { access } = def;
  if (access.scope === 'anyone') return true;
  if (standing.chat === 'unbound') return false;
  if (access.scope === 'office') return standing.roles.has('admin');
  if (access.scope === 'group' ? standing.chat === 'dm' : standing.chat === 'group') return false;
  return doorRoles(access.roles).some((role) => standing.roles.has(role));
}

/** Commands by family, in the order they come. */
function byFamily(commands: readonly AnyCommand[]): AnyCommand[][] {
  const families = new Map<string, AnyCommand[]>();
  for (const def of commands) families.set(def.family, [...(families.get(def.family) ?? []), def]);
  return [...families.values()];
}

/** A family's commands on one line, as typed: `/team · add · remove · unit add`, `/finding add · list`. */
function wordsLine(defs: readonly AnyCommand[]): string {
  const [first, ...rest] = defs.map((d) => d.words.join(' '));
  return [`/${defs[0]!.family}${first ? ` ${first}` : ''}`, ...rest].join(' · ');
}

/**
 * `/help`: the commands open to the asker where they are, a family to a heading and its commands on one
 * line, short enough for a phone; then how to read a family in full, or every command.
 */
function mine(ctx: Context, all: readonly AnyCommand[], standing: Standing): string {
  const { t } = ctx;
  const families = byFamily(all.filter((c) => c.family !== 'help' && opensTo(c, standing)));
  const roles = ROLE_ORDER.filter((r) => standing.roles.has(r)).map((r) => t.roles[r]);
  const lines = [t.help.title(roles)];
  for (const defs of families) lines.push(t.help.family(defs[0]!.texts[t.lang].summary), t.help.words(wordsLine(defs)));
  if (standing.roles.size === 0) lines.push(t.help.noRole[standing.chat]);
  // The example: the first family listed that has commands of its own to read about.
  const example = families.find((defs) => defs.length > 1)?.[0]?.family ?? families[0]?.[0]?.family ?? 'rule';
  lines.push(t.help.more(example));
  return lines.join('\n');
}

/** `/help all`: every command, family by family, each with its usage and summary. */
function everything(ctx: Context, all: readonly AnyCommand[]): string {
  const { t } = ctx;
  const lines = [t.help.allTitle];
  for (const defs of byFamily(all)) {
    lines.push(t.help.family(defs[0]!.texts[t.lang].summary), ...defs.map((c) => t.help.entry(usageLine(c, t), summaryOf(c, t))));
  }
  return lines.join('\n');
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
      if (!args.topic) return reply.chat(mine(ctx, all, await standingOf(ctx)), []);
      const topic = args.topic.replace(/^\//, '').toLowerCase().split(/\s+/);
      if (topic.length === 1 && ALL.has(topic[0]!)) return reply.chat(everything(ctx, all), []);
      const matching = all.filter((c) => c.family === topic[0] && topic.slice(1).every((w, i) => c.words[i] === w));
      if (matching.length === 0) {
        // A misspelt family (/help fidning) is most often one letter off: suggest it, as dispatch does.
        const meant = topic.length === 1 ? nearest(topic[0]!, [...new Set(all.map((c) => c.family))]) : undefined;
        throw new CommandError('NOT_FOUND', t.errors.unknownHelpTopic(args.topic, meant));
      }
      return reply.chat(matching.map((c) => t.help.full(usageLine(c, t), summaryOf(c, t), whoMay(ctx, c))).join('\n\n'), []);
    },
  });
}
