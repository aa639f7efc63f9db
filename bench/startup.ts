/** Start-up time: the real process as `npm start` runs it, and the core's own wiring in-process. */
import { IDENTITIES } from '../adapters/index.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCommands } from '../commands/index.ts';
import { createBot } from '../src/bot.ts';
import { createClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createRuleIndex, loadRulebook } from '../src/rulebook/rulebook.ts';
import { createStore } from '../src/store/store.ts';
import { START } from '../test/helpers/start.ts';

/**
 * Node's own flags in `npm start` (package.json "start": `node <flags> dist/main.js`): a process that
 * stands in for the bot runs with them too.
 */
export const NODE_FLAGS: string[] = (() => {
  const script = START.args.at(-1);
  if (!script?.endsWith(join('dist', 'main.js'))) throw new Error(`unexpected start script: node ${START.args.join(' ')}`);
  return START.args.slice(0, -1);
})();

/**
 * Milliseconds from spawning what `npm start` runs after its build, `node <NODE_FLAGS> dist/main.js`
 * (console mode, `/help` piped in, an empty temp store), to its first output line, the echo of `/help`,
 * which it prints once it is ready. This is one Node start-up; npm's own and the build (build_ms) are not in it.
 */
export async function spawnStartup(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'xc-bench-start-'));
  try {
    // Only what the process needs: no platform tokens, and a cwd without the developer's .env.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      XC_STORE: `sqlite://${join(dir, 'store.sqlite')}`,
      XC_CONSOLE: 'on',
      LOG_FILE: join(dir, 'xuncha.log'),
      XC_FILES_DIR: join(dir, 'exports'),
    };
    const started = performance.now();
    const child = spawn(START.command, START.args, { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end('/help\n');
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const ms = await new Promise<number>((ok, fail) => {
      child.stdout.once('data', () => ok(performance.now() - started));
      child.once('exit', (code) => fail(new Error(`main.js exited (${code}) before printing: ${stderr}`)));
    });
    await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(undefined)));
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds of main.ts's wiring with the modules already loaded: config, rulebook, store, bot, first `/help`. */
export async function coreStartup(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'xc-bench-start-'));
  try {
    const started = performance.now();
    const config = loadConfig({ XC_STORE: `sqlite://${join(dir, 'store.sqlite')}`, LOG_LEVEL: 'silent' });
    const log = createLogger(config.logLevel);
    const rules = createRuleIndex(loadRulebook(config.rules));
    const store = await createStore(config.store, log);
    const bot = createBot({ config, store, clock: createClock(), log, rules, commands: allCommands, identities: IDENTITIES });
    const [reply] = await bot.dispatch({ platform: 'console', user: 'console:me', chat: { id: 'console:main', kind: 'group' }, command: 'help', text: '' });
    const ms = performance.now() - started;
    if (!reply || reply.error) throw new Error(`/help failed: ${reply?.text}`);
    await store.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
