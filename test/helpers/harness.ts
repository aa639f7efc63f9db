import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { IDENTITIES } from '../../adapters/index.ts';
import { allCommands } from '../../commands/index.ts';
import { createBot, type Bot } from '../../src/bot.ts';
import { fixedClock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { createRuleIndex, loadRulebook } from '../../src/rulebook/rulebook.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { loadTaxonomy } from '../../src/taxonomy.ts';
import type { Rectification } from '../../src/rectification.ts';
import type { ChatRef, Incoming, Outgoing, Reply } from '../../src/types.ts';
import { recordSent } from './replies.ts';

/** A fresh folder under the system temp dir, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'xc-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const rules = createRuleIndex(loadRulebook());

/** One bot over a real SQLite file in a temp folder, with a fixed clock and captured logs. */
export interface Harness {
  bot: Bot;
  store: Store;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  log: Logger;
  file: string;
  /** Every log line written, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Run a command line (e.g. `/finding add x --unit y`) as a console user in a chat. */
  say(user: string, line: string, chat?: ChatRef | string): Promise<Reply[]>;
  /** Same as `say`, returning the single reply's text (fails if there is not exactly one reply). */
  text(user: string, line: string, chat?: ChatRef | string): Promise<string>;
  /** Close the store (keep the file), e.g. before reopening it. */
  close(): Promise<void>;
  /** Close the store and delete its folder. */
  dispose(): Promise<void>;
}

export const GROUP: ChatRef = { id: 'console:main', kind: 'group' };
export const dm = (user: string): ChatRef => ({ id: `console:dm:${user}`, kind: 'dm' });

/** Turn a typed line into what the console adapter would hand the core. */
export function incoming(user: string, line: string, chat: ChatRef = GROUP): Incoming {
  const m = /^\/(\S+)\s*(.*)$/s.exec(line);
  if (!m) throw new Error(`not a command line: ${line}`);
  return { platform: 'console', user: `console:${user}`, userName: user, chat, command: m[1]!, text: m[2]! };
}

/** Open a bot on `file` (a new temp file by default); admins default to console:admin. */
export async function createHarness(options: { file?: string; env?: Record<string, string>; now?: string } = {}): Promise<Harness> {
  const tmp = options.file ? undefined : tempDir();
  const file = options.file ?? join(tmp!.dir, 'xuncha.sqlite');
  const config = loadConfig({ XC_ADMINS: 'console:admin', XC_STORE: `sqlite://${file}`, LOG_LEVEL: 'info', ...options.env });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  // LOG_LEVEL (info unless a test sets it) decides what is captured: a test can log at debug to see what would leak.
  const log = createLogger(config.logLevel, undefined, sink);
  const store = await createStore(config.store, log, { key: config.encryptionKey });
  const clock = fixedClock(options.now ?? '2026-11-25T09:00:00+08:00');
  const bot = createBot({ config, store, clock, log, rules, taxonomy: loadTaxonomy(config.taxonomy), commands: allCommands, identities: IDENTITIES });
  const toChat = (chat?: ChatRef | string): ChatRef | undefined =>
    typeof chat === 'string' ? { id: `console:${chat}`, kind: 'group' } : chat;
  let closed = false;
  const h: Harness = {
    bot, store, clock, config, log, file, logs,
    say: (user, line, chat) => bot.dispatch(incoming(user, line, toChat(chat))),
    async text(user, line, chat) {
      const replies = await h.say(user, line, chat);
      if (replies.length !== 1) throw new Error(`expected one reply to ${line}, got ${replies.length}`);
      return replies[0]!.text;
    },
    async close() {
      if (closed) return;
      closed = true;
      await store.close();
    },
    async dispose() {
      await h.close();
      tmp?.cleanup();
    },
  };
  return h;
}

/**
 * A team ready for work, bound to console:main: units 城关镇 and 东关村; leader 组长, deputy 副组长,
 * members 组员 and 组员二, liaison 联络员 (城关镇); admin is console:admin.
 */
export async function withTeam(h: Harness): Promise<void> {
  const setup = [
    '/team create 第一巡察组',
    '/team unit add 城关镇',
    '/team unit add 东关村',
    '/team add 组长 leader',
    '/team add 副组长 deputy',
    '/team add 组员 member',
    '/team add 组员二 member',
    '/team add 联络员 liaison --unit 城关镇',
  ];
  for (const line of setup) {
    const [r] = await h.say('admin', line);
    if (r?.error) throw new Error(`setup failed at ${line}: ${r.text}`);
  }
}

/** A harness with the standard team (withTeam), the team's id, and every message the bot sends, recorded. */
export async function createTeamHarness(env?: Record<string, string>): Promise<{ h: Harness; teamId: string; sent: Outgoing[] }> {
  const h = await createHarness({ env });
  await withTeam(h);
  const sent = recordSent(h);
  const team = await h.bot.services.teams.byName('第一巡察组');
  return { h, teamId: team!.id, sent };
}

/** A rectification task stored directly, for tests of what reads tasks (export, statistics, digest). */
export function storeTask(h: Harness, teamId: string, fields: Partial<Omit<Rectification, 'n'>>): Promise<Rectification> {
  return h.bot.services.rectifications.add({
    team: teamId, finding: 1, unit: '城关镇', measure: '整改措施', owner: 'console:组员', due: '2026-12-10', immediate: false,
    state: 'open', progress: [], extensions: [], followUps: [], createdAt: '2026-11-25T01:00:00.000Z', createdBy: 'console:组长', history: [],
    ...fields,
  });
}

/** For a test file: `setup()` gives a fresh team harness; every one it gave is disposed after each test. */
export function useTeamHarness() {
  const opened: Harness[] = [];
  afterEach(async () => {
    for (const h of opened.splice(0)) await h.dispose();
  });
  return async (env?: Record<string, string>) => {
    const t = await createTeamHarness(env);
    opened.push(t.h);
    return t;
  };
}
