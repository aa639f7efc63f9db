import { IDENTITIES } from '../adapters/index.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '../src/bot.ts';
import { defineFamily } from '../src/command.ts';
import { param } from '../src/params.ts';
import { createHarness, incoming, useTeamHarness, withTeam, type Harness } from './helpers/harness.ts';

describe('dispatch', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });
  afterEach(() => h.dispose());

  it('answers an unknown command with a pointer to /help', async () => {
    const [r] = await h.say('组员', '/nosuch x');
    expect(r).toMatchObject({ error: true, visibility: 'asker' });
    expect(r!.text).toBe('没有 /nosuch 这个命令。发送 /help 查看全部命令。');
  });

  it('answers a family without a subcommand with its usage lines', async () => {
    const text = await h.text('组员', '/finding');
    expect(text).toContain('/finding 的用法：');
    expect(text).toContain('/finding add <问题描述>');
    expect(text).toContain('/finding handover');
  });

  it('gives the usage line with an argument problem', async () => {
    const text = await h.text('组员', '/finding show');
    expect(text).toBe('缺少编号。请按下面的用法补上。\n用法：/finding show <F编号>');
  });

  it.each([
    ['an empty line', ''],
    ['10,000 characters', '问'.repeat(10_000)],
    ['emoji', '🚨🔥 --unit 🏛️'],
    ['control characters', '\u0000\u0007\u001b[31m\u202e'],
    ['unbalanced quotes', '“a 「b "c'],
    ['an injection string', "'; DROP TABLE keyv; -- <script>alert(1)</script> ${process.exit(1)}"],
  ])('answers %s with one reply, never a crash', async (_name, text) => {
    for (const command of ['finding', 'team', 'rule', 'help', 'nosuch']) {
      const replies = await h.bot.dispatch(incoming('组员', `/${command} ${text}`));
      expect(replies).toHaveLength(1);
      expect(replies[0]!.text.length).toBeGreaterThan(0);
      expect(replies[0]!.text).not.toMatch(/undefined|at .*\.ts:\d+|Error:/);
    }
    expect(await h.bot.services.findings.list((await h.bot.services.teams.byName('第一巡察组'))!.id)).toHaveLength(0);
  });

  it('refuses a finding that is too long, naming the limit, and saves nothing', async () => {
    const [r] = await h.say('组员', `/finding add ${'问'.repeat(10_000)} --unit 城关镇 --cat 作风`);
    expect(r!.error).toBe(true);
    expect(r!.text).toContain('问题描述太长：最多 2000 个字符');
  });

  it('lets an admin who is not a member work on any team, and asks which team in a DM', async () => {
    expect(await h.text('admin', '/team')).toContain('第一巡察组');
    await h.say('admin', '/team create 第二巡察组', 'group2');
    const [r] = await h.say('admin', '/team', { id: 'console:dm:admin', kind: 'dm' });
    expect(r!.text).toBe('你属于多个巡察组：第一巡察组、第二巡察组。请加上 --team <组名> 指明是哪一个。');
    expect(await h.text('admin', '/team --team 第二巡察组', { id: 'console:dm:admin', kind: 'dm' })).toContain('巡察组「第二巡察组」');
    expect((await h.say('admin', '/team --team', { id: 'console:dm:admin', kind: 'dm' }))[0]!.text).toBe('选项 --team 后面缺少值。请在 --team 后面写上内容，含空格的请加引号。');
  });

  it('logs each outcome with its timing and never a finding text', async () => {
    await h.say('组员', '/finding add 机密问题描述甲乙丙 --unit 城关镇 --cat 作风');
    await h.say('联络员', '/finding list');
    const outcomes = h.logs.filter((l) => l.msg === 'command' || l.msg === 'command refused');
    expect(outcomes.at(-2)).toMatchObject({ id: 'finding add', outcome: 'ok', user: 'console:组员', chat: 'console:main' });
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'FORBIDDEN', user: 'console:联络员' });
    expect(typeof outcomes.at(-1)!.ms).toBe('number');
    expect(JSON.stringify(h.logs)).not.toContain('机密问题描述甲乙丙');
  });

  it('turns an unexpected failure into a plain reply, logging it without the user text', async () => {
    const texts = { summary: 'boom', commands: { boom: { summary: 'fails' } }, args: { topic: { name: 'topic' } } };
    const boom = defineFamily('boom', { zh: texts, en: texts }).command({
      words: [],
      params: { topic: param.word().rest().optional() },
      access: { scope: 'anyone' },
      async run() {
        throw new TypeError('disk on fire');
      },
    });
    const bot = createBot({ config: h.config, store: h.store, clock: h.clock, log: h.log, rules: h.bot.services.rules, commands: [boom], identities: IDENTITIES });
    const [r] = await bot.dispatch(incoming('组员', '/boom 秘密的话'));
    expect(r).toEqual({ text: '处理时出错了，已记录日志，请稍后再试。', visibility: 'asker', error: true, quotes: [] });
    const failure = h.logs.find((l) => l.msg === 'command failed');
    expect(failure).toMatchObject({ outcome: 'error', err: { name: 'TypeError', message: 'disk on fire' } });
    expect(JSON.stringify(h.logs)).not.toContain('秘密的话');
  });
});

