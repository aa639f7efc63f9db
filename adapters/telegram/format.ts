import type { Reply, ReplyAction } from '../../src/types.ts';

/** Telegram's limit for one message's text. */
export const MESSAGE_MAX = 4096;
/** Telegram's limit for a button's callback data, in bytes. */
const CALLBACK_MAX = 64;

/** Escape user text for Telegram's HTML parse mode: every <, > and & becomes an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cut one over-long line into escaped pieces that each fit `max`, never inside an entity. */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of line) {
    const escaped = escapeHtml(ch);
    if (piece.length + escaped.length > max) {
      pieces.push(piece);
      piece = '';
    }
    piece += escaped;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * A reply as Telegram HTML messages: the first line bold as its title, every text escaped, split at
 * 4,096 characters between lines (a line longer than that is cut, never inside a tag or an entity).
 */
export function toMessages(text: string, max = MESSAGE_MAX): string[] {
  const [title = '', ...rest] = text.split('\n');
  const lines = [...cutLine(title, max - '<b></b>'.length).map((t) => `<b>${t}</b>`), ...rest.flatMap((l) => (l === '' ? [''] : cutLine(l, max)))];
  const messages: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    if (current !== undefined && current.length + 1 + line.length > max) {
      messages.push(current);
      current = undefined;
    }
    current = current === undefined ? line : `${current}\n${line}`;
  }
  if (current !== undefined && current.trim() !== '') messages.push(current);
  return messages.length ? messages : [' '];
}

/** A reply's actions as an inline keyboard; the button carries its command, as short as Telegram allows. */
export function keyboard(actions: ReplyAction[] | undefined) {
  const buttons = (actions ?? [])
    .filter((a) => Buffer.byteLength(a.command) <= CALLBACK_MAX)
    .map((a) => ({ text: a.label, callback_data: a.command }));
  return buttons.length ? { inline_keyboard: [buttons] } : undefined;
}

/** Whether a reply should go to the asker alone. */
export function isPrivate(reply: Reply): boolean {
  return reply.visibility !== 'chat';
}
