import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createConsoleAdapter } from '../../adapters/console/console.ts';
import { createHarness, tempDir, type Harness } from '../helpers/harness.ts';
import {
  DISPLAY_NAMES, expandUsers, runDigestJob, userByName,
  type Delivery, type InteractiveDriver, type InteractiveDriverFactory, type LogicalChat, type LogicalUser,
} from './driver.ts';

/** The console's group chats: it starts in `main`, where the team is created. */
const GROUPS: Record<Exclude<LogicalChat, 'dm'>, string> = { team: 'main', other: '其他群' };

const ONLY = /^〔仅 (.+) 可见〕$/;
const DM = /^〔私信 → (.+)〕$/;
const TO_CHAT = /^〔发往群聊 (.+)〕$/;
const FILE = /^文件已保存：(.+)$/;
/** A file with no words, a message of its own (a chart's picture). */
const ALONE = /^〔(?:图片|文件)〕已保存：(.+)$/;
/** An action line under a reply: `  [复核] /finding review F-1`. */
const ACTION = /^ {2}\[(.+)\] (\/.+)$/;

/**
 * Read a piece of console transcript the way a person at the terminal would: a label line starts a
 * message for the one it names (〔仅 X 可见〕, 〔私信 → X〕) or for a group chat (〔发往群聊 X〕); a blank
 * line ends a message; unlabelled text is for everyone in the chat where it was typed (in a DM: for the
 * one typing); `文件已保存：…` attaches a file to the message above it; `〔图片〕已保存：…` is a picture with
 * no words: the message of the label just above it, else a message of its own in the chat where it was typed.
 */
export function parseConsole(block: string, where: { user: LogicalUser; chat: LogicalChat }): Delivery[] {
  const out: Delivery[] = [];
  let current: Delivery | undefined;
  const chatOf = (name: string): LogicalChat | undefined =>
    (Object.keys(GROUPS) as Array<keyof typeof GROUPS>).find((k) => GROUPS[k] === name);
  const start = (d: Delivery) => {
    current = d;
    out.push(d);
  };
  // Unlabelled: for everyone in the chat where the line was typed (in a DM: for the one typing).
  const here = (): Delivery => (where.chat === 'dm' ? { to: 'private', user: where.user, text: '', where: 'dm' } : { to: 'group', chat: where.chat, text: '', where: where.chat });
  for (const line of block.split('\n')) {
    let m: RegExpExecArray | null;
    if (line === '') current = undefined;
    // 〔仅 X 可见〕 is printed in the chat where the line was typed; 〔私信 → X〕 is X's own chat with the bot.
    else if ((m = ONLY.exec(line))) start({ to: 'private', user: userByName(m[1]!), text: '', where: where.chat });
    else if ((m = DM.exec(line))) start({ to: 'private', user: userByName(m[1]!), text: '', where: 'dm' });
    else if ((m = TO_CHAT.exec(line))) {
      const chat = chatOf(m[1]!);
      start({ to: 'group', chat, text: '', ...(chat && { where: chat }) });
    } else if ((m = ALONE.exec(line))) {
      if (current && !current.text && !current.file) current.file = basename(m[1]!);
      else start({ ...here(), file: basename(m[1]!) });
    } else if ((m = FILE.exec(line)) && current) current.file = basename(m[1]!);
    else {
      if (!current) start(here());
      current!.text = current!.text ? `${current!.text}\n${line}` : line;
      // An action line stays in the text (a person reads it there) and is a button too: typing its command presses it.
      const action = ACTION.exec(line);
      if (action) current!.buttons = [...(current!.buttons ?? []), { label: action[1]!, command: action[2]! }];
    }
  }
  return out;
}

/**
 * The console adapter over a real bot, fed through its input stream like `npm start < script`:
 * each `say` switches user and chat with the console's own `/as`, `/chat` and `/dm`, types the line,
 * then a comment line as an end marker, and reads back what was printed in between.
 */
export const consoleDriver: InteractiveDriverFactory = function consoleDriver(): InteractiveDriver {
  let h: Harness | undefined;
  let files: ReturnType<typeof tempDir> | undefined;
  let input: PassThrough | undefined;
  let running: Promise<void> | undefined;
  let printed = '';
  let seq = 0;
  const waiters = new Set<() => void>();

  /** The bytes of each file the console saved, read as the person would open it, before a later one of that name replaces it. */
  const withData = (ds: Delivery[]): Delivery[] => ds.map((d) => (d.file ? { ...d, data: readFileSync(join(files!.dir, d.file)) } : d));

  /** Type lines, then wait until the console has echoed the end marker; return what it printed. */
  async function type(lines: string[], from = printed.length): Promise<string> {
    const marker = `# contract-mark-${++seq}`;
    const echo = `> ${marker}\n`;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the console did not finish ${JSON.stringify(lines.map((l) => l.slice(0, 80)))}; printed: ${printed.slice(from, from + 2000)}`));
      }, 10_000);
      const check = () => {
        if (printed.indexOf(echo, from) < 0) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
    input!.write([...lines, marker].map((l) => `${l}\n`).join(''));
    await done;
    return printed.slice(from, printed.indexOf(echo, from));
  }

  const driver: InteractiveDriver = {
    name: 'console',
    async setup() {
      h = await createHarness({ env: { XC_ADMINS: `console:${DISPLAY_NAMES.admin}` } });
      files = tempDir();
      input = new PassThrough();
      const output = new PassThrough();
      output.setEncoding('utf8');
      output.on('data', (chunk: string) => {
        printed += chunk;
        for (const w of [...waiters]) w();
      });
      const adapter = createConsoleAdapter({ bot: h.bot, input, output, interactive: false, user: DISPLAY_NAMES.admin, store: 'sqlite://test', filesDir: files.dir, lang: 'zh' });
      h.bot.connect(adapter);
      running = adapter.run();
    },
    userId: (user) => `console:${DISPLAY_NAMES[user]}`,
    // The console has no chat between two people: every group chat is a bot's group chat.
    extraChats: {},
    sayIn(user, chat, line) {
      if (chat === 'human') throw new Error('the console has no direct message between two people');
      return driver.say(user, chat, line);
    },
    // A console "button" is its printed command: pressing it is typing that command where it was shown.
    press(user, on, button) {
      const chat = on.where ?? (on.to === 'group' ? on.chat : 'dm');
      if (!button.command || !chat || chat === 'human') return Promise.resolve([]);
      return driver.say(user, chat, button.command);
    },
    async say(user, chat, line) {
      const typed = expandUsers(line, (u) => DISPLAY_NAMES[u]);
      const moves = [`/as ${DISPLAY_NAMES[user]}`, chat === 'dm' ? '/dm' : `/chat ${GROUPS[chat]}`];
      const text = await type([...moves, typed]);
      // Skip the echoes of the moves: what follows the typed line's own echo is its answer.
      const afterMoves = text.indexOf(`> ${moves[1]}\n`) + moves[1]!.length + 3;
      const echo = `> ${typed}\n`;
      const at = text.indexOf(echo, afterMoves);
      if (at < 0) throw new Error(`the console did not echo ${typed.slice(0, 80)}`);
      return withData(parseConsole(text.slice(at + echo.length), { user, chat }));
    },
    async digest(at) {
      const from = printed.length;
      await runDigestJob(h!, at);
      // The sender has printed by now; the marker makes sure every chunk has been read.
      const text = await type([], from);
      return withData(parseConsole(text, { user: 'admin', chat: 'team' }));
    },
    store: () => h!,
    async close() {
      input?.end();
      await running;
      await h?.dispose();
      files?.cleanup();
    },
  };
  return driver;
};
