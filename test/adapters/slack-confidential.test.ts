import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackHarness, withSlackTeam, type SlackHarness } from '../helpers/slack-harness.ts';

const TEAM = 'CTEAM';

let s: SlackHarness;
afterEach(async () => {
  await s?.close();
});

describe('Slack keeps typed text out of the log and its markup inert', () => {
  it('writes no text of a command to the log even at LOG_LEVEL=debug (the Web API client of Bolt logs request bodies there)', async () => {
    s = await createSlackHarness({ env: { LOG_LEVEL: 'debug' } });
    expect(s.h.log.isLevelEnabled('debug')).toBe(true);
    await withSlackTeam(s);
    const canary = `调试金丝雀${randomUUID()}`;
    // The owner's DM goes through Bolt's Web API client, which logs each request body at debug.
    expect((await s.slash('UMEMBER', TEAM, `/finding add ${canary} --unit 城关镇 --cat 作风`)).status).toBe(200);
    await s.slash('ULEAD', TEAM, `/rectify add F-1 ${canary}措施 --owner <@UMEMBER|wang> --due 2026-12-31`);
    expect(s.api.callsOf('chat.postMessage').some((call) => String(call.body.text).includes(canary))).toBe(true);
    expect(s.h.logs.length).toBeGreaterThan(0);
    expect(s.h.logs.filter((line) => JSON.stringify(line).includes(canary))).toEqual([]);
  });

  it('escapes <!channel> and <@U…> typed into a finding in every text Slack is sent: fallback text, blocks and file comments', async () => {
    s = await createSlackHarness();
    await withSlackTeam(s);
    const since = s.api.calls.length;
    const typed = '会上有人说<!channel>和<@U999>都要来 & 签到';
    expect((await s.slash('UMEMBER', TEAM, `/finding add ${typed} --unit 城关镇 --cat 作风`)).status).toBe(200);
    await s.slash('ULEAD', TEAM, '/finding show F-1');
    await s.slash('ULEAD', TEAM, '/finding list');
    // A team named with markup: its name is in the comment of the exported file.
    await s.slash('UADMIN', 'COTHER', '/team create <!here>巡察组');
    await s.slash('UADMIN', 'COTHER', '/team add <@ULEAD|zhang> 组长');
    await s.slash('ULEAD', 'COTHER', '/export');

    const calls = s.api.calls.slice(since).filter((c) => !c.failed);
    const sent = calls.map((c) => JSON.stringify({ text: c.body.text, blocks: c.body.blocks, initial_comment: c.body.initial_comment }));
    expect(sent.join('\n')).toContain('&lt;!channel&gt;');
    expect(sent.filter((body) => body.includes('<!channel>') || body.includes('<@U999>') || body.includes('<!here>'))).toEqual([]);
    const comments = calls.filter((c) => c.method === 'files.completeUploadExternal').map((c) => String(c.body.initial_comment));
    expect(comments).toEqual([expect.stringContaining('&lt;!here&gt;巡察组')]);
  });
});
