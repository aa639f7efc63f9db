/**
 * The gate on the way out, as the core enforces it for every command: who reads a group chat, what
 * goes to the asker instead, what never leaves, what a form offers, what is audited, and that a
 * command which forgets to say what it quotes cannot leak.
 */
import { IDENTITIES } from '../adapters/index.ts';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { createBot } from '../src/bot.ts';
import { defineFamily, reply, type AnyCommand } from '../src/command.ts';
import { param } from '../src/params.ts';
import type { ChatRef } from '../src/types.ts';
import { createHarness, dm, incoming, rules, withTeam, type Harness, useTeamHarness } from './helpers/harness.ts';
import { ok, recordSent } from './helpers/replies.ts';

const setup = useTeamHarness();

describe('who reads a group chat', () => {
  it('is the team’s whole roster: with a liaison on it, a finding is answered to the asker alone', async () => {
    const { h } = await setup();
    const r = await ok(h, '组员', '/finding add 食堂超标准采购 --unit 城关镇 --cat 作风');
    expect(r.visibility).toBe('asker');
    // Only its reference: that much the whole roster may know.
    expect((await ok(h, '组长', '/finding review F-1')).visibility).toBe('chat');
  });

  it('without a liaison on the roster, the group reads its findings, never its clues', async () => {
    const { h } = await setup();
    await ok(h, 'admin', '/team remove 联络员');
    expect((await ok(h, '组员', '/finding add 食堂超标准采购 --unit 城关镇 --cat 作风')).visibility).toBe('chat');
    expect((await ok(h, '组员', '/finding show F-1')).visibility).toBe('chat');
    await ok(h, '组长', '/finding clue F-1');
    const show = await ok(h, '组员', '/finding show F-1');
    expect(show.visibility).toBe('asker');
    expect(show.text).toContain('食堂超标准采购');
  });

  it('may read the liaison’s unit’s tasks from the feedback date on, and other units’ never', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 台账缺失 --unit 城关镇 --cat 作风');
    await ok(h, '组员', '/finding add 公示不全 --unit 东关村 --cat 作风');
    await ok(h, '组长', '/rectify add F-1 建立台账 --owner 组员 --due +10d');
    await ok(h, '组长', '/rectify add F-2 补全公示 --owner 组员 --due +10d');
    expect((await ok(h, '组员', '/rectify show R-1')).visibility).toBe('asker');
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-11-24');
    expect((await ok(h, '组员', '/rectify show R-1')).visibility).toBe('chat');
    expect((await ok(h, '组员', '/rectify show R-2')).visibility).toBe('asker');
  });

  it('is anyone in a chat bound to no team, and no one’s team data goes there', async () => {
    const { h } = await setup();
    const r = await h.say('组员', '/finding list', 'other');
    expect(r[0]).toMatchObject({ error: true, visibility: 'asker' });
    expect((await ok(h, '组员', '/rule 宴请', 'other')).visibility).toBe('chat');
  });
});

describe('a conversation between people (an unbound chat)', () => {
  const between: ChatRef = { id: 'console:dm-between-two', kind: 'unbound' };

  it('shows no team data, whoever asks, and can never be bound', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 食堂超标准采购 --unit 城关镇 --cat 作风');
    for (const [user, line] of [['组长', '/finding list'], ['组员', '/team'], ['admin', '/stats'], ['组长', '/digest']] as const) {
      const [r] = await h.say(user, line, between);
      expect(r, line).toMatchObject({ error: true, visibility: 'asker' });
      expect(r!.text).toContain('人与人之间的私聊');
      expect(r!.text).not.toContain('食堂');
    }
    const bind = (await h.say('admin', '/team create 私聊组', between))[0]!;
    expect(bind).toMatchObject({ error: true });
    expect(await h.bot.services.teams.byChat(between.id)).toBeUndefined();
    expect((await h.bot.services.teams.get(teamId))!.chats).toEqual(['console:main']);
    // General help is anyone's.
    expect((await ok(h, '组员', '/rule 宴请', between)).visibility).toBe('chat');
  });

  it('gives the asker’s own pledge nowhere but their DM', async () => {
    const { h } = await setup();
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31');
    const r = await ok(h, '组员', '/secrecy', between);
    expect(r.visibility).toBe('chat');
    expect(r.text).not.toContain('保密承诺：');
    expect(r.quotes).toEqual([]);
  });
});

/** A bot over `h`'s store with one extra command that shows a finding's text and says it quotes nothing. */
function withCareless(h: Harness, notify = false) {
  const texts = { summary: 'careless', commands: { careless: { summary: 'shows a finding' } }, args: {} };
  const careless: AnyCommand = defineFamily('careless', { zh: texts, en: texts }).command({
    words: [],
    params: { ref: param.ref('finding') },
    access: { scope: 'team', roles: ['admin', 'leader', 'deputy', 'member', 'liaison', 'owner'] },
    async run(ctx, args) {
      const f = await ctx.services.findings.get(ctx.team.id, Number(args.ref));
      // The command forgets to say it quotes F-n: the gate must find the text it shows all the same.
      if (notify) ctx.notify({ to: { user: 'console:联络员' }, reply: reply.dm(`请看：${f?.text}`, []) });
      return reply.chat(`原文：${f?.text}`, []);
    },
  });
  return createBot({ config: h.config, store: h.store, clock: h.clock, log: h.log, rules, commands: [...allCommands, careless], identities: IDENTITIES });
}

