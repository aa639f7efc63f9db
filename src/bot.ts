import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { collect, tokenize, typedText, type ArgProblem, type Token } from './args.ts';
import type { Adapter, AdapterHost, Identities } from './adapter.ts';
import { createAuditLog } from './audit.ts';
import type { Clock } from './clock.ts';
import { CommandError, type AnyCommand, type Context, type Services, type TeamContext } from './command.ts';
import type { Config } from './config.ts';
import { formArgs, formOf } from './forms.ts';
import { todayIn } from './dates.ts';
import { createDocRequestRepo } from './doc-request.ts';
import { createFindingRepo } from './finding.ts';
import { createMatterRepo } from './important-matter.ts';
import { nearest } from './nearest.ts';
import { requireAccess, requireSupervisionStarted } from './guards.ts';
import { shorten } from './text.ts';
import { messages, type Messages } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import { createGate } from './gate.ts';
import { createHost } from './host.ts';
import { createOutbox } from './outbox.ts';
import { pictured } from './chart.ts';
import { createReadLog, watchRepos, type ReadLog } from './reads.ts';
import { createRectificationRepo } from './rectification.ts';
import type { RuleIndex } from './rulebook/rulebook.ts';
import { keys } from './store/keys.ts';
import { StoreError, storeFailure, type Store } from './store/store.ts';
import { BUILT_IN_TAXONOMY, type Taxonomy } from './taxonomy.ts';
import { createTeamRepo, memberOf, type Team } from './team.ts';
import type { Incoming, Outgoing, Platform, Reply, UserId } from './types.ts';
import { argName, usageLine, withFamilies } from './usage.ts';
import { createUserDirectory } from './users.ts';

/** What the bot needs from the outside; the composition root (main.ts) or a test provides it. */
export interface BotDeps {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  rules: RuleIndex;
  /** The office's taxonomy (loadTaxonomy); the built-in one when not given. */
  taxonomy?: Taxonomy;
  /** Every command, including help; the dispatcher routes by family and subcommand words. */
  commands: readonly AnyCommand[];
  /**
   * How each platform's command lines name people (adapters/index.ts has every platform's). A typed
   * address (`telegram:42`) counts only on a platform named here.
   */
  identities?: Readonly<Record<Platform, Identities>>;
}

/**
 * The platform-neutral bot: adapters hand it what users typed and render what it answers (they see
 * it as an AdapterHost); the composition root also runs its jobs over its services.
 */
export interface Bot extends AdapterHost {
  /** Take `adapter`'s platform on: what the bot sends on its own there goes through its sender. */
  connect(adapter: Adapter): void;
  /** Deliver what the outbox holds (notices, digests) through the connected adapters' senders. */
  flush(): Promise<void>;
  readonly services: Services;
}

/** The command whose subcommand words start `words` (longest match), else the family's default. */
function route(defs: readonly AnyCommand[], words: string[]): { def?: AnyCommand; used: number } {
  let best: { def?: AnyCommand; used: number } = { used: 0 };
  for (const def of defs) {
    const n = def.words.length;
    const fits = def.words.every((w: string, i: number) => words[i]?.toLowerCase() === w);
    if (fits && (best.def === undefined || n > best.used)) best = { def, used: n };
  }
  return best;
}


/**
 * The subcommand `words` probably meant among the family's: `lsit` → `list`, `unit ad` → `unit add`,
 * `unit` → `unit add` when that is the only one it begins. Undefined when nothing is close enough.
 */
function meantSub(defs: readonly AnyCommand[], words: readonly string[]): string | undefined {
  const [first, second] = words.map((w) => w.toLowerCase());
  if (first === undefined) return undefined;
  const firsts = defs.flatMap((d) => d.words.slice(0, 1) as string[]);
  if (!firsts.includes(first)) return nearest(first, firsts);
  const seconds = defs.filter((d) => d.words[0] === first && d.words.length > 1).map((d) => d.words[1] as string);
  const meant = second === undefined ? (seconds.length === 1 ? seconds[0] : undefined) : nearest(second, seconds);
  return meant && `${first} ${meant}`;
}

