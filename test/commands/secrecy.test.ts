import { afterEach, describe, expect, it } from 'vitest';
import type { Team } from '../../src/team.ts';
import type { ChatRef, Reply } from '../../src/types.ts';
import { reminderFor } from '../../src/secrecy.ts';
import { zh } from '../../src/i18n/zh.ts';
import { createHarness, dm, rules, withTeam, type Harness } from '../helpers/harness.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';
const TEAM = '第一巡察组';

const opened: Harness[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.dispose();
});

/** A harness with the standard team and, unless `period` is false, the round 2026-11-20 to 2026-12-20. */
async function setup(options: { period?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const h = await createHarness({ env: options.env });
  opened.push(h);
  await withTeam(h);
  if (options.period !== false) await ok(h, 'admin', '/team period 2026-11-20 2026-12-20');
  return h;
}

async function stored(h: Harness): Promise<Team> {
  const team = await h.bot.services.teams.byName(TEAM);
  if (!team) throw new Error(`no team ${TEAM}`);
  return team;
}

async function one(h: Harness, user: string, line: string, chat?: ChatRef | string): Promise<Reply> {
  const replies = await h.say(user, line, chat);
  expect(replies, line).toHaveLength(1);
  return replies[0]!;
}

/** A line that must succeed with one reply visible in the chat; returns its text. */
async function ok(h: Harness, user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const r = await one(h, user, line, chat);
  expect(r.error, `${line} → ${r.text}`).toBeUndefined();
  expect(r.visibility).toBe('chat');
  return r.text;
}

/** A line that must be refused, to the asker only, and leave the team record as it was. */
async function refused(h: Harness, user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const before = await stored(h);
  const r = await one(h, user, line, chat);
  expect(r.error, `${line} → ${r.text}`).toBe(true);
  expect(r.visibility).toBe('asker');
  expect(r.text).not.toMatch(/undefined|Error|at \S+:\d+/);
  expect(await stored(h)).toEqual(before);
  return r.text;
}

const CHECKLIST = ['保密纪律清单：', '1. 守口如瓶', '2. 四个决不允许', '接受宴请', '收受馈赠', '泄露秘密', '假公济私', '3. 不复制、不私存、不带离巡察资料和谈话记录', '4. 巡察结束时全部材料清退（巡后清退）'];

describe('/secrecy', () => {
  it("shows today's 保密 entry with summary and source, then the checklist, to every role", async () => {
    const h = await setup();
    await h.bot.services.teams.update((await stored(h)).id, (t) => ({ ...t, owners: ['console:责任人'] }));
    for (const user of ['组长', '副组长', '组员', '联络员', 'admin', '责任人']) {
      const text = await ok(h, user, '/secrecy');
      // Today's entry, as the rulebook has it, with its source line as /rule shows it.
      const today = reminderFor(rules, '2026-11-25')!;
      expect(text.split('\n').slice(0, 4)).toEqual(['保密提醒（2026-11-25）', `今日一条：${today.id} ${today.title}`, today.summary, zh.rule.source(today)]);
      for (const item of CHECKLIST) expect(text, user).toContain(item);
    }
  });

  it('keeps the same entry all day and moves to the next one the next day', async () => {
    const h = await setup();
    h.clock.set('2026-11-25T00:00:00+08:00');
    expect(await ok(h, '组员', '/secrecy')).toContain('BM-10 涉密载体管理');
    h.clock.set('2026-11-25T23:59:00+08:00');
    expect(await ok(h, '组员', '/secrecy')).toContain('BM-10 涉密载体管理');
    h.clock.set('2026-11-26T00:01:00+08:00');
    const next = await ok(h, '组员', '/secrecy');
    expect(next).toContain('保密提醒（2026-11-26）');
    expect(next).toContain('今日一条：BM-11 泄露国家秘密的法律责任');
    h.clock.set('2026-11-27T10:00:00+08:00');
    expect(await ok(h, '组员', '/secrecy')).toContain('今日一条：BM-12 工作秘密');
    h.clock.set('2026-11-28T10:00:00+08:00');
    expect(await ok(h, '组员', '/secrecy')).toContain('今日一条：BM-01 守口如瓶');
  });

  it('in a chat bound to no team, or for someone in no team, gives the reminder without team data', async () => {
    const h = await setup();
    for (const [user, chat] of [['组员', 'other'], ['路人', 'other'], ['路人', dm('路人')]] as const) {
      const text = await ok(h, user, '/secrecy', chat);
      expect(text).toContain('今日一条：BM-10');
      expect(text).toContain('四个决不允许');
      expect(text).not.toContain(TEAM);
      expect(text).not.toContain('本轮保密承诺');
      expect(text).not.toContain('组长');
    }
  });

  it("adds the asker's own pledge status in the team's chat and in a direct message, not for a liaison", async () => {
    const h = await setup();
    expect(await ok(h, '组员', '/secrecy')).toMatch(/本轮保密承诺：你尚未签署，请发送 \/secrecy ack。$/);
    await ok(h, '组员', '/secrecy ack');
    h.clock.set('2026-11-27T10:00:00+08:00');
    expect(await ok(h, '组员', '/secrecy', dm('组员'))).toMatch(/本轮保密承诺：你已于 2026-11-25 签署。$/);
    const liaison = await ok(h, '联络员', '/secrecy');
    expect(liaison).not.toContain('本轮保密承诺');
    expect(liaison).not.toContain('组员');
  });

  it('says nothing about a pledge while the team has no period', async () => {
    const h = await setup({ period: false });
    expect(await ok(h, '组员', '/secrecy')).not.toContain('本轮保密承诺');
  });

  it('names the team when the asker signs in several teams (direct message)', async () => {
    const h = await setup();
    await ok(h, 'admin', '/team create 第二巡察组', 'second');
    await ok(h, 'admin', '/team add 组员 member', 'second');
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31', 'second');
    await ok(h, '组员', '/secrecy ack', 'second');
    const text = await ok(h, '组员', '/secrecy', dm('组员'));
    expect(text).toContain('「第一巡察组」本轮保密承诺：你尚未签署');
    expect(text).toContain('「第二巡察组」本轮保密承诺：你已于 2026-11-25 签署。');
  });

  it('refuses a misspelt subcommand with the family usage', async () => {
    const h = await setup();
    const text = await refused(h, '组员', '/secrecy sign');
    expect(text).toBe('没有 /secrecy sign 这个子命令。请按下列用法之一发送。\n/secrecy 的用法：\n/secrecy\n/secrecy ack\n/secrecy status');
  });
});

describe('/secrecy ack', () => {
  it('records the pledge for this round with a history entry and answers in the chat', async () => {
    const h = await setup();
    const text = await ok(h, '组员', '/secrecy ack');
    expect(text).toBe('已签署本轮（进驻 2026-11-20）保密承诺，签署日期 2026-11-25。请严守保密纪律。');
    const team = await stored(h);
    expect(team.pledges).toEqual([{ user: 'console:组员', round: '2026-11-20', at: T0 }]);
    expect(team.history.at(-1)).toEqual({ at: T0, by: 'console:组员', field: 'pledge', to: '2026-11-20' });
  });

  it('lets leader and deputy sign too, in a direct message as well', async () => {
    const h = await setup();
    expect(await ok(h, '组长', '/secrecy ack', dm('组长'))).toContain('签署日期 2026-11-25');
    expect(await ok(h, '副组长', '/secrecy ack')).toContain('签署日期 2026-11-25');
    expect((await stored(h)).pledges.map((p) => p.user)).toEqual(['console:组长', 'console:副组长']);
  });

  it('signing twice in a round says when and changes nothing', async () => {
    const h = await setup();
    await ok(h, '组员', '/secrecy ack');
    h.clock.set('2026-11-27T10:00:00+08:00');
    const before = await stored(h);
    expect(await ok(h, '组员', '/secrecy ack')).toBe('你已于 2026-11-25 签署本轮（进驻 2026-11-20）保密承诺，无需重复签署。');
    expect(await stored(h)).toEqual(before);
  });

  it('needs a new pledge for a new round (another entry date)', async () => {
    const h = await setup();
    await ok(h, '组员', '/secrecy ack');
    await ok(h, 'admin', '/team period 2027-03-01 2027-04-30');
    h.clock.set('2027-03-01T09:00:00+08:00');
    expect(await ok(h, '组员', '/secrecy ack')).toBe('已签署本轮（进驻 2027-03-01）保密承诺，签署日期 2027-03-01。请严守保密纪律。');
    expect((await stored(h)).pledges).toEqual([
      { user: 'console:组员', round: '2026-11-20', at: T0 },
      { user: 'console:组员', round: '2027-03-01', at: '2027-03-01T01:00:00.000Z' },
    ]);
  });

  it('refuses liaison and an office admin who is not a member, naming the roles', async () => {
    const h = await setup();
    expect(await refused(h, '联络员', '/secrecy ack')).toBe('需要以下角色之一：组长、副组长、组员（你的角色：联络员）。请由组长、副组长或组员办理。');
    expect(await refused(h, 'admin', '/secrecy ack')).toBe('需要以下角色之一：组长、副组长、组员（你的角色：巡察办）。请由组长、副组长或组员办理。');
    expect(await refused(h, '路人', '/secrecy ack')).toBe('需要以下角色之一：组长、副组长、组员（你不是本组成员）。如需加入，请联系组长或巡察办。');
  });

  it('refuses in a chat bound to no team, and in a direct message of someone in no team', async () => {
    const h = await setup();
    expect(await refused(h, '组员', '/secrecy ack', 'other')).toContain('本群未绑定巡察组');
    expect(await refused(h, '路人', '/secrecy ack', dm('路人'))).toBe('你还不是任何巡察组的成员。请联系组长或巡察办把你加入巡察组。');
  });

  it('refuses while the team has no period, and extra words with the usage line', async () => {
    const h = await setup({ period: false });
    expect(await refused(h, '组员', '/secrecy ack')).toBe('本组尚未设置巡察期间，保密承诺按轮次签署。请先用 /team period <进驻日期> <结束日期> 设置。');
    await ok(h, 'admin', '/team period 2026-11-20 2026-12-20');
    expect(await refused(h, '组员', '/secrecy ack 我承诺')).toBe('多余的参数：我承诺。请删去多余的词；含空格的值请加引号。\n用法：/secrecy ack');
    expect((await stored(h)).pledges).toEqual([]);
  });
});

describe('/secrecy status', () => {
  it('lists who signed (with date) and who has not, for leader, deputy and admin', async () => {
    const h = await setup();
    await ok(h, '组员', '/secrecy ack');
    h.clock.set('2026-11-26T09:00:00+08:00');
    await ok(h, '副组长', '/secrecy ack');
    const expected = ['本轮（进驻 2026-11-20）保密承诺：已签 2/4 人', '已签：副组长（2026-11-26）、组员（2026-11-25）', '未签：组长、组员二'].join('\n');
    expect(await ok(h, '组长', '/secrecy status')).toBe(expected);
    expect(await ok(h, '副组长', '/secrecy status', dm('副组长'))).toBe(expected);
    expect(await ok(h, 'admin', '/secrecy status')).toBe(expected);
  });

  it('leaves out liaisons and removed members, and starts afresh in a new round', async () => {
    const h = await setup();
    await ok(h, '组员', '/secrecy ack');
    await ok(h, 'admin', '/team remove 组员二');
    expect(await ok(h, '组长', '/secrecy status')).toBe(['本轮（进驻 2026-11-20）保密承诺：已签 1/3 人', '已签：组员（2026-11-25）', '未签：组长、副组长'].join('\n'));
    await ok(h, 'admin', '/team period 2027-03-01 2027-04-30');
    expect(await ok(h, '组长', '/secrecy status')).toBe(['本轮（进驻 2027-03-01）保密承诺：已签 0/3 人', '已签：无', '未签：组长、副组长、组员'].join('\n'));
  });

  it('refuses member and liaison, naming the roles; refuses without a period and in an unbound chat', async () => {
    const h = await setup();
    expect(await refused(h, '组员', '/secrecy status')).toBe('需要以下角色之一：巡察办、组长、副组长（你的角色：组员）。请由巡察办、组长或副组长办理。');
    expect(await refused(h, '联络员', '/secrecy status')).toBe('需要以下角色之一：巡察办、组长、副组长（你的角色：联络员）。请由巡察办、组长或副组长办理。');
    expect(await refused(h, '组长', '/secrecy status', 'other')).toContain('本群未绑定巡察组');
    const bare = await setup({ period: false });
    expect(await refused(bare, '组长', '/secrecy status')).toContain('本组尚未设置巡察期间');
  });
});

describe('/secrecy in English', () => {
  it('answers from the English catalog', async () => {
    const h = await setup({ env: { XC_LANG: 'en' } });
    const reminder = await ok(h, '组员', '/secrecy');
    expect(reminder.split('\n').slice(0, 2)).toEqual(['Confidentiality reminder (2026-11-25)', "Today's rule: BM-10 涉密载体管理"]);
    expect(reminder).toContain('Confidentiality checklist:');
    expect(reminder).toContain('2. The four absolute prohibitions (四个决不允许): no banquets, no gifts, no leaking secrets, no using public office for private gain.');
    expect(reminder).toContain("you have not signed the pledge for this round yet: send /secrecy ack.");
    expect(reminder).not.toMatch(/[请已未]签/);
    expect(await ok(h, '组员', '/secrecy ack')).toBe('Confidentiality pledge signed for this round (entry 2026-11-20) on 2026-11-25. Keep the rules.');
    expect(await ok(h, '组员', '/secrecy ack')).toBe('You already signed the pledge for this round (entry 2026-11-20) on 2026-11-25; nothing to do.');
    expect(await refused(h, '联络员', '/secrecy ack')).toBe('This needs one of these roles: leader, deputy leader, member (yours: liaison). Ask the leader, deputy leader or member to do it.');
    expect(await ok(h, '组长', '/secrecy status')).toBe(
      ['Confidentiality pledge for this round (entry 2026-11-20): 1 of 4 signed', 'Signed: 组员 (2026-11-25)', 'Not signed: 组长, 副组长, 组员二'].join('\n'),
    );
  });
});

describe('/help secrecy', () => {
  it('lists the three commands with who may use them', async () => {
    const h = await setup();
    const text = await ok(h, '组员', '/help secrecy');
    expect(text).toContain('/secrecy\n　今日保密提醒与保密纪律清单\n　可用角色：所有人');
    expect(text).toContain('/secrecy ack\n　签署本轮保密承诺\n　可用角色：组长、副组长、组员');
    expect(text).toContain('/secrecy status\n　本轮保密承诺的签署情况：谁已签、谁未签\n　可用角色：巡察办、组长、副组长');
  });
});
