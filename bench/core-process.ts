/**
 * Child process: the core benchmarks over the seeded store (argv[2]), reported to run.ts over IPC.
 * Its RSS is that of a running bot, not of the bench's load generator: it loads what main.ts loads
 * with both Slack and Telegram configured (not exceljs, loaded at the first /export, nor Redis), and
 * run.ts bundles it as `npm run build` bundles main.ts and forks it with npm start's Node flags.
 */
import '../adapters/console/console.ts';
import '../adapters/http.ts';
import '../adapters/slack/slack.ts';
import '../adapters/telegram/telegram.ts';
import '../src/scheduler.ts';
import { checkSeed, measureCharts, measureDigests, measureDispatch, measureOverview, measureStoreOp, openCore } from './core.ts';

const file = process.argv[2];
const dispatches = Number(process.argv[3]);
if (!file || !dispatches) throw new Error('usage: core-process.ts <sqlite file> <dispatches>');

const { bot, store, config } = await openCore(file);
await checkSeed(bot, store);
const dispatch = await measureDispatch(bot, dispatches, 300);
const storeOp = await measureStoreOp(store, 1000);
const rssMb = process.memoryUsage().rss / 2 ** 20;
// Right after: the bot's RSS with charts drawn compares with the figure above.
const charts = await measureCharts(bot, 20);
const digest = await measureDigests(bot, config);
const overview = await measureOverview(bot, 5);
await store.close();
process.send?.({ dispatch, storeOp, rssMb, digest, overview, charts });
