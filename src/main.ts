/** The composition root: the one file that wires config, store, core, commands and adapters. */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createConsoleAdapter } from '../adapters/console/console.ts';
import { consoleHistory } from '../adapters/console/history.ts';
import { createHttpServer } from '../adapters/http.ts';
import { IDENTITIES, PLATFORMS } from '../adapters/index.ts';
import { allCommands } from '../commands/index.ts';
import type { Adapter } from './adapter.ts';
import { createBot } from './bot.ts';
import { createClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { useHolidays } from './dates.ts';
import { createDigestJob } from './digest.ts';
import { HolidayFileError, loadHolidays } from './holidays.ts';
import { startupLang, startupMessage, startupTexts } from './i18n/startup.ts';
import { createLogger } from './logger.ts';
import { createOfficeDigestJob } from './office-digest.ts';
import { createRuleIndex, loadRulebook, RulebookError } from './rulebook/rulebook.ts';
import { createScheduler } from './scheduler.ts';
import { createSecrecyJob } from './secrecy.ts';
import { createStore, StoreError } from './store/store.ts';
import { loadTaxonomy, TaxonomyError } from './taxonomy.ts';

const HISTORY_FILE = 'data/console-history';
/**
 * How long a stop may take before the process exits anyway: a platform that no longer answers (its
 * last long poll, an API call retried with backoff) must not keep a stopped bot alive. What was not yet
 * delivered waits in the outbox, and every saved record is already committed.
 */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  // The console owns the terminal, so its logs go to a file unless LOG_FILE says otherwise.
  const log = createLogger(config.logLevel, config.logFile ?? (config.console ? 'data/xuncha.log' : undefined));
  const rules = createRuleIndex(loadRulebook(config.rules));
  if (config.holidays) useHolidays(loadHolidays(config.holidays));
  const taxonomy = loadTaxonomy(config.taxonomy);
  const store = await createStore(config.store, log, { key: config.encryptionKey });
  const clock = createClock(config.now);
  const bot = createBot({ config, store, clock, log, rules, taxonomy, commands: allCommands, identities: IDENTITIES });
  const deps = { services: bot.services, config, t: bot.t };
  // Each tick also delivers what the outbox holds, so a failed delivery is retried a minute later.
  const jobs = [createDigestJob(deps), createSecrecyJob(deps), createOfficeDigestJob(deps), { name: 'outbox', run: () => bot.flush() }];
  const scheduler = createScheduler({ clock, timeZone: config.timeZone, log, jobs });

  const families = [...new Set(allCommands.map((c) => c.family))];
  const adapters: Adapter[] = [];
  for (const entry of PLATFORMS.filter((p) => p.enabled(config))) {
    const adapter = (await entry.load())({ bot, config, log, families });
    bot.connect(adapter);
    adapters.push(adapter);
  }
  // Listening before any adapter starts: starting registers a webhook, and the platform may deliver to
  // it at once (Telegram did, in tests, before the port was open).
  const routes = adapters.flatMap((a) => (a.route ? [a.route] : []));
  let server: Server | undefined;
  if (routes.length) {
    server = createHttpServer(routes, {
      async health() {
        const h = await store.health();
        if (!h.ok) log.error({ code: h.code, detail: h.detail }, 'health check: the store cannot be written');
        return h;
      },
    });
    await new Promise<void>((resolve) => server!.listen(config.port, resolve));
    log.info({ port: config.port }, 'http listening');
  }
  for (const adapter of adapters) await adapter.start();

  let stopping = false;
  async function shutdown(code = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      log.warn({ ms: SHUTDOWN_GRACE_MS }, 'stopping took too long; exiting');
      log.flush();
      process.exit(code);
    }, SHUTDOWN_GRACE_MS).unref();
    await scheduler.stop();
    for (const adapter of adapters) await adapter.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await bot.flush();
    await store.close();
    log.flush();
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  // A reader gone away (`npm start | head`) ends the bot as the end of its input does, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    void shutdown();
  });
  // A platform SDK's background work (a Socket Mode reconnect refused for good, say) may reject with
  // no one to catch it: Node would end the process, and with it every other platform and the digest.
  process.on('unhandledRejection', (reason) => {
    log.error({ err: { name: (reason as Error)?.name, message: (reason as Error)?.message } }, 'unhandled rejection; the bot carries on');
  });

  const interactive = Boolean(process.stdin.isTTY);
  // The store as the log and the console's banner name it: a password in its URL is not shown.
  const storeName = config.store.replace(/\/\/.*@/, '//***@');
  const history = config.console ? consoleHistory(HISTORY_FILE, { encrypted: Boolean(config.encryptionKey), log }) : undefined;
  const console = history
    ? createConsoleAdapter({
        bot,
        input: process.stdin,
        output: process.stdout,
        interactive,
        user: config.consoleUser,
        store: storeName,
        filesDir: config.filesDir,
        lang: config.lang,
        history: interactive ? history.load() : [],
        onHistory: history.save,
      })
    : undefined;
  // Registered before the first tick, so a digest due at start-up is printed first.
  if (console) bot.connect(console);
  await scheduler.start();
  log.info({ store: storeName, rules: rules.size, console: config.console }, 'started');
  if (!console) return;
  await console.run();
  // The console alone ends with its input; beside a platform, the bot keeps serving it.
  if (adapters.length === 0) await shutdown();
}

main().catch((err: unknown) => {
  // Configuration and data-file mistakes are the operator's to fix: what is wrong and what to do, no
  // stack trace, in the language XC_LANG names (read as set: a wrong XC_LANG is itself such a mistake).
  const lang = startupLang(process.env);
  if (err instanceof ConfigError || err instanceof RulebookError || err instanceof HolidayFileError || err instanceof TaxonomyError || err instanceof StoreError) {
    process.stderr.write(`xuncha: ${startupMessage(err, lang)}\n`);
  } else {
    process.stderr.write(`xuncha: ${startupTexts(lang).failed((err as Error)?.message ?? String(err))}\n`);
  }
  process.exitCode = 1;
});
