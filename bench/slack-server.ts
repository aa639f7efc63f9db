/**
 * Child process for the Slack benchmark, so that the load generator, the server under test and the
 * stand-in Slack API each have their own event loop. `process.argv[2]` picks what it runs:
 * - `standin`: the stand-in Web API and response_url host (test/helpers/slack-api.ts);
 * - `xc`: our HTTP server and Slack adapter over a bot on a temp SQLite store, talking to the stand-in;
 * - `bare`: a Bolt App on its own HTTPReceiver, same signing secret, whose handler only acks.
 * It reports `{ url }` once listening, answers `cpu` (CPU use since the last `cpu`, in % of one core)
 * and `count` (response_url posts that carried the answer, stand-in only), and on `stop` waits for
 * work in flight.
 */
import { IDENTITIES } from '../adapters/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createHttpServer } from '../adapters/http.ts';
import { createSlackAdapter } from '../adapters/slack/slack.ts';
import { allCommands } from '../commands/index.ts';
import { createBot } from '../src/bot.ts';
import { createClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createRuleIndex, loadRulebook } from '../src/rulebook/rulebook.ts';
import { createStore } from '../src/store/store.ts';
import { startSlackStandIn } from '../test/helpers/slack-api.ts';
import { SLACK_SECRET } from './data.ts';
import { isAnswer } from './slack.ts';

type Message = 'cpu' | 'count' | 'stop';

async function start(mode: string, apiUrl: string | undefined): Promise<{ url: string; count?: () => number; stop(): Promise<void> }> {
  if (mode === 'standin') {
    const api = await startSlackStandIn();
    return { url: api.url, count: () => api.callsOf('respond').filter((c) => isAnswer(c.body)).length, stop: api.close };
  }
  if (!apiUrl) throw new Error('the stand-in URL is missing');
  const listening = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  if (mode === 'bare') {
    const receiver = new HTTPReceiver({ signingSecret: SLACK_SECRET, endpoints: '/slack/events' });
    const app = new App({ token: 'xoxb-bench', receiver, clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR });
    app.command(/.*/, async ({ ack }) => ack());
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    return { url: listening(server), stop: () => app.stop() as Promise<void> };
  }
  const dir = mkdtempSync(join(tmpdir(), 'xc-bench-slack-'));
  const config = loadConfig({
    XC_STORE: `sqlite://${join(dir, 'store.sqlite')}`,
    XC_ADMINS: 'slack:UADMIN',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: apiUrl,
    LOG_LEVEL: 'silent',
  });
  const log = createLogger('silent');
  const store = await createStore(config.store, log);
  const bot = createBot({ config, store, clock: createClock(), log, rules: createRuleIndex(loadRulebook()), commands: allCommands, identities: IDENTITIES });
  const adapter = createSlackAdapter({ bot, slack: config.slack!, log, families: [...new Set(allCommands.map((c) => c.family))] });
  bot.connect(adapter);
  const server = createHttpServer([adapter.route!]);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: listening(server),
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await adapter.idle();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const running = await start(process.argv[2] ?? '', process.argv[3]);
let cpuFrom = { usage: process.cpuUsage(), at: performance.now() };
process.on('message', (message: Message) => {
  if (message === 'cpu') {
    const usage = process.cpuUsage(cpuFrom.usage);
    const elapsedMs = performance.now() - cpuFrom.at;
    cpuFrom = { usage: process.cpuUsage(), at: performance.now() };
    process.send?.({ cpu: ((usage.user + usage.system) / 1000 / elapsedMs) * 100 });
  } else if (message === 'count') {
    process.send?.({ count: running.count?.() ?? 0 });
  } else if (message === 'stop') {
    void running.stop().then(() => process.send?.({ stopped: true }, () => process.exit(0)));
  }
});
process.send?.({ url: running.url });
