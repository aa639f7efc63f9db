/**
 * The platform seam: what an adapter is, and the few things it may ask of the bot. An adapter
 * translates a platform's updates into `Incoming` and the core's replies into the platform's messages;
 * it holds no business rule and never sees the store or the repositories.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Form, FormValues } from './forms.ts';
import type { Messages } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import type { Sender } from './outbox.ts';
import type { Incoming, Platform, Reply, UserId } from './types.ts';

/** One route of the bot's HTTP server: Slack's events, Telegram's webhook, DingTalk's callback. */
export interface Route {
  /** The path, without query string. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/** Small records an adapter keeps of its own (a dialogue under way), in the bot's store under its platform's name. */
export interface AdapterRecords {
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Run `task` alone for `key`: in this process, and across processes on a shared store. */
  exclusive<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** What an adapter may ask of the bot. */
export interface AdapterHost {
  readonly t: Messages;
  readonly clock: Clock;
  /** Run a typed command line: its replies, already past the gate. */
  dispatch(incoming: Incoming): Promise<Reply[]>;
  /**
   * A typed command line, or its form when it has one and came without arguments. `formShownIn`: where
   * the adapter shows a form, in the chat itself (a dialogue everyone there reads) or privately.
   */
  handle(incoming: Incoming, options?: { formShownIn?: 'chat' | 'private' }): Promise<{ form: Form } | { replies: Reply[] }>;
  /** Run a filled form, as the command line a person would type. */
  submit(incoming: Omit<Incoming, 'command' | 'text'>, command: string, values: FormValues): Promise<Reply[]>;
  /** People as the platform shows them. */
  readonly people: {
    /** A display name to show instead of the id. */
    remember(user: UserId, name: string | undefined): Promise<void>;
    /** Who wrote to the bot with this handle (a Telegram @username), if anyone has. */
    byHandle(platform: Platform, handle: string): Promise<UserId | undefined>;
    /** `user` writes with `handle`: whoever was added by that handle before they wrote becomes them. */
    claim(platform: Platform, handle: string, user: UserId): Promise<void>;
  };
  /**
   * Whether this is the first time the platform delivered `id` (an update, a message id), remembered
   * across restarts: a repeated delivery is dropped before it is parsed.
   */
  firstDelivery(platform: Platform, id: string): Promise<boolean>;
  /** The adapter's own records, kept under `platform`'s name. */
  records(platform: Platform): AdapterRecords;
}

/** A platform as the bot runs it. */
export interface Adapter {
  readonly platform: Platform;
  /** Delivers what the bot sends on its own: notices, digests, the outbox's retries. */
  readonly sender: Sender;
  /** Served on the bot's HTTP server (PORT), when the platform calls in. */
  readonly route?: Route;
  /** Connect (a socket, a long poll) or announce itself (a webhook, a command menu). */
  start(): Promise<void>;
  /** Stop taking updates and finish what is under way. */
  stop(): Promise<void>;
}

/** What every adapter is built from: the bot, the whole configuration (each reads its own part), the log, the command families. */
export interface AdapterDeps {
  bot: AdapterHost;
  config: Config;
  log: Logger;
  /** The command families (`team`, `finding`, …), for menus and slash commands. */
  families: readonly string[];
}

/**
 * How a command line names people on one platform, for the arguments that take a person. Each rule is
 * optional; what none of them settles is looked up among the handles people wrote with (`byHandle`).
 */
export interface Identities {
  /** The person a token the platform itself marks as a mention names: Slack's `<@U123>`. */
  mention?(token: string): UserId | undefined;
  /** The person a bare name is on a platform where the name is the account: the console's. */
  byName?(name: string): UserId | undefined;
  /**
   * Who stands for someone added by a handle before they ever wrote, where handles are unique and the
   * person claims theirs on first writing (Telegram's @usernames): undefined where that cannot work.
   */
  placeholder?(handle: string): UserId | undefined;
}

/** A platform the bot can run on: whether the configuration turns it on, and how to build its adapter. */
export interface PlatformEntry {
  platform: Platform;
  /** Known without loading the platform's SDK: the bot reads command lines with them from its start. */
  identities: Identities;
  enabled(config: Config): boolean;
  /** Loaded only when enabled: a platform's SDK costs start-up time and memory. */
  load(): Promise<(deps: AdapterDeps) => Adapter>;
}
