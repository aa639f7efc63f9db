/** Core types shared by the core, the commands and the adapters: nothing here knows a platform's API. */
import type { Chart } from './chart.ts';
import type { Quote } from './visibility.ts';

export type { Quote };

/**
 * A platform's name (`console`, `slack`, `telegram`, `dingtalk`): the prefix of every user and chat
 * address on it. The core knows none by name; adapters/index.ts lists them.
 */
export type Platform = string;

/** A user across platforms: `slack:U123`, `telegram:42`, `console:me`. */
export type UserId = string;

/** A chat across platforms: `slack:C123`, `telegram:-1001`, `console:main`. */
export type ChatId = string;

/**
 * Where a command was typed: a group chat (bindable to a team); the bot's own direct message with the
 * asker, as the platform defines it; or an unbound chat, a conversation between people (a Slack DM
 * between two users) that can never be bound and sees no team data.
 */
export interface ChatRef {
  id: ChatId;
  kind: 'group' | 'dm' | 'unbound';
}

/** One command as a user typed it, after the adapter has verified and unwrapped the platform payload. */
export interface Incoming {
  platform: Platform;
  user: UserId;
  /** The user's display name on the platform, remembered for cards and lists. */
  userName?: string;
  chat: ChatRef;
  /** The command family without slash or bot name, lower case: `finding`. */
  command: string;
  /** Everything after the command name, as typed. */
  text: string;
  /** The platform payload, opaque to the core. */
  raw?: unknown;
  /**
   * The platform's id of this delivery (a Telegram update_id, a Slack trigger_id or Socket Mode envelope,
   * a DingTalk msgId): a change it made is recorded with it, so a re-delivery never makes it twice.
   */
  deliveryId?: string;
}

/**
 * Who may see a reply: everyone in the chat, only the asker (Slack ephemeral, a Telegram DM,
 * marked in the console), or a direct message to the asker.
 */
export type Visibility = 'chat' | 'asker' | 'dm';

/** A file a reply carries, such as the exported workbook. */
export interface ReplyFile {
  name: string;
  mime: string;
  data: Uint8Array;
}

/** A button: pressing it runs `command` as the presser, with the same role checks as typing it. */
export interface ReplyAction {
  label: string;
  command: string;
  style?: 'primary' | 'danger';
}

/** A platform-neutral answer; each adapter renders it in its platform's idiom. */
export interface Reply {
  text: string;
  visibility: Visibility;
  /**
   * What the text, buttons and file quote of the team's records. The gate on the way out lets the
   * reply out only where everyone who will see it may read all of it: a command cannot choose.
   */
  quotes: Quote[];
  /** How the gate records in the audit log the clues this reply shows: read, or exported in a file. */
  clueRead?: 'read-clue' | 'export';
  file?: ReplyFile;
  /** A picture, drawn to a PNG `file` by the core on the reply's way out (src/chart.ts): adapters see only the file. */
  chart?: Chart;
  actions?: ReplyAction[];
  /** Set on refusals and errors, so adapters can render them quietly (ephemeral in Slack). */
  error?: boolean;
  /** With an error: the argument it is about, for showing it beside a form field. */
  field?: string;
}

/** A message the bot sends on its own (digest, notifications) to a chat or to a user. */
export interface Outgoing {
  to: { chat: ChatId } | { user: UserId };
  reply: Reply;
}