describe('handle: a typed command comes to a form or to replies', () => {
  const setup = useTeamHarness();

  it('gives the form of a command typed without arguments, with the team’s units to choose from, and saves nothing', async () => {
    const { h, teamId } = await setup();
    const done = await h.bot.handle(incoming('组员', '/finding add'));
    expect(done).toMatchObject({ form: { command: 'finding add', fields: expect.arrayContaining([expect.objectContaining({ name: 'unit', options: [{ value: '城关镇', label: '城关镇' }, { value: '东关村', label: '东关村' }] })]) } });
    expect(await h.bot.services.findings.list(teamId)).toEqual([]);
  });

  it('refuses the form to whom may not run the command, as running it would', async () => {
    const { h, teamId } = await setup();
    const done = await h.bot.handle(incoming('联络员', '/finding add'));
    expect(done).toEqual({ replies: [expect.objectContaining({ error: true, visibility: 'asker' })] });
    const [typed] = await h.say('联络员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    expect((done as { replies: unknown[] }).replies[0]).toEqual(typed);
    expect(await h.bot.services.findings.list(teamId)).toEqual([]);
  });

  it('runs a command typed with its arguments, and answers a mistyped one, as dispatch does', async () => {
    const { h, teamId } = await setup();
    expect(await h.bot.handle(incoming('组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风'))).toEqual({
      replies: [expect.objectContaining({ text: expect.stringContaining('F-1') })],
    });
    expect((await h.bot.services.findings.list(teamId)).map((f) => f.text)).toEqual(['村务公开不及时']);
    expect(await h.bot.handle(incoming('组员', '/nosuch x'))).toEqual({ replies: await h.say('组员', '/nosuch x') });
    expect(await h.bot.handle(incoming('组员', '/rule'))).toEqual({ replies: [expect.objectContaining({ visibility: 'chat' })] });
  });
});

describe('dispatch in English', () => {
  it('answers in English with XC_LANG=en', async () => {
    const h = await createHarness({ env: { XC_LANG: 'en' } });
    await withTeam(h);
    expect((await h.say('x', '/nosuch'))[0]!.text).toBe('There is no /nosuch command. Send /help for the list.');
    expect((await h.say('联络员', '/finding list'))[0]!.text).toBe('This needs one of these roles: office admin, leader, deputy leader, member (yours: liaison). Ask the office admin, leader, deputy leader or member to do it.');
    expect((await h.say('组员', '/finding show'))[0]!.text).toBe('Missing the reference. Add it as the usage below shows.\nUsage: /finding show <F>');
    await h.dispose();
  });
});

describe('schema errors', () => {
  it('tells a wrong value from a missing one', async () => {
    const h = await createHarness();
    await withTeam(h);
    const [r] = await h.say('组员', '/finding list --page abc');
    expect(r!.text).toMatch(/^页码须是从 1 起的整数，「abc」不是。请改用 1 起的整数，例如 --page 2。\n用法：\/finding list/);
    await h.dispose();
  });
});