/** `/finding lsit`: what was typed, the subcommand it probably meant, and every usage of the family. */
function unknownSubText(t: Messages, family: string, defs: readonly AnyCommand[], words: readonly string[], usages: string[]): string {
  const firsts = new Set(defs.flatMap((d) => d.words.slice(0, 1) as string[]));
  // The words that name the subcommand: two when the first is one of the family's (`unit ad`).
  const typed = words.slice(0, words[0] !== undefined && firsts.has(words[0].toLowerCase()) ? 2 : 1).join(' ');
  return t.errors.unknownSub(family, shorten(typed, 20) || undefined, meantSub(defs, words), usages);
}

function problemText(t: Messages, def: AnyCommand, p: ArgProblem): string {
  switch (p.kind) {
    case 'unknownOption':
      return t.errors.unknownOption(p.name, nearest(p.name, Object.keys(def.spec.options)));
    case 'missingValue':
      return t.errors.missingValue(p.name);
    case 'repeated':
      return t.errors.repeatedOption(p.name);
    case 'tooMany':
      // The message shortens past 30 units by slicing; cut at a whole character first, so the slice has nothing to halve.
      return t.errors.tooMany(shorten(p.extra, 30));
  }
}

/** Turn a failure into the reply the asker sees; refusals are theirs alone. */
function refusal(err: CommandError): Reply {
  return { text: err.message, visibility: 'asker', error: true, quotes: [], ...(err.field && { field: err.field }) };
}

/**
 * The first thing wrong with the arguments, in the catalog's words: zod's own messages are never
 * shown, since they are English or half-translated (「数值过小：期望 number >=1」).
 */
function schemaText(t: Messages, def: AnyCommand, error: z.ZodError, args: Record<string, string | boolean>): string {
  const issue = error.issues[0]!;
  const name = String(issue.path[0] ?? '');
  const label = argName(def, name, t);
  const spec = Object.hasOwn(def.params, name) ? def.params[name]!.spec : undefined;
  // An option is named as typed (--unit); a word in its place by what it is (问题描述).
  const what = spec?.place === 'option' ? `--${name}` : label;
  const typed = String(args[name] ?? '');
  if (issue.code === 'invalid_type' && issue.input === undefined) return t.errors.missingArg(label);
  // A page that is not a whole number from 1 (-1, abc, 1e309): zod would answer "received NaN".
  if (spec?.kind === 'number') return t.errors.badNumber(label, name, typed);
  if (issue.code === 'too_big' && issue.origin === 'string') return t.errors.tooLong(label, Number(issue.maximum));
  if (issue.code === 'too_small' && issue.origin === 'string') return spec?.place === 'option' ? t.errors.emptyOption(name, label, spec.optional) : t.errors.emptyArg(label);
  if (issue.code === 'invalid_value' && spec?.values) return t.errors.notOneOf(what, typed, spec.values);
  return t.errors.invalidArg(what, typed);
}

/**
 * A command line read: the command it names, its family's commands, `--team`, and its arguments: the
 * tokens and the text they were read from, or the values a form filled in.
 */
interface Parsed {
  def: AnyCommand;
  defs: AnyCommand[];
  family: string;
  team?: string;
  argTokens: Token[];
  source: string;
  filled?: Record<string, string | boolean>;
}

/**
 * How long the same create from the same person counts as a repeat: long enough for a retry after a
 * lost reply or a platform's re-delivery, short enough that logging the same problem again tomorrow
 * is a second finding.
 */
const REPEAT_WINDOW_MS = 10 * 60_000;

