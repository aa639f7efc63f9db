import type { z } from 'zod';
import { CommandError } from './errors.ts';
import type { ArgSpec } from './args.ts';
import type { AuditLog } from './audit.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { IsoDate } from './dates.ts';
import type { FindingRepo } from './finding.ts';
import type { Gate } from './gate.ts';
import type { MatterRepo } from './important-matter.ts';
import type { FamilyTexts, Lang, Messages } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import type { RuleIndex } from './rulebook/rulebook.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { Store } from './store/store.ts';
import type { AccessRole } from './guards.ts';
import type { Role, Team, TeamRepo } from './team.ts';
import type { DocRequestRepo } from './doc-request.ts';
import type { Outbox } from './outbox.ts';
import { schemaOf, specOf, type Param, type Params, type Values } from './params.ts';
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
  matters: MatterRepo;
  audit: AuditLog;
  outbox: Outbox;
  /** The gate on the way out: replies, notices and forms pass it; commands may ask it who an audience is. */
  gate: Gate;
  users: UserDirectory;
  rules: RuleIndex;
  /** The categories, tags and sources findings are filed under now (the office's, else the built-in ones). */
  taxonomy: Taxonomy;
}

/** Everything a handler needs: who, where, the team and role, the clock, the language, the services. */
export interface Context {
  incoming: Incoming;
  /** The command being run, by id (`team create`): a refusal names it. */
  command: string;
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
  /** A line the command's first reply ends with, said once however often noted: a caveat on what it did. */
  caution(line: string): void;
  /** Resolve a user as typed (mention, @name, platform id, console name); undefined when unknown. */
  resolveUser(token: string): Promise<UserId | undefined>;
}

/** A team command's context: the team is always there. */
export type TeamContext = Context & { team: Team };

/**
 * Who may run a command and where: `anyone` anywhere; `team` needs the team of this chat (or of the
 * asker, in a direct message) and one of `roles` (a relation such as `owner`, the task's owner, is
 * checked on the record by the command: src/guards.ts); `group` runs in a group chat, for `roles`, team or not;
 * `office` works across teams, for the office (XC_ADMINS) alone, in any chat but one between people.
 */
export type Access =
  | { scope: 'anyone' }
  | { scope: 'team'; roles: readonly AccessRole[] }
  | { scope: 'group'; roles: readonly AccessRole[] }
  | { scope: 'office' };

/** The context a handler gets: team commands always have their team. */
export type ContextFor<S extends Access> = S extends { scope: 'team' } ? TeamContext : Context;

/** A command: data (its words, parameters, access) plus a handler that returns a reply and never calls a platform. */
export interface CommandDef<A = Record<string, unknown>, S extends Access = Access> {
  /** The family and its words, as typed: `team unit add`. */
  id: string;
  family: string;
  /** The subcommand words after the family, e.g. ['unit', 'add']; [] for the family's default. */
  words: readonly string[];
  /** Its parameters, each declared once (src/params.ts). */
  params: Params;
  /** Made from `params`: what the command line is read into, and the strict check of the arguments. */
  spec: ArgSpec;
  schema: z.ZodType<A>;
  access: S;
  /** The family's texts in each language: summaries, parameter names and placeholders, form titles. */
  texts: Readonly<Record<Lang, FamilyTexts>>;
  /** The parameters a form asks for, in its order, when the command has one (a modal, a dialogue). */
  form?: readonly string[];
  run(ctx: ContextFor<S>, args: A): Promise<Reply | Reply[]>;
}

/** Any command, as the dispatcher holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandDef<any, any>;

type Join<W extends readonly string[]> = W extends readonly [infer H extends string, ...infer R extends readonly string[]]
  ? R extends readonly [] ? H : `${H} ${Join<R>}`
  : never;
/** A command's id: its family, then its words. */
type IdOf<N extends string, W extends readonly string[]> = W extends readonly [] ? N : `${N} ${Join<W>}`;

/** The key of a parameter's texts: its label, else its name. Flags need none (their usage is `[--name]`). */
type TextKey<P, K> = P extends Param<infer T, boolean, infer L> ? (T extends boolean ? never : L extends string ? L : K) : never;
/** The parameters whose texts the family's catalog and the common one both lack, mapped to `never`: a type error at that parameter. */
type Worded<P extends Params, F extends FamilyTexts> = {
  [K in keyof P]: TextKey<P[K], K> extends keyof F['args'] | keyof Messages['args'] ? P[K] : never;
};

/** What a family's command declares; its id, the reading of its command line and its check are derived. */
export interface CommandDecl<W extends readonly string[], P extends Params, S extends Access> {
  words: W;
  params: P;
  access: S;
  form?: ReadonlyArray<keyof P & string>;
  run(ctx: ContextFor<S>, args: Values<P>): Promise<Reply | Reply[]>;
}

/**
 * A command family (`/finding`): its name and its texts in both languages (the English typed against
 * the Chinese). `command` declares one of its commands; the compiler checks that the catalog holds the
 * command's texts and every parameter's.
 */
export function defineFamily<const N extends string, F extends FamilyTexts>(name: N, texts: Readonly<Record<Lang, F>>) {
  return {
    name,
    texts,
    /** One command of the family: its words, parameters, access and handler. */
    command<const W extends readonly string[], const P extends Params, const S extends Access>(
      decl: CommandDecl<W, P, S> & { params: Worded<P, F> } & (IdOf<N, W> extends keyof F['commands'] ? unknown : { missingTexts: IdOf<N, W> }),
    ): CommandDef<Values<P>, S> {
      const id = [name, ...decl.words].join(' ');
      return { ...decl, id, family: name, texts, spec: specOf(id, decl.params), schema: schemaOf(decl.params) };
    },
  };
}

/** `work`, with a refusal of a domain rule (an `E`, such as FindingError) turned into the command's reply by `refuse`. */
export async function refusing<T, E extends Error>(work: Promise<T>, type: abstract new (...args: never[]) => E, refuse: (err: E) => CommandError): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw err instanceof type ? refuse(err) : err;
  }
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
