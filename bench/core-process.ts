/**
 * Child process: the core benchmarks over the seeded store (argv[2]), reported to run.ts over IPC.
 * Its RSS is that of a running bot, not of the bench's load generator: it loads what main.ts loads
 * with both Slack and Telegram configured (not exceljs, loaded at the first /export, nor Redis) and
 * runs with npm start's Node flags.
 */
import '../adapters/console/console.ts';
import '../adapters/http.ts';
import '../adapters/slack/slack.ts';
import '../adapters/telegram/telegram.ts';
import '../src/scheduler.ts';
import { checkSeed, measureDigests, measureDispatch, measureStoreOp, openCore } from './core.ts';
import { NODE_FLAGS } from './startup.ts';

const file = process.argv[2];
const dispatches = Number(process.argv[3]);
if (!file || !dispatches) throw new Error('usage: core-process.ts <sqlite file> <dispatches>');
// Without them (the young generation's size, say) the RSS measured would not be the deployed bot's.
const missing = NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
if (missing.length) throw new Error(`fork core-process.ts with npm start's Node flags (NODE_FLAGS); missing: ${missing.join(' ')}`);

const { bot, store, config } = await openCore(file);
await checkSeed(bot, store);
const dispatch = await measureDispatch(bot, dispatches, 300);
const storeOp = await measureStoreOp(store, 1000);
const rssMb = process.memoryUsage().rss / 2 ** 20;
const digest = await measureDigests(bot, config);
await store.close();
process.send?.({ dispatch, storeOp, rssMb, digest });
