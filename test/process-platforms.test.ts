import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/harness.ts';
import { START } from './helpers/start.ts';
import { startSlackStandIn } from './helpers/slack-api.ts';
import { startBotApiStandIn } from './helpers/telegram-api.ts';
import { slashCommand } from './helpers/slack-payloads.ts';
import { postSlack, signSlackRequest } from './helpers/slack-sign.ts';

const SECRET = 'process-test-signing-secret';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start the real entry point with only these environment variables (and a store and log in `dir`). */
function startBot(dir: string, env: Record<string, string>): ChildProcess {
  const { PATH, HOME } = process.env;
  return spawn(START.command, START.args, {
    env: { PATH, HOME, XC_STORE: `sqlite://${join(dir, 'x.sqlite')}`, LOG_FILE: join(dir, 'x.log'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Each test's bot process, stand-in and folder: stopped and removed after the test. */
let child: ChildProcess | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
/** SIGTERM, and resolve with the exit code once the process has exited. */
function stop(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return Promise.resolve(proc.exitCode);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.kill('SIGTERM');
  return exited;
}

afterEach(async () => {
  // Stopped while its stand-in still answers; a bot that never exits fails the test on its timeout.
  if (child) await stop(child);
  child = undefined;
  for (const clean of cleanups.splice(0)) await clean();
});
function track<T extends { close(): Promise<void> }>(standIn: T): T {
  cleanups.push(() => standIn.close());
  return standIn;
}
function folder(): string {
  const d = tempDir();
  cleanups.push(() => d.cleanup());
  return d.dir;
}

describe('npm start with Slack, configured only by environment variables', () => {
  it('serves signed slash commands over HTTP, answers /healthz and refuses a forged request', async () => {
    const api = track(await startSlackStandIn());
    const dir = folder();
    const port = await freePort();
    child = startBot(dir, {
      SLACK_BOT_TOKEN: 'xoxb-process-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.url,
      PORT: String(port),
      XC_ADMINS: 'slack:UADMIN',
    });
    const base = `http://127.0.0.1:${port}`;
    const health = await until(async () => {
      const res = await fetch(`${base}/healthz`);
      return res.ok ? res.text() : undefined;
    });
    expect(health).toBe('ok');

    const body = slashCommand({ command: '/team', text: 'create 第一巡察组', user_id: 'UADMIN', channel_id: 'C0TEAM', response_url: api.responseUrl('1') });
    const ok = await postSlack(`${base}/slack/events`, body, signSlackRequest(body, SECRET));
    expect(ok.status).toBe(200);
    // A quick answer comes in the acknowledgement; a slow one (a cold start on a busy machine) via response_url.
    const answer = ok.body ? (JSON.parse(ok.body) as Record<string, unknown>) : (await api.waitFor((c) => c.method === 'respond' && c.id === '1', 15_000)).body;
    expect(answer).toMatchObject({ response_type: 'in_channel' });
    expect(String(answer.text)).toContain('已新建巡察组「第一巡察组」');

    const forged = await postSlack(`${base}/slack/events`, body, signSlackRequest(body, 'not-the-secret'));
    expect(forged.status).toBe(401);
  });
});

describe('npm start with Telegram by webhook, configured only by environment variables', () => {
  it('publishes its menus and webhook, answers an update with the secret and refuses one without', async () => {
    const api = track(await startBotApiStandIn());
    const dir = folder();
    const port = await freePort();
    child = startBot(dir, {
      TELEGRAM_BOT_TOKEN: '123456:process-test-token-abcdefgh',
      TELEGRAM_API_ROOT: api.root,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: 'hook-secret',
      PORT: String(port),
      XC_ADMINS: 'telegram:1001',
    });
    const hook = await api.waitFor((c) => c.method === 'setWebhook');
    expect(hook.payload).toMatchObject({ url: 'https://bot.example.org/telegram/hook', secret_token: 'hook-secret' });
    const scopes = api.calls.filter((c) => c.method === 'setMyCommands').map((c) => (c.payload.scope as { type: string }).type);
    expect(scopes.sort()).toEqual(['all_group_chats', 'all_private_chats']);

    const update = {
      update_id: 1,
      message: {
        message_id: 1, date: 1795600000, text: '/team create 第一巡察组',
        chat: { id: -100123, type: 'supergroup', title: '第一巡察组' },
        from: { id: 1001, is_bot: false, first_name: '巡察办' },
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const post = (secret?: string) =>
      fetch(`http://127.0.0.1:${port}/telegram/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret && { 'x-telegram-bot-api-secret-token': secret }) },
        body: JSON.stringify(update),
      });
    expect((await post('wrong')).status).toBe(401);
    expect((await post()).status).toBe(401);
    expect((await post('hook-secret')).status).toBe(200);
    const sent = await api.waitFor((c) => c.method === 'sendMessage');
    expect(sent.payload).toMatchObject({ chat_id: -100123, parse_mode: 'HTML' });
    expect(String(sent.payload.text)).toContain('已新建巡察组「第一巡察组」');
    expect(api.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });
});

describe('npm start with Telegram by long polling, configured only by environment variables', () => {
  it('polls the Bot API, answers an update once and confirms it', async () => {
    const api = track(await startBotApiStandIn());
    const dir = folder();
    child = startBot(dir, {
      TELEGRAM_BOT_TOKEN: '123456:process-test-token-abcdefgh',
      TELEGRAM_API_ROOT: api.root,
      XC_ADMINS: 'telegram:1001',
    });
    await api.waitFor((c) => c.method === 'getUpdates');
    api.push({
      update_id: 500,
      message: {
        message_id: 9, date: 1795600000, text: '/rule 宴请',
        chat: { id: 1001, type: 'private', first_name: '巡察办' },
        from: { id: 1001, is_bot: false, first_name: '巡察办' },
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    });
    const sent = await api.waitFor((c) => c.method === 'sendMessage');
    expect(sent.payload).toMatchObject({ chat_id: 1001, parse_mode: 'HTML' });
    expect(String(sent.payload.text)).toContain('LJ-01');
    // The next poll confirms the update (offset past it), so Telegram would not send it again.
    await api.waitFor((c) => c.method === 'getUpdates' && Number(c.payload.offset) === 501);
    expect(api.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });

  it('exits on SIGTERM even when the Bot API no longer answers', async () => {
    const api = await startBotApiStandIn();
    child = startBot(folder(), { TELEGRAM_BOT_TOKEN: '123456:process-test-token-abcdefgh', TELEGRAM_API_ROOT: api.root });
    await api.waitFor((c) => c.method === 'getUpdates');
    await api.close();
    expect(await stop(child)).toBe(0);
  }, 30_000);
});
