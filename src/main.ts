/** The composition root: the one file that wires config, store, core, commands and adapters. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createConsoleAdapter } from '../adapters/console/console.ts';
import { allCommands } from '../commands/index.ts';
import { createBot } from './bot.ts';
import { createClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDigestJob } from './digest.ts';
import { createLogger } from './logger.ts';
import { createRuleIndex, loadRulebook, RulebookError } from './rulebook/rulebook.ts';
import { createScheduler } from './scheduler.ts';
import { createSecrecyJob } from './secrecy.ts';
import { createStore, StoreError } from './store/store.ts';

const HISTORY_FILE = 'data/console-history';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  // The console owns the terminal, so its logs go to a file unless LOG_FILE says otherwise.
  const log = createLogger(config.logLevel, config.logFile ?? 'data/xuncha.log');
  const rules = createRuleIndex(loadRulebook(config.rules));
  const store = await createStore(config.store, log);
  const clock = createClock(config.now);
  const bot = createBot({ config, store, clock, log, rules, commands: allCommands });
  const deps = { services: bot.services, config, t: bot.t };
  const jobs = [createDigestJob(deps), createSecrecyJob(deps)];
  // Each tick also delivers what the outbox holds, so a failed delivery is retried a minute later.
  const scheduler = createScheduler({ clock, timeZone: config.timeZone, log, jobs: [...jobs, { name: 'outbox', run: () => bot.flush() }] });
  log.info({ store: config.store.replace(/\/\/.*@/, '//***@'), rules: rules.size }, 'started');

  const interactive = Boolean(process.stdin.isTTY);
  const history = interactive && existsSync(HISTORY_FILE) ? readFileSync(HISTORY_FILE, 'utf8').split('\n').filter(Boolean) : [];
  const console = createConsoleAdapter({
    bot,
    input: process.stdin,
    output: process.stdout,
    interactive,
    user: config.consoleUser,
    filesDir: config.filesDir,
    lang: config.lang,
    history,
    onHistory: (h) => writeFileSync(HISTORY_FILE, h.join('\n')),
  });
  bot.services.outbox.register('console', console.sender);
  await scheduler.start();
  await console.run();
  await scheduler.stop();
  await bot.flush();
  await store.close();
  log.flush();
}

main().catch((err: unknown) => {
  // Configuration and data-file mistakes are the operator's to fix: one sentence, no stack trace.
  if (err instanceof ConfigError || err instanceof RulebookError || err instanceof StoreError) {
    process.stderr.write(`xuncha: ${err.message}\n`);
  } else {
    process.stderr.write(`xuncha: could not start: ${(err as Error)?.message ?? String(err)}\n`);
  }
  process.exitCode = 1;
});