describe('a command that forgets what it quotes', () => {
  it('still cannot show a finding to the group its liaison reads: the words give it away', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    const bot = withCareless(h);
    const [r] = await bot.dispatch(incoming('组员', '/careless 1'));
    expect(r).toMatchObject({ visibility: 'asker', text: '原文：食堂超标准采购茶叶' });
    expect(r!.quotes).toContainEqual({ team: expect.any(String), kind: 'finding', n: 1 });
  });

  it('withholds it from someone who may not read it at all, and audits nothing', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    await ok(h, '组长', '/finding clue F-1');
    const bot = withCareless(h);
    const before = (await h.bot.services.audit.list(teamId)).length;
    for (const user of ['联络员', '组员二']) {
      const [r] = await bot.dispatch(incoming(user, '/careless 1', dm(user)));
      expect(r).toMatchObject({ visibility: 'asker', error: true, text: '这条回复涉及你无权查看的内容，没有发出。如确需查看，请联系组长或巡察办。' });
    }
    expect((await h.bot.services.audit.list(teamId)).length).toBe(before);
    expect(h.logs.filter((l) => l.msg === 'gate withheld a reply its asker may not read')).toHaveLength(2);
    // Nor is the text in the log.
    expect(JSON.stringify(h.logs)).not.toContain('食堂');
  });

  it('never queues a notice for someone who may not read it', async () => {
    const { h, sent } = await setup();
    await ok(h, '组员', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    const bot = withCareless(h, true);
    bot.services.outbox.register('console', { send: async (o) => void sent.push(o) });
    await bot.dispatch(incoming('组员', '/careless 1', dm('组员')));
    await bot.flush();
    expect(sent.filter((o) => o.reply.text.includes('食堂'))).toEqual([]);
    expect(h.logs.some((l) => l.msg === 'gate withheld a message its recipient may not read')).toBe(true);
  });
});

describe('forms offer records as their audience may see them', () => {
  it('lists findings in full, a clue as its reference and mark only, and only to those who may read it', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    await ok(h, '组员二', '/finding add 村支书亲属承揽工程 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-2');
    const options = async (user: string, where?: 'chat') => {
      const out = await h.bot.handle(incoming(user, '/rectify add'), where ? { formShownIn: where } : {});
      if (!('form' in out)) throw new Error(JSON.stringify(out));
      return out.form.fields.find((f) => f.name === 'ref')!.options!.map((o) => o.label);
    };
    // A modal, the leader's alone.
    expect(await options('组长')).toEqual(['F-2［线索］', 'F-1 城关镇 食堂超标准采购茶叶']);
    // A dialogue in the group the liaison reads: no clue at all, the finding by reference.
    expect(await options('组长', 'chat')).toEqual(['F-1']);
  });
});

describe('the clue channel’s owners', () => {
  it('refuses a task on a clue for an owner who may not read the clue', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村支书亲属承揽工程 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-1');
    for (const owner of ['组员二', '联络员', '王镇长']) {
      const [r] = await h.say('组长', `/rectify add F-1 清退工程款 --owner ${owner} --due +10d`);
      expect(r, owner).toMatchObject({ error: true });
      expect(r!.text).toContain('问题线索');
    }
    expect(await h.bot.services.rectifications.list(teamId)).toEqual([]);
    // Its author may own it.
    await ok(h, '组长', '/rectify add F-1 清退工程款 --owner 组员 --due +10d');
  });

  it('warns the leader when a finding with tasks becomes a clue their owners may not read', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 村支书亲属承揽工程 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/rectify add F-1 清退工程款 --owner 王镇长 --due +10d');
    const r = await ok(h, '组长', '/finding clue F-1');
    expect(r.visibility).toBe('asker');
    expect(r.text).toContain('R-1（王镇长）');
    // The owner no longer sees it.
    expect((await h.say('王镇长', '/rectify show R-1', dm('王镇长')))[0]).toMatchObject({ error: true });
  });
});

describe('notices and the audit of clue reads', () => {
  it('audits each clue a notice shows to its reader, as the gate sends it', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 村支书亲属承揽工程 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-1');
    await ok(h, '副组长', '/rectify add F-1 清退工程款 --owner 组员 --due +10d');
    await h.bot.flush();
    expect(sent.map((o) => [o.to, o.reply.text.includes('清退工程款')])).toEqual([[{ user: 'console:组员' }, true]]);
    const reads = (await h.bot.services.audit.list(teamId)).filter((e) => e.action === 'read-clue');
    expect(reads.map((e) => [e.user, e.ref])).toEqual([['console:组员', 'R-1']]);
  });
});

describe('a team bound later', () => {
  it('is audited, and a chat bound to another team is refused', async () => {
    const h = await createHarness();
    try {
      await withTeam(h);
      recordSent(h);
      await ok(h, 'admin', '/team bind 第一巡察组', 'second');
      const team = (await h.bot.services.teams.byName('第一巡察组'))!;
      expect(team.chats).toEqual(['console:main', 'console:second']);
      expect((await h.bot.services.audit.list(team.id)).at(-1)).toMatchObject({ action: 'team-bind', user: 'console:admin' });
    } finally {
      await h.dispose();
    }
  });
});
