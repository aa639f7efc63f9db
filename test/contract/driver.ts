/**
 * The adapter contract: one driver per platform turns logical users and chats into that platform's
 * own input (a console line after `/as`, a signed Slack slash command, …) and turns what the platform
 * showed back into neutral Deliveries. The scenarios (scenarios.ts) run over every driver unchanged.
 */
import { createDigestJob } from '../../src/digest.ts';
import type { Harness } from '../helpers/harness.ts';

/**
 * The people of every scenario. `deputy` (副组长) and `supervisor` (监督, of the discipline commission)
 * are on the team only where a scenario adds them: the 底稿 chain and 回头看 need them, the property
 * tests under test/leak/ always add them.
 */
export type LogicalUser = 'admin' | 'leader' | 'member' | 'liaison' | 'outsider' | 'deputy' | 'supervisor';

/** 'team': the team's group chat; 'other': a group chat bound to no team; 'dm': the user's DM with the bot. */
export type LogicalChat = 'team' | 'other' | 'dm';

export const LOGICAL_USERS: readonly LogicalUser[] = ['admin', 'leader', 'member', 'liaison', 'outsider', 'deputy', 'supervisor'];

/** Chats only some platforms have: 'human', a Slack direct message between two people (not with the bot). */
export type ExtraChat = 'human';
/** Any chat a delivery may sit in. */
export type AnyChat = LogicalChat | ExtraChat;

/**
 * Display names, the same on every platform (console user names, Slack display names), so that a
 * scenario can check that a reply names the right person. Deliberately not role words (组长 …): a
 * refusal names roles, and the two must not be confused.
 */
export const DISPLAY_NAMES: Readonly<Record<LogicalUser, string>> = {
  admin: '周主任',
  leader: '王强',
  member: '李娜',
  liaison: '赵敏',
  outsider: '陈路',
  deputy: '孙丽',
  supervisor: '钱进',
};

/** Something the platform showed to someone. */
export interface Delivery {
  /** 'group': everyone in the chat sees it; 'private': only `user` sees it (ephemeral, DM, 〔仅 X 可见〕). */
  to: 'group' | 'private';
  /** Who sees a private delivery. */
  user?: LogicalUser;
  /** Which group chat a group delivery went to, when the platform says so. */
  chat?: AnyChat;
  text: string;
  /** The name of an attached file (the /export workbook, a chart's picture). */
  file?: string;
  /** The attached file's bytes as the platform received them (every driver reads them from its stand-in). */
  data?: Uint8Array;
  /** The chat the message sits in (an ephemeral one: the group where it was asked), to press its buttons there. */
  where?: AnyChat;
  /** Its buttons as shown: labels, and the command each runs (a form's option buttons carry none). */
  buttons?: DeliveryButton[];
  /** A form shown to the asker (a Slack modal) or a step of a dialogue (Telegram). */
  form?: true;
  /** The line a person typed, which the platform showed to the chat along with the answer (Slack in_channel). */
  echo?: true;
  /** The platform's id of the message (Telegram), so that a button is pressed on that very message. */
  messageId?: number;
}

/** A button on a delivery: what it says, and what pressing it sends (a command line, or a platform's own data). */
export interface DeliveryButton {
  label: string;
  command?: string;
  /** The platform's own payload (Telegram callback data), when it is not a command line. */
  data?: string;
}

/**
 * Answers for a form by field name, as a person would give them: text, an option's value (`F-2`,
 * `城关镇`), a date (`+7d`), a user as `{member}`, a flag. A field without an answer is skipped or, when
 * it must be answered, given its first option.
 */
export type FormAnswers = Record<string, string | boolean | undefined>;

export interface AdapterDriver {
  /** The platform's name, for test titles. */
  name: string;
  /** Start a fresh bot on a fresh store, with this platform's adapter in front of it. */
  setup(): Promise<void>;
  /**
   * `user` types `line` in `chat`; returns what the platform delivered because of it, including the
   * notices the bot sent on its own as a consequence (a task owner's notice). Placeholders `{leader}`
   * etc. in `line` become the platform's way of naming that user (console: the name; Slack: a
   * `<@U…|name>` mention).
   */
  say(user: LogicalUser, chat: LogicalChat, line: string): Promise<Delivery[]>;
  /**
   * Run the daily digest job at `at` and return what was delivered: `HH:MM` is the next such time
   * (in the team's time zone, +08:00) after the bot's clock; an ISO date-time is taken as is.
   */
  digest(at: string): Promise<Delivery[]>;
  /** The bot and store underneath, to check what was (not) saved. */
  store(): Harness;
  close(): Promise<void>;
}

/**
 * What the property tests (test/leak/) need beyond the contract: the platform's user ids, chats some
 * platforms have, buttons, and forms. A platform without forms leaves `fill` out.
 */
export interface InteractiveDriver extends AdapterDriver {
  /** The user id the core and its audit log know a logical user by (`slack:ULEAD`). */
  userId(user: LogicalUser): string;
  /** The extra chats this platform has, with the people in each. */
  extraChats: Partial<Record<ExtraChat, readonly LogicalUser[]>>;
  /** As `say`, in any chat this platform has. */
  sayIn(user: LogicalUser, chat: AnyChat, line: string): Promise<Delivery[]>;
  /** `user` presses `button` of `on`, a delivery they saw, where it sits. */
  press(user: LogicalUser, on: Delivery, button: DeliveryButton): Promise<Delivery[]>;
  /** Answer and submit the form `user` opened last in `chat` (a modal, a dialogue). */
  fill?(user: LogicalUser, chat: AnyChat, answers: FormAnswers): Promise<Delivery[]>;
}

/** A named way of making a driver: `describe(make.name, …)`. */
export interface InteractiveDriverFactory {
  (): InteractiveDriver;
  readonly name: string;
}

/** Replace `{leader}`, `{member}` … in a line with the platform's reference to that user. */
export function expandUsers(line: string, refer: (user: LogicalUser) => string): string {
  return line.replace(/\{(admin|leader|member|liaison|outsider|deputy|supervisor)\}/g, (_, u: LogicalUser) => refer(u));
}

/** The logical user with a display name, if any. */
export function userByName(name: string): LogicalUser | undefined {
  return LOGICAL_USERS.find((u) => DISPLAY_NAMES[u] === name);
}

/**
 * The clock in the harness stands at 2026-11-25T09:00+08:00; `HH:MM` means the next such local time
 * after `now` (in +08:00, the default XC_TIMEZONE Asia/Shanghai, which has no DST).
 */
export function digestInstant(at: string, now: Date): Date {
  const hm = /^(\d{1,2}):(\d{2})$/.exec(at);
  if (!hm) return new Date(at);
  const local = new Date(now.getTime() + 8 * 3600_000);
  const day = local.toISOString().slice(0, 10);
  let when = new Date(`${day}T${hm[1]!.padStart(2, '0')}:${hm[2]}:00+08:00`);
  if (when.getTime() <= now.getTime()) when = new Date(when.getTime() + 24 * 3600_000);
  return when;
}

/** What the scheduler does at `at`: move the clock there, run the digest job, deliver the outbox. */
export async function runDigestJob(h: Harness, at: string): Promise<void> {
  const when = digestInstant(at, h.clock.now());
  h.clock.set(when);
  await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(when);
  await h.bot.flush();
}
