import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/harness.ts';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-api.ts';
import { slashCommand } from './helpers/slack-payloads.ts';
import { postSlack, signSlackRequest } from './helpers/slack-sign.ts';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
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

describe('npm start with Slack, configured only by environment variables', () => {
  let child: ChildProcess | undefined;
  let api: SlackStandIn | undefined;
  const dir = tempDir();
  afterEach(async () => {
    child?.kill('SIGTERM');
    await api?.close();
    dir.cleanup();
  });

  it('serves signed slash commands over HTTP, answers /healthz and refuses a forged request', async () => {
    api = await startSlackStandIn();
    const port = await freePort();
    const { PATH, HOME } = process.env;
    child = spawn(tsx, ['src/main.ts'], {
      env: {
        PATH, HOME,
        SLACK_BOT_TOKEN: 'xoxb-process-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.url,
        PORT: String(port),
        XC_ADMINS: 'slack:UADMIN',
        XC_STORE: `sqlite://${join(dir.dir, 'x.sqlite')}`,
        LOG_FILE: join(dir.dir, 'x.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
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
    const answer = await api.waitFor((c) => c.method === 'respond' && c.id === '1', 15_000);
    expect(answer.body).toMatchObject({ response_type: 'in_channel' });
    expect(String(answer.body.text)).toContain('已新建巡察组「第一巡察组」');

    const forged = await postSlack(`${base}/slack/events`, body, signSlackRequest(body, 'not-the-secret'));
    expect(forged.status).toBe(401);
  });
});