/** Who asked for which command with which arguments, as one opaque key: it names no text. */
function requestKey(user: UserId, id: string, args: unknown): string {
  const canonical = JSON.stringify(args, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
  return createHash('sha256').update(`${user}\u0000${id}\u0000${canonical}`).digest('base64url');
}

/** The services that write through `store`: over a delivery's marked view, each of their commits carries the mark. */
function writersOver(store: Store) {
  return {
    store,
    teams: createTeamRepo(store),
    findings: createFindingRepo(store),
    rectifications: createRectificationRepo(store),
    docs: createDocRequestRepo(store),
    matters: createMatterRepo(store),
    audit: createAuditLog(store),
  };
}

type Writers = ReturnType<typeof writersOver>;

/**
 * A command's services: the bot's, with the repositories over the command's own writers (which mark a
 * delivery's change in its commit) and the numbered ones watched by its read log. Both are made on first
 * use: a command touches one or two repositories, and one that only searches the rulebook none. Made per
 * bot (its services the prototype), so that a command allocates one small object, not the wrappers.
 */
function commandServicesOver(services: Services) {
  class CommandServices {
    #writers?: Writers;
    #watched?: ReturnType<typeof watchRepos>;
    readonly #make: () => Writers;
    readonly #reads: ReadLog;
    constructor(make: () => Writers, reads: ReadLog) {
      this.#make = make;
      this.#reads = reads;
    }
    get #own(): Writers {
      return (this.#writers ??= this.#make());
    }
    get #seen(): ReturnType<typeof watchRepos> {
      return (this.#watched ??= watchRepos(this.#own, this.#reads));
    }
    get store() {
      return this.#own.store;
    }
    get teams() {
      return this.#own.teams;
    }
    get audit() {
      return this.#own.audit;
    }
    get findings() {
      return this.#seen.findings;
    }
    get rectifications() {
      return this.#seen.rectifications;
    }
    get docs() {
      return this.#seen.docs;
    }
    get matters() {
      return this.#seen.matters;
    }
  }
  Object.setPrototypeOf(CommandServices.prototype, services);
  return (make: () => Writers, reads: ReadLog) => new CommandServices(make, reads) as unknown as Services;
}

/** This process's runs, told apart from every other process's: a random prefix, then a count. */
const RUNS = randomBytes(9).toString('base64url');
let runs = 0;

/** Create the bot over its services: one dispatcher for every platform. */
export function createBot(deps: BotDeps): Bot {
  const { config, store, clock, log, rules, taxonomy = BUILT_IN_TAXONOMY, commands, identities = {} } = deps;
  const t = withFamilies(messages(config.lang), commands);
  const admins = new Set(config.admins);
  const writers = writersOver(store);
  const { teams, audit, findings, rectifications, docs, matters } = writers;
  const gate = createGate({ teams, findings, rectifications, docs, matters, audit, admins, clock, timeZone: config.timeZone, log, withheld: t.errors.withheld });
  const services: Services = {
    ...writers,
    rules,
    taxonomy,
    gate,
    outbox: createOutbox(store, log, clock, gate, (reply) => pictured(reply, t.errors.chartFailed, log)),
    users: createUserDirectory(store),
  };
  const commandServices = commandServicesOver(services);
  const botWriters = () => writers;
  const families = new Map<string, AnyCommand[]>();
  for (const def of commands) families.set(def.family, [...(families.get(def.family) ?? []), def]);

  /** The person a token of the command line names: by the platform's own rules first, then by the handles people wrote with. */
  async function resolveUser(incoming: Incoming, token: string): Promise<UserId | undefined> {
    const own = identities[incoming.platform];
    const mentioned = own?.mention?.(token);
    if (mentioned) return mentioned;
    const address = /^([a-z]+):[^\s:]+$/.exec(token);
    if (address) return Object.hasOwn(identities, address[1]!) ? token : undefined;
    const handle = token.replace(/^[@＠]/, '');
    if (!/^[^\s:<>@]{1,64}$/u.test(handle)) return undefined;
    return own?.byName?.(handle) ?? (await services.users.alias(incoming.platform, handle)) ?? own?.placeholder?.(handle);
  }

  /** The team a command acts on: the chat's team in a group, the asker's team in a direct message. */
  async function teamFor(incoming: Incoming, teamName: string | undefined, isAdmin: boolean): Promise<Team> {
    // A conversation between people may hold anyone: no team's data is shown there, whoever asks.
    if (incoming.chat.kind === 'unbound') throw new CommandError('NO_TEAM', t.errors.unboundChat);
    if (incoming.chat.kind === 'group') {
      if (teamName !== undefined) throw new CommandError('WRONG_CHAT', t.errors.teamOptionInGroup);
      const team = await services.teams.byChat(incoming.chat.id);
      if (!team) throw new CommandError('NO_TEAM', t.errors.notBound);
      return team;
    }
    const candidates = isAdmin ? await services.teams.all() : await services.teams.forUser(incoming.user);
    if (teamName !== undefined) {
      const wanted = teamName.trim().toLowerCase();
      const team = candidates.find((c) => c.name.toLowerCase() === wanted);
      if (!team) throw new CommandError('NOT_FOUND', t.errors.unknownTeam(teamName));
      return team;
    }
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) throw new CommandError('NO_TEAM', t.errors.noTeamInDm);
    throw new CommandError('NO_TEAM', t.errors.severalTeams(candidates.map((c) => c.name)));
  }

  async function context(
    def: AnyCommand,
    incoming: Incoming,
    teamName: string | undefined,
    notices: Outgoing[],
    reads: ReadLog,
    args: unknown = {},
    commandWriters: () => Writers = botWriters,
    cautions = new Set<string>(),
  ): Promise<Context> {
    const now = clock.now();
    const isAdmin = admins.has(incoming.user);
    const ctx: Context = {
      incoming,
      command: def.id,
      user: incoming.user,
      isAdmin,
      role: isAdmin ? 'admin' : undefined,
      t,
      config,
      clock,
      now: now.toISOString(),
      today: todayIn(now, config.timeZone),
      audience: incoming.chat.kind === 'dm' ? { kind: 'person', user: incoming.user } : { kind: 'open' },
      // The command's reads are noted, so that the gate finds every record its replies show.
      services: commandServices(commandWriters, reads),
      log,
      resolveUser: (token) => resolveUser(incoming, token),
      // Made on use: only a create made once reads it, and the key is a hash.
      once: () => ({ key: requestKey(incoming.user, def.id, args), since: new Date(now.getTime() - REPEAT_WINDOW_MS).toISOString(), at: now.toISOString() }),
      notify: (out) => notices.push(out),
      caution: (line) => cautions.add(line),
    };
    const { access } = def;
    if (access.scope === 'anyone') return ctx;
    if (access.scope === 'office') {
      if (!isAdmin) throw new CommandError('FORBIDDEN', t.errors.officeOnly);
      // Every team's figures: a conversation between people may hold anyone, so it sees none of them.
      if (incoming.chat.kind === 'unbound') throw new CommandError('WRONG_CHAT', t.errors.unboundChat);
      return ctx;
    }
    if (access.scope === 'group') {
      if (incoming.chat.kind === 'unbound') throw new CommandError('WRONG_CHAT', t.errors.unboundChat);
      if (incoming.chat.kind !== 'group') throw new CommandError('WRONG_CHAT', t.errors.groupOnly);
    } else {
      ctx.team = await teamFor(incoming, teamName, isAdmin);
      // The gate need not read again the team, or the chat's team, that the command stands on.
      reads.sawTeam(ctx.team, incoming.chat.kind === 'group');
      if (incoming.chat.kind === 'group') ctx.audience = { kind: 'group', team: ctx.team };
      // A member's team role counts first; an office admin who is also a leader acts as both.
      ctx.role = memberOf(ctx.team, incoming.user)?.role ?? ctx.role ?? (ctx.team.owners.includes(incoming.user) ? 'owner' : undefined);
      requireSupervisionStarted(ctx as TeamContext);
    }
    requireAccess(ctx, access.roles);
    return ctx;
  }

  /** Take `--team <name>` out of the tokens: it picks the team in a direct message, for any command. */
  function takeTeamOption(tokens: Token[]): { rest: Token[]; team?: string } {
    const at = tokens.findIndex((tk) => tk.kind === 'option' && tk.name === 'team');
    if (at < 0) return { rest: tokens };
    const option = tokens[at] as Extract<Token, { kind: 'option' }>;
    const next = tokens[at + 1];
    if (option.inline) return { rest: tokens.filter((_, i) => i !== at), team: option.inline };
    if (next?.kind === 'word') return { rest: tokens.filter((_, i) => i !== at && i !== at + 1), team: next.value };
    throw new CommandError('INVALID_ARGS', t.errors.missingValue('team'));
  }

  const usageOf = (def: AnyCommand) => usageLine(def, t);
  const byId = new Map(commands.map((def) => [def.id as string, def]));

  /** Find the command a line names and read its arguments, without running anything. */
  function parse(incoming: Incoming): Parsed {
    const family = incoming.command.toLowerCase();
    const defs = families.get(family);
    if (!defs) throw new CommandError('UNKNOWN_COMMAND', t.errors.unknownCommand(shorten(family, 32), nearest(family, [...families.keys()])));
    const source = typedText(incoming.text);
    const { rest, team } = takeTeamOption(tokenize(source));
    const words = rest.flatMap((tk) => (tk.kind === 'word' ? [tk.value] : []));
    const { def, used } = route(defs, words.slice(0, 2));
    if (!def) throw new CommandError('INVALID_ARGS', unknownSubText(t, family, defs, words, defs.map(usageOf)));
    let skip = used;
    const argTokens = rest.filter((tk) => !(tk.kind === 'word' && skip-- > 0));
    return { def, defs, family, team, argTokens, source };
  }

  async function run(incoming: Incoming, line: Parsed, reads: ReadLog, writers?: () => Writers): Promise<{ replies: Reply[]; id: string }> {
    const { def, defs, family, team, argTokens } = line;
    const usage = t.errors.usage(usageOf(def));
    const { args, problem } = line.filled ? { args: line.filled, problem: undefined } : collect(argTokens, def.spec, line.source);
    // `/team foo`: a misspelt subcommand lands on the family's default; show every subcommand instead.
    if (problem?.kind === 'tooMany' && def.words.length === 0 && defs.length > 1) {
      const words = argTokens.flatMap((tk) => (tk.kind === 'word' ? [tk.value] : []));
      throw new CommandError('INVALID_ARGS', unknownSubText(t, family, defs, words, defs.map(usageOf)));
    }
    if (problem) throw new CommandError('INVALID_ARGS', `${problemText(t, def, problem)}\n${usage}`, 'name' in problem ? problem.name : undefined);
    // reportInput tells a missing value from a wrong one.
    const parsed = def.schema.safeParse(args, { reportInput: true });
    if (!parsed.success) throw new CommandError('INVALID_ARGS', `${schemaText(t, def, parsed.error, args)}\n${usage}`, String(parsed.error.issues[0]?.path[0] ?? ''));
    const notices: Outgoing[] = [];
    const cautions = new Set<string>();
    const ctx = await context(def, incoming, team, notices, reads, parsed.data, writers, cautions);
    const result = await def.run(ctx, parsed.data);
    if (notices.length) {
      await services.outbox.enqueue(keys.notices(await store.increment(keys.counter(keys.noticeCount))), notices, ctx.now, reads);
      void flush();
    }
    const replies = Array.isArray(result) ? result : [result];
    if (cautions.size && replies[0]) replies[0] = { ...replies[0], text: [replies[0].text, ...cautions].join('\n') };
    return { replies, id: def.id };
  }

  function flush(): Promise<void> {
    return services.outbox.flush().catch((err: unknown) => log.error({ err: { message: (err as Error)?.message } }, 'outbox flush failed'));
  }

  /** Run a command line (parsed already when `parsed` is given), log its outcome, and answer every failure. */
  async function dispatch(incoming: Incoming, parsed?: Parsed): Promise<Reply[]> {
    const started = performance.now();
    const where = { platform: incoming.platform, user: incoming.user, chat: incoming.chat.id, command: incoming.command.slice(0, 32) };
    const reads = createReadLog(incoming.user);
    try {
      await services.users.remember(incoming.user, incoming.userName);
      const line = parsed ?? parse(incoming);
      // A delivery that makes a change leaves its mark in that change's commit: delivered again (a webhook
      // retried, a socket envelope resent, a poll replayed after a crash), its commit is refused.
      const key = incoming.deliveryId && keys.delivery(incoming.platform, incoming.deliveryId);
      const { replies, id } = await run(incoming, line, reads, key ? () => writersOver(store.marked({ key, run: `${RUNS}.${++runs}` })) : undefined);
      // Nothing a command answers leaves the core without passing the gate.
      const gated = await gate.replies(incoming, replies, reads);
      // Charts are drawn only once the gate let their replies out: what no one may see is never drawn.
      const out = await Promise.all(gated.map((r) => pictured(r, t.errors.chartFailed, log)));
      log.info({ ...where, id, outcome: 'ok', ms: Math.round(performance.now() - started) }, 'command');
      return out;
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      if (err instanceof CommandError) {
        log.info({ ...where, outcome: err.code, ms }, 'command refused');
        // A refusal goes to the asker alone, and passes the gate like any reply: it may name a record.
        return gate.replies(incoming, [refusal(err)], reads);
      }
      const failure = storeFailure(err);
      if (failure instanceof StoreError && failure.code === 'STORE_REDELIVERED') {
        log.info({ ...where, outcome: 'redelivered', ms }, 'command delivered again; not run twice');
        return [{ text: t.errors.redelivered, visibility: 'asker', quotes: [] }];
      }
      if (failure instanceof StoreError && failure.code in t.errors.store) {
        // The store's fault, named for the asker in one sentence and for the operator with its cause.
        log.error({ ...where, outcome: failure.code, ms, err: { name: failure.name, message: failure.message } }, 'command failed: store');
        return [{ text: t.errors.store[failure.code as keyof Messages['errors']['store']], visibility: 'asker', error: true, quotes: [] }];
      }
      log.error({ ...where, outcome: 'error', ms, err: { name: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'command failed');
      return [{ text: t.errors.internal, visibility: 'asker', error: true, quotes: [] }];
    }
  }

  return {
    services,
    t,
    clock,
    flush,
    ...createHost(services, identities, clock, log),
    connect: (adapter) => services.outbox.register(adapter.platform, adapter.sender),
    dispatch: (incoming) => dispatch(incoming),
    async handle(incoming, options = {}) {
      let parsed: Parsed;
      try {
        parsed = parse(incoming);
      } catch {
        // An unknown command or subcommand: dispatch answers and logs it.
        return { replies: await dispatch(incoming) };
      }
      const { def, team, argTokens } = parsed;
      if (def.form && argTokens.length === 0) {
        try {
          const ctx = await context(def, incoming, team, [], createReadLog());
          const form = await formOf(def, ctx);
          // A form's options pass the gate as its replies do, for whoever will see the form.
          const shownTo = options.formShownIn === 'chat' ? await gate.audienceOf(incoming, 'chat') : { kind: 'person' as const, user: incoming.user };
          return { form: await gate.form(form, shownTo) };
        } catch (err) {
          if (err instanceof CommandError) return { replies: [refusal(err)] };
          // Anything but a clear refusal is left to dispatch, which logs and answers it.
        }
      }
      return { replies: await dispatch(incoming, parsed) };
    },
    submit(incoming, command, values) {
      const def = byId.get(command);
      if (!def) return Promise.resolve([{ text: t.errors.unknownCommand(command), visibility: 'asker', error: true, quotes: [] }]);
      // The values go to the command's schema as they were filled in, never through a command line:
      // no quoting can alter a text, and the form is validated exactly like the typed command.
      const filled = formArgs(def, values);
      return dispatch({ ...incoming, command: def.family, text: '' }, { def, defs: families.get(def.family)!, family: def.family, argTokens: [], source: '', filled });
    },
  };
}
