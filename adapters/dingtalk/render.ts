import type { Form } from '../../src/forms.ts';
import type { Messages } from '../../src/i18n/index.ts';
import type { Reply, ReplyAction } from '../../src/types.ts';
import type { DingTalkText } from './text.ts';

/**
 * One message as the adapter sends it: markdown, or an ActionCard (markdown with buttons). The same
 * message goes either through a conversation's sessionWebhook or through the robot's send APIs, each
 * with its own body (`toSessionBody`, `toRobotMessage`).
 */
export type DingTalkMessage =
  | { kind: 'markdown'; title: string; text: string }
  | { kind: 'actionCard'; title: string; text: string; buttons: Array<{ title: string; url: string }> };

/**
 * The send APIs cap `msgParam` at 15,000 bytes (groupMessages/send doc); JSON escaping and the title
 * take their share, so a message's text stays under this many UTF-8 bytes and a longer reply is sent as
 * several messages, split between lines.
 */
const TEXT_MAX_BYTES = 10_000;
/** The title is what the conversation list and the notification show; DingTalk gives no limit, this keeps it one line. */
const TITLE_MAX = 40;
/**
 * ActionCard buttons: at most 5 (sampleActionCard2…5), titles "建议" 20 characters at most (the
 * message-type doc); more buttons than that stay as the typed commands in the text.
 */
const BUTTONS_MAX = 5;
const BUTTON_TITLE_MAX = 20;
/** The options of a form field listed when a form is shown as text. */
const FORM_OPTIONS_MAX = 20;

/**
 * Characters that start markup in DingTalk's markdown (headings, quotes, emphasis, links and images,
 * HTML such as <font>), each replaced by its full-width twin. DingTalk documents its markdown only as
 * "a subset" with no word on escaping (research notes §3.8, §8.11), so a backslash might show instead
 * of escaping; a full-width character is never markup, whatever the parser, and reads the same in
 * Chinese text. Typed text can then neither pose as the bot's formatting nor link or load an image.
 */
