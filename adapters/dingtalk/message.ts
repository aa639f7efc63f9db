import { z } from 'zod';
import type { ChatRef, UserId } from '../../src/types.ts';

/** The platform's name: the prefix of every DingTalk user (`dingtalk:<userId>`) and chat (`dingtalk:<conversationId>`). */
export const PLATFORM = 'dingtalk';

/**
 * A robot message as DingTalk delivers it: the body of an HTTP callback, or the `data` (a JSON string) of
 * a Stream CALLBACK frame on topic /v1.0/im/bot/messages/get; the fields are the same (the receive-message
 * doc; developerpedia docs/learn/stream/protocol.md; dingtalk-stream src/constants.ts RobotMessageBase).
 * Only what the adapter reads is declared; the rest passes through untouched.
 */
export const RobotMessageSchema = z.looseObject({
  msgId: z.string().min(1).max(200),
  msgtype: z.string(),
  text: z.looseObject({ content: z.string() }).optional(),
  /** "1": a one-to-one chat between a person and the robot; "2": a group. */
  conversationType: z.enum(['1', '2']),
  conversationId: z.string().min(1).max(200),
  /**
   * The sender's userId in the robot's organisation ("使用senderStaffId，作为发送者userid值"): what the
   * one-to-one send API takes. Empty for people outside it (an external group); `senderId` is an
   * encrypted id that no send API takes, so it is never used in its place.
   */
  senderStaffId: z.string().max(200).optional(),
  senderNick: z.string().max(200).optional(),
  /** Those the message @-mentions, the robot included (whose `dingtalkId` is `chatbotUserId`). */
  atUsers: z.array(z.looseObject({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).optional(),
  chatbotUserId: z.string().optional(),
  /** Where to answer this message in its conversation, without a token, until `sessionWebhookExpiredTime` (ms). */
  sessionWebhook: z.url({ protocol: /^https?$/ }).optional(),
  sessionWebhookExpiredTime: z.number().optional(),
});
export type RobotMessage = z.infer<typeof RobotMessageSchema>;

/** A command line: its family, and everything after it as typed. */
export interface CommandLine {
  command: string;
  text: string;
}

/**
 * The command line a message carries. In a group DingTalk removes the robot's own @mention and leaves
 * the space after it (" 测试数据" in protocol.md's sample, " 你好" in the receive-message doc), which the
 * trim takes off, as the official Python sample does (calcbot.py `text.content.strip()`); in a one-to-one
 * chat the whole text is the line. A leading `/` (or a full-width `／`) is optional: DingTalk has no slash
 * commands, and people type `finding list` as often as `/finding list`.
 */
export function commandLineOf(content: string): CommandLine | undefined {
  const line = /^[/／]?(\S+)\s*([\s\S]*)$/.exec(content.trim());
  if (!line) return undefined;
  return { command: line[1]!.toLowerCase(), text: line[2]! };
}

/** The people a message @-mentions by their userId, the robot left out. */
export function mentionedStaff(message: RobotMessage): string[] {
  const staff = (message.atUsers ?? []).filter((u) => u.staffId && u.dingtalkId !== message.chatbotUserId).map((u) => u.staffId!);
  return [...new Set(staff)];
}

/** `@name` as DingTalk writes a mention into the text: up to the next space. */
const MENTION = /(^|\s)[@＠]([^\s@＠]{1,64})(?=\s|$)/g;

/**
 * The command's text with a person's @mention written as their id, `dingtalk:<userId>`, which is what the
 * core reads as a person. DingTalk gives the mentioned people's userIds (`atUsers`) but not where each is
 * in the text, nor their names, so the pairing is made only when it cannot be wrong: one person mentioned
 * and one `@name` in the text. Otherwise the text stays as typed, and a name that is no id is refused by
 * the core as an unknown person rather than taken for someone else. (Whether DingTalk keeps other
 * people's @names in `text.content` is not documented; research notes §8.7.)
 */
export function withMentionsAsIds(text: string, staff: readonly string[]): { text: string; named?: { user: UserId; name: string } } {
  const names = [...text.matchAll(MENTION)];
  if (staff.length !== 1 || names.length !== 1) return { text };
  const [match] = names;
  const user = `${PLATFORM}:${staff[0]}`;
  const at = match!.index! + match![1]!.length;
  return { text: `${text.slice(0, at)}${user}${text.slice(at + match![0].length - match![1]!.length)}`, named: { user, name: match![2]! } };
}

/** Who wrote, as the core knows people: `dingtalk:<userId>`; undefined for someone outside the organisation. */
export function senderOf(message: RobotMessage): UserId | undefined {
  return message.senderStaffId ? `${PLATFORM}:${message.senderStaffId}` : undefined;
}

/** The chat a message was written in: a group, or the writer's one-to-one chat with the robot. */
export function chatOf(message: RobotMessage): ChatRef {
  return { id: `${PLATFORM}:${message.conversationId}`, kind: message.conversationType === '1' ? 'dm' : 'group' };
}
