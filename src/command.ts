import type { z } from 'zod';
import { CommandError } from './errors.ts';
import type { ArgSpec } from './args.ts';
import type { AuditLog } from './audit.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { IsoDate } from './dates.ts';
import type { FindingRepo } from './finding.ts';
import type { FormField } from './forms.ts';
import type { Gate } from './gate.ts';
import type { CommandId, Messages } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import type { RuleIndex } from './rulebook/rulebook.ts';
import type { Store } from './store/store.ts';
import type { Role, Team, TeamRepo } from './team.ts';
import type { DocRequestRepo } from './doc-request.ts';
import type { Outbox } from './outbox.ts';
import type { RectificationRepo } from './rectification.ts';
import type { Incoming, Outgoing, Quote, Reply, UserId } from './types.ts';
import type { Audience } from './visibility.ts';
import type { UserDirectory } from './users.ts';

export { CommandError };
export type { CommandErrorCode } from './errors.ts';

/** The services a command may use. */
export interface Services {
  store: Store;
  teams: TeamRepo;
  findings: FindingRepo;
  rectifications: RectificationRepo;
  docs: DocRequestRepo;
  audit: AuditLog;
  outbox: Outbox;
  /** The gate on the way out: replies, notices and forms pass it; commands may ask it who an audience is. */
  gate: Gate;
  users: UserDirectory;
  rules: RuleIndex;
}

/** Everything a handler needs: who, where, the team and role, the clock, the language, the services. */
export interface Context {
  incoming: Incoming;
  user: UserId;
  /** The team this command works on; set for every command whose access is `team`. */
  team?: Team;
  /** The asker's role in the team, or `admin`; undefined for a non-member. */
  role?: Role;
  isAdmin: boolean;
  t: Messages;
  config: Config;
  clock: Clock;
  /** Now, as an ISO instant, for history entries. */
  now: string;
  /** Today's date in the configured time zone. */
  today: IsoDate;
  /**
   * Who reads a reply meant for this chat, for a team command: the asker (a DM), the team's whole
   * roster (its group chat). For replies built to fit where they go, such as the digest; the gate
   * checks every reply against it all the same. Other commands see `open`: anyone.
   */
  audience: Audience;
  services: Services;
  log: Logger;
  /**
   * This very request, for a create made once (`addOnce`): who asked for what, word for word, and since
   * when the same request counts as a repeat (a retry after a lost reply, a delivery made twice).
   */
  once(): { key: string; since: string; at: string };
  /** Tell someone else (an owner, a liaison): queued durably once the command succeeds, then sent. */
  notify(out: Outgoing): void;
  /** Resolve a user as typed (mention, @name, platform id, console name); undefined when unknown. */
  resolveUser(token: string): Promise<UserId | undefined>;
}

/** A team command's context: the team is always there. */
export type TeamContext = Context & { team: Team };

/**
 * Who may run a command and where: `anyone` anywhere; `team` needs the team of this chat (or of the
 * asker, in a direct message) and one of `roles`; `group` runs in a group chat, for `roles`, team or not.
 */
export type Access =
  | { scope: 'anyone' }
  | { scope: 'team'; roles: readonly Role[] }
  | { scope: 'group'; roles: readonly Role[] };

/** The context a handler gets: team commands always have their team. */
export type ContextFor<S extends Access> = S extends { scope: 'team' } ? TeamContext : Context;

/** A command: data (name, arguments, access) plus a handler that returns a reply and never calls a platform. */
export interface CommandDef<A = Record<string, unknown>, S extends Access = Access> {
  id: CommandId;
  family: string;
  /** The subcommand words after the family, e.g. ['unit', 'add']; [] for the family's default. */
  words: readonly string[];
  spec: ArgSpec;
  schema: z.ZodType<A>;
  access: S;
  run(ctx: ContextFor<S>, args: A): Promise<Reply | Reply[]>;
  /** The fields for interactive input (a modal, a dialogue), when the command has them. */
  form?(ctx: ContextFor<S>): Promise<FormField[]>;
}

/** Any command, as the dispatcher holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandDef<any, any>;

/** Declare a command with its argument types inferred from the schema and its context from its access. */
export function defineCommand<A, const S extends Access>(def: CommandDef<A, S>): CommandDef<A, S> {
  return def;
}

/**
 * Shorthand replies. Each names what it quotes of the team's records (`[]` for general text): the gate
 * lets a reply out only where everyone who sees it may read all of that.
 */
export const reply = {
  chat: (text: string, quotes: Quote[], extra: Partial<Omit<Reply, 'quotes'>> = {}): Reply => ({ text, visibility: 'chat', quotes, ...extra }),
  asker: (text: string, quotes: Quote[], extra: Partial<Omit<Reply, 'quotes'>> = {}): Reply => ({ text, visibility: 'asker', quotes, ...extra }),
  dm: (text: string, quotes: Quote[], extra: Partial<Omit<Reply, 'quotes'>> = {}): Reply => ({ text, visibility: 'dm', quotes, ...extra }),
};
