import { mkdir, writeFile } from 'node:fs/promises';
import { join, parse, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, AdapterHost } from '../../src/adapter.ts';
import type { Sender } from '../../src/outbox.ts';
import type { ChatRef, Outgoing, Reply, ReplyFile } from '../../src/types.ts';
import { consoleText, type ConsoleText } from './text.ts';

/** Options of the console adapter: its streams, whether it is a terminal, and who types first. */
export interface ConsoleOptions {
  /** With `flush`: what a command queued for others (a notice) is printed before the next prompt. */
  bot: AdapterHost & { flush(): Promise<void> };
  input: Readable;
  output: Writable;
  /** A terminal gets a prompt and history; otherwise every line is echoed as a transcript. */
  interactive: boolean;
  user: string;
  /** The store, as the one-line banner names it (no password). */
  store: string;
  filesDir: string;
  lang: 'zh' | 'en';
  history?: string[];
  onHistory?(history: string[]): void;
}

const COMMAND = /^[/／]([^\s@]*)(?:@\S*)?(.*)$/s;
const NAME = /^[^\s:/]{1,64}$/u;

/**
 * Save a file under `dir` without overwriting one already there: two exports in one second become
 * `name.xlsx` and `name-2.xlsx`. Returns the path written.
 */
async function saveNew(dir: string, name: string, data: Uint8Array): Promise<string> {
  const { name: stem, ext } = parse(name);
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    try {
      // 'wx' fails when the file exists, in the same call that creates it: no race with another writer.
      await writeFile(path, data, { flag: 'wx' });
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** The local console: a real platform over the same core, for trying xuncha with no account anywhere. */
export function createConsoleAdapter(options: ConsoleOptions) {
  const { bot, output } = options;
  const text: ConsoleText = consoleText(options.lang);
  let user = options.user;
  let group = 'main';
  let inDm = false;
  // A DM's chat id follows the user, so /as then /dm always talks to the bot privately.
  const chat = (): ChatRef => (inDm ? { id: `console:dm:${user}`, kind: 'dm' } : { id: `console:${group}`, kind: 'group' });
  const where = () => (inDm ? text.dmName : group);
  const print = (s: string) => output.write(`${s}\n`);

  /** A reply's actions as lines under it, `  [label] command`: typing the command is pressing the button. */
  const actionLines = (r: Pick<Reply, 'actions'>) => (r.actions ?? []).map((a) => `\n  [${a.label}] ${a.command}`).join('');

  /** Save a file under XC_FILES_DIR; the line that says where, for a file with words above it or alone. */
  async function save(file: ReplyFile, alone: boolean): Promise<string> {
    const dir = resolve(options.filesDir);
    await mkdir(dir, { recursive: true });
    const path = await saveNew(dir, file.name, file.data);
    return alone ? text.fileAlone(path, file.mime.startsWith('image/')) : text.fileSaved(path);
  }

  /**
   * A message as printed: its label (who sees it, where it goes), its words and buttons, and its file's
   * line. A file with no words (a chart) is a message of its own: under its label, its 〔图片〕 line alone.
   */
  async function message(label: string, r: Reply): Promise<string> {
    const lines = label ? [label] : [];
    const alone = !r.text.trim() && r.file !== undefined;
    if (!alone) lines.push(r.text + actionLines(r));
    if (r.file) lines.push(await save(r.file, alone));
    return lines.join('\n');
  }

  async function render(r: Reply): Promise<void> {
    print(await message(r.visibility === 'asker' ? text.onlyYou(user) : r.visibility === 'dm' ? text.toDm(user) : '', r));
  }

  /** Handle one line: a console command (/as, /chat, /dm) or a bot command. */
  async function handle(line: string): Promise<void> {
    const trimmed = line.trim();
    const match = COMMAND.exec(trimmed);
    if (!match) {
      print(text.notCommand);
      return;
    }
    const name = match[1]!.toLowerCase();
    const rest = match[2]!.trim();
    if (name === 'as') {
      if (!NAME.test(rest)) return void print(text.badName);
      user = rest;
      return void print(text.nowUser(user, where()));
    }
    if (name === 'chat') {
      if (!NAME.test(rest)) return void print(text.badName);
      group = rest;
      inDm = false;
      return void print(text.nowChat(rest));
    }
    if (name === 'dm') {
      inDm = true;
      return void print(text.nowDm);
    }
    const replies = await bot.dispatch({ platform: 'console', user: `console:${user}`, userName: user, chat: chat(), command: name, text: rest });
    for (const r of replies) await render(r);
    await bot.flush();
  }

  return {
    platform: 'console',
    /** What the bot sends on its own (digests, notices), printed with where it would go. */
    sender: {
      async send(out: Outgoing) {
        const label = 'chat' in out.to ? text.toChat(out.to.chat.slice('console:'.length)) : text.toDm(out.to.user.slice('console:'.length));
        // A notice's buttons as a reply's: the leader told of a review sees the one that signs it.
        print(`${await message(label, out.reply)}\n`);
      },
    } satisfies Sender,
    /** Nothing to connect: `run` reads the input, after the bot's jobs have started (a digest due now prints first). */
    start: async () => undefined,
    stop: async () => undefined,
    /** Read lines until the input ends. */
    async run(): Promise<void> {
      const rl = createInterface({
        input: options.input,
        output: options.interactive ? output : undefined,
        terminal: options.interactive,
        history: options.history,
        historySize: 500,
      });
      if (options.interactive) {
        print(text.welcome(options.store));
        rl.on('history', (h: string[]) => options.onHistory?.(h));
        rl.setPrompt(`[${where()}] ${user}> `);
        rl.prompt();
      }
      for await (const line of rl) {
        if (!options.interactive) {
          if (line.trim() === '') continue;
          print(`> ${line}`);
          if (line.trimStart().startsWith('#')) {
            print('');
            continue;
          }
        } else if (line.trim() === '') {
          rl.prompt();
          continue;
        }
        await handle(line);
        if (options.interactive) {
          rl.setPrompt(`[${where()}] ${user}> `);
          rl.prompt();
        } else {
          print('');
        }
      }
    },
  } satisfies Adapter & Record<string, unknown>;
}
