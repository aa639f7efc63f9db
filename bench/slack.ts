/**
 * Signed slash commands per second: through our HTTP server, receiver and Slack adapter (`/rule 宴请`,
 * answered in the acknowledgement, or via response_url to the stand-in when slow) and through a bare
 * Bolt App on Bolt's own HTTPReceiver that only acks, with autocannon.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { messages } from '../src/i18n/index.ts';
import { slashCommand } from '../test/helpers/slack-payloads.ts';
import { signSlackRequest } from '../test/helpers/slack-sign.ts';
import { SLACK_SECRET } from './data.ts';

type Reply = { url?: string; cpu?: number; count?: number; stopped?: boolean };

/** What every request looks up, and how its answer starts in the servers' language (zh, the default). */
const QUERY = '宴请';
const ANSWER = messages('zh').rule.resultsTitle(QUERY);

/** Whether a message (an acknowledgement's body, a response_url post) is the lookup's answer, for the channel. */
export function isAnswer(message: { response_type?: unknown; text?: unknown }): boolean {
  return message.response_type === 'in_channel' && typeof message.text === 'string' && message.text.startsWith(ANSWER);
}

/**
 * Bind a process (all its threads) to `cpus`, a taskset list. On two cores the load generator (this
 * process) and the server under test otherwise keep trading places, and a run measures the scheduler as
 * much as the server (0.5 to 0.9 for the same code here): the server gets core 1, the rest core 0.
 */
function pin(pid: number, cpus: string): boolean {
  // The machine's cores, not availableParallelism(): that counts only the cores this process may use.
  if (os.cpus().length < 2) return false;
  // Twice: a thread that ends while taskset walks the process's threads makes it fail.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
      return true;
    } catch {
      // no taskset here, or a thread gone: try once more, then run unpinned
    }
  }
  return false;
}

/** How to run bench/slack-server.ts: its bundle (as npm start runs main.ts) and Node's flags. */
export interface ServerScript {
  file: string;
  execArgv: string[];
}

/** A child running the Slack bench server in `mode`, and a way to ask it one thing. */
async function child(server: ServerScript, mode: string, apiUrl?: string) {
  const proc: ChildProcess = fork(server.file, [mode, ...(apiUrl ? [apiUrl] : [])], { execArgv: server.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <K extends keyof Reply>(key: K) =>
    new Promise<NonNullable<Reply[K]>>((ok, fail) => {
      const onMessage = (m: Reply) => {
        if (m[key] === undefined) return;
        proc.off('message', onMessage).off('exit', onExit);
        ok(m[key]!);
      };
      const onExit = (code: number | null) => fail(new Error(`slack-server ${mode} exited (${code})`));
      proc.on('message', onMessage).once('exit', onExit);
    });
  const url = await next('url');
  if (mode !== 'standin') pin(proc.pid!, '1');
  return {
    url,
    cpu: () => (proc.send('cpu'), next('cpu')),
    count: () => (proc.send('count'), next('count')),
    stop: () => (proc.send('stop'), next('stopped')),
  };
}

export interface SlackRun {
  /** Acknowledged (2xx) requests per second. */
  rps: number;
  /**
   * Answered requests per second, during the same window: acknowledgements that carried the answer,
   * plus answers that reached the stand-in's response_url. Anything else (an error, nothing) is not one.
   */
  answeredRps: number;
  /** The server process's CPU during the window, in % of one core. */
  serverCpu: number;
  p99LatencyMs: number;
}

/** A server to load, with 20 pre-signed slash commands in turn; its rounds add up in `result()`. */
async function loader(script: ServerScript, mode: 'xc' | 'bare', standIn: Awaited<ReturnType<typeof child>>) {
  const server = await child(script, mode, standIn.url);
  let inAck = 0;
  const onResponse = (status: number, body: string) => {
    if (status === 200 && body && isAnswer(JSON.parse(body) as Record<string, unknown>)) inAck++;
  };
  // Signatures stay valid for 5 minutes: signed once, replayed by autocannon.
  const requests = Array.from({ length: 20 }, (_, k) => {
    const body = slashCommand({
      command: '/rule', text: QUERY, user_id: 'UBENCH', user_name: 'bench', channel_id: 'CBENCH', channel_name: 'bench',
      response_url: `${standIn.url.replace(/api\/$/, '')}respond/${mode}-${k}`,
    });
    // The bare App only acks: only our server's acknowledgements are read for the answer.
    return { method: 'POST', headers: signSlackRequest(body, SLACK_SECRET), body, ...(mode === 'xc' && { onResponse }) };
  });
  const options = { url: server.url, connections: 10, requests };
  const sum = { acked: 0, answered: 0, seconds: 0, cpuSeconds: 0, p99: [] as number[] };
  return {
    warmUp: () => autocannon({ ...options, duration: 2 }),
    async round(seconds: number): Promise<void> {
      await server.cpu();
      const before = await standIn.count();
      inAck = 0;
      const result = await autocannon({ ...options, duration: seconds });
      const cpu = await server.cpu();
      if (result.non2xx || result.errors || result.timeouts) {
        throw new Error(`${mode}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
      sum.acked += result['2xx'];
      sum.answered += inAck + (await standIn.count()) - before;
      sum.seconds += result.duration;
      sum.cpuSeconds += (cpu / 100) * result.duration;
      sum.p99.push(result.latency.p99);
    },
    result(): SlackRun {
      const p99 = [...sum.p99].sort((x, y) => x - y);
      return {
        rps: sum.acked / sum.seconds,
        answeredRps: sum.answered / sum.seconds,
        serverCpu: (sum.cpuSeconds / sum.seconds) * 100,
        p99LatencyMs: p99[Math.floor(p99.length / 2)]!,
      };
    },
    stop: () => server.stop(),
  };
}

/**
 * Both servers in one run, from the same bundle with the same Node flags, against one stand-in Slack
 * API: after a warm-up each, `rounds` rounds of `seconds` each, bare Bolt and ours in turn, so that a
 * slow spell of the machine falls on both rather than on one. `pinned`: whether the servers had a core
 * of their own (autocannon and the stand-in sharing the other).
 */
export async function measureSlack(script: ServerScript, rounds: number, seconds: number): Promise<{ xc: SlackRun; bare: SlackRun; pinned: boolean }> {
  const pinned = pin(process.pid, '0');
  const standIn = await child(script, 'standin');
  const servers: Array<Awaited<ReturnType<typeof loader>>> = [];
  try {
    const bare = await loader(script, 'bare', standIn);
    servers.push(bare);
    const xc = await loader(script, 'xc', standIn);
    servers.push(xc);
    await bare.warmUp();
    await xc.warmUp();
    for (let r = 0; r < rounds; r++) {
      await bare.round(seconds);
      await xc.round(seconds);
    }
    return { xc: xc.result(), bare: bare.result(), pinned };
  } finally {
    for (const server of servers) await server.stop();
    await standIn.stop();
    if (pinned) pin(process.pid, `0-${os.cpus().length - 1}`);
  }
}