const MARKUP: Readonly<Record<string, string>> = {
  '*': '＊', _: '＿', '`': '｀', '[': '［', ']': '］', '<': '＜', '>': '＞', '#': '＃', '~': '～', '|': '｜',
};
const MARKUP_CHARS = /[*_`[\]<>#~|]/g;

/** Text as DingTalk markdown shows it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKUP_CHARS, (ch) => MARKUP[ch]!);
}

/**
 * Lines as markdown that keeps them as lines: markdown joins lines into a paragraph unless a line ends
 * with two spaces (DingTalk's doc suggests spaces around each \n for the same reason), and leading spaces
 * (an indented line; four of them make a code block) become no-break spaces, which markdown keeps.
 */
function asLines(lines: string[]): string {
  return lines.map((line) => line.replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length)) + (line === '' ? '' : '  ')).join('\n');
}

/** Cut escaped lines into texts of at most TEXT_MAX_BYTES (a single longer line is cut too). */
function pages(lines: string[]): string[][] {
  const out: string[][] = [];
  let page: string[] = [];
  let size = 0;
  const push = (line: string) => {
    const bytes = Buffer.byteLength(line) + 3;
    if (page.length && size + bytes > TEXT_MAX_BYTES) {
      out.push(page);
      page = [];
      size = 0;
    }
    page.push(line);
    size += bytes;
  };
  for (const line of lines) {
    if (Buffer.byteLength(line) <= TEXT_MAX_BYTES) push(line);
    else for (let at = 0; at < line.length; at += TEXT_MAX_BYTES / 4) push(line.slice(at, at + TEXT_MAX_BYTES / 4));
  }
  if (page.length) out.push(page);
  return out;
}

/**
 * The link behind a button: `dtmd://dingtalkclient/sendMessage?content=…` makes DingTalk send `content`
 * into the conversation as the person who pressed it, so the robot receives the command as if they had
 * typed it, from their own account, and the core checks their role as for a typed line. DingTalk
 * documents no other way for an ActionCard button to reach a robot (its URLs are only "opened on
 * click"; callbacks exist for interactive cards, which need a card template). The scheme is not in
 * DingTalk's docs, only in wide use (research notes §4), so every command also stays in the text to type.
 */
export function sendMessageLink(command: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(command)}`;
}

/** A button's title within DingTalk's suggested length. */
function buttonTitle(label: string): string {
  return label.length > BUTTON_TITLE_MAX ? `${label.slice(0, BUTTON_TITLE_MAX - 1)}…` : label;
}

/** Each action as a line to type: `复核：/finding review F-1`. */
function actionLines(actions: readonly ReplyAction[], t: DingTalkText): string[] {
  return actions.map((a) => t.typeCommand(a.label, a.command));
}

/**
 * A reply as DingTalk messages: the first line bold, as its title; every text escaped; its actions as
 * commands to type and, where `buttons` (a one-to-one chat: in a group, a message a button sends does
 * not @ the robot, so the robot may never see it, notes §8.1), as ActionCard buttons on the last message.
 */
export function toMessages(reply: Pick<Reply, 'text' | 'actions'>, t: DingTalkText, options: { buttons: boolean }): DingTalkMessage[] {
  const [first = '', ...rest] = reply.text.split('\n');
  const title = first.trim() === '' ? ' ' : first;
  const actions = reply.actions ?? [];
  const lines = [`**${escapeMarkdown(title)}**`, ...rest.map(escapeMarkdown), ...(actions.length ? ['', ...actionLines(actions, t).map(escapeMarkdown)] : [])];
  const texts = pages(lines).map(asLines);
  const heading = title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title;
  return texts.map((text, i): DingTalkMessage => {
    const last = i === texts.length - 1;
    if (!last || !options.buttons || !actions.length) return { kind: 'markdown', title: heading, text };
    const buttons = actions.slice(0, BUTTONS_MAX).map((a) => ({ title: buttonTitle(a.label), url: sendMessageLink(a.command) }));
    return { kind: 'actionCard', title: heading, text, buttons };
  });
}

/**
 * A form as text: DingTalk gives a robot no modal and no input field, so the person gets the command's
 * usage and each field with its choices, and types the whole command. The choices were let through the
 * gate for a private reply (`formShownIn: 'private'`), and this reply goes to the asker alone.
 */
export function formAsText(form: Form, t: Messages, dt: DingTalkText): Reply {
  const usage = form.usage ?? `/${form.command}`;
  const fields = form.fields.map((f) => {
    const choices = (f.options ?? []).slice(0, FORM_OPTIONS_MAX).map((o) => o.label);
    return `${f.label}${f.optional ? dt.optional : ''}${choices.length ? `：${t.list(choices)}` : ''}`;
  });
  return { text: [dt.formAsText(form.title), usage, ...fields].join('\n'), visibility: 'asker', quotes: [] };
}

/** A message as the body of a post to a sessionWebhook (the custom robot's formats: the message-type doc, "Webhook方式"). */
export function toSessionBody(message: DingTalkMessage): Record<string, unknown> {
  if (message.kind === 'markdown') return { msgtype: 'markdown', markdown: { title: message.title, text: message.text } };
  const [single, ...more] = message.buttons;
  const buttons = more.length
    ? { btnOrientation: '0', btns: message.buttons.map((b) => ({ title: b.title, actionURL: b.url })) }
    : { singleTitle: single!.title, singleURL: single!.url };
  return { msgtype: 'actionCard', actionCard: { title: message.title, text: message.text, ...buttons } };
}

/**
 * A message as the send APIs take it: a msgKey and its msgParam (the message-type doc's table:
 * sampleMarkdown {title, text}; sampleActionCard {title, text, singleTitle, singleURL} for one button;
 * sampleActionCard2…5 {title, text, actionTitle1, actionURL1, …} for two to five, spelt `actionURL` as
 * the doc spells it).
 */
export function toRobotMessage(message: DingTalkMessage): { msgKey: string; msgParam: Record<string, string> } {
  if (message.kind === 'markdown') return { msgKey: 'sampleMarkdown', msgParam: { title: message.title, text: message.text } };
  const { title, text, buttons } = message;
  if (buttons.length === 1) return { msgKey: 'sampleActionCard', msgParam: { title, text, singleTitle: buttons[0]!.title, singleURL: buttons[0]!.url } };
  const params: Record<string, string> = { title, text };
  buttons.forEach((b, i) => {
    params[`actionTitle${i + 1}`] = b.title;
    params[`actionURL${i + 1}`] = b.url;
  });
  return { msgKey: `sampleActionCard${buttons.length}`, msgParam: params };
}

/** File types the sampleFile message takes (the message-type doc): anything else cannot be sent as a file. */
const FILE_TYPES = new Set(['xlsx', 'pdf', 'zip', 'rar', 'doc', 'docx']);

/** The sampleFile `fileType` of a file name, if DingTalk takes that type. */
export function fileTypeOf(name: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext && FILE_TYPES.has(ext) ? ext : undefined;
}
