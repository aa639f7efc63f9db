import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zh } from '../../src/i18n/zh.ts';
import type { Team } from '../../src/team.ts';
import type { ChatRef } from '../../src/types.ts';
import { createHarness, dm, withTeam, type Harness } from '../helpers/harness.ts';

const TEAM = '第一巡察组';

let h: Harness;

/** The stored team record (throws when it is missing, so a test never compares undefined with undefined). */
async function stored(name = TEAM): Promise<Team> {
  const team = await h.bot.services.teams.byName(name);
  if (!team) throw new Error(`no team ${name}`);
  return team;
}

/** Run a line that must succeed: one chat reply without the error flag; returns its text. */
async function ok(user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const replies = await h.say(user, line, chat);
  expect(replies, line).toHaveLength(1);
  expect(replies[0]!.error, `${line} → ${replies[0]!.text}`).toBeUndefined();
  expect(replies[0]!.visibility).toBe('chat');
  return replies[0]!.text;
}

/** Run a line that must be refused: one reply to the asker only, flagged as an error; returns its text. */
async function refused(user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const replies = await h.say(user, line, chat);
  expect(replies, line).toHaveLength(1);
  expect(replies[0]!.error, `${line} → ${replies[0]!.text}`).toBe(true);
  expect(replies[0]!.visibility).toBe('asker');
  expect(replies[0]!.text).not.toMatch(/undefined|Error|at \S+:\d+/);
  return replies[0]!.text;
}

/** Refused, and the team record is exactly as it was. */
async function refusedUnchanged(user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const before = await stored();
  const text = await refused(user, line, chat);
  expect(await stored()).toEqual(before);
  return text;
}

/** The line of the team card listing one role, e.g. `组员：组员、组员二`. */
function roleLine(card: string, role: string): string | undefined {
  return card.split('\n').find((l) => l.startsWith(`${role}：`));
}

afterEach(() => h.dispose());

describe('/team (the team card)', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });

  it('shows name, period, units and members by role in the bound chat', async () => {
    const card = await ok('组员', '/team');
    expect(card).toContain(`巡察组「${TEAM}」`);
    expect(card).toContain('巡察期间：未设置');
    expect(card).toContain('被巡察单位：城关镇、东关村');
    expect(roleLine(card, '组长')).toBe('组长：组长');
    expect(roleLine(card, '副组长')).toBe('副组长：副组长');
    expect(roleLine(card, '组员')).toBe('组员：组员、组员二');
    expect(roleLine(card, '联络员')).toBe('联络员：联络员（城关镇）');
  });

  it('is shown to every role of the team and to the office', async () => {
    for (const user of ['admin', '组长', '副组长', '组员', '组员二', '联络员']) {
      expect(await ok(user, '/team')).toContain(`巡察组「${TEAM}」`);
    }
  });

  it('is refused to a non-member in the bound chat, without team data', async () => {
    const text = await refused('路人', '/team');
    expect(text).toContain('你不是本组成员');
    expect(text).not.toContain(TEAM);
    expect(text).not.toContain('城关镇');
  });

  it('shows no team data in a group chat that is not bound', async () => {
    for (const user of ['组员', '组长', 'admin', '路人']) {
      const text = await refused(user, '/team', 'other');
      expect(text).toContain('未绑定');
      expect(text).not.toContain(TEAM);
      expect(text).not.toContain('城关镇');
      expect(text).not.toContain('组员二');
    }
  });

  it('a new team without units, members or period says so', async () => {
    await ok('admin', '/team create 空组', 'empty');
    const card = await ok('admin', '/team', 'empty');
    expect(card).toContain('巡察组「空组」');
    expect(card).toContain('巡察期间：未设置');
    expect(card).toContain('被巡察单位：未添加');
    expect(card).toContain('成员：暂无');
  });

  it('answers a misspelt subcommand with every /team usage line', async () => {
    const text = await refused('组长', '/team foo');
    expect(text).toContain('/team 的用法：');
    expect(text).toContain('/team unit add <单位>');
    expect(text).toContain('/team period <进驻日期> <结束日期>');
  });

  describe('in a direct message', () => {
    it('a member of exactly one team gets that team', async () => {
      expect(await ok('组员', '/team', dm('组员'))).toContain(`巡察组「${TEAM}」`);
      expect(await ok('联络员', '/team', dm('联络员'))).toContain(`巡察组「${TEAM}」`);
    });

    it('a member of two teams must pick one with --team', async () => {
      await ok('admin', '/team create 第二巡察组', 'g2');
      await ok('admin', '/team add 组员 组员', 'g2');
      const text = await refused('组员', '/team', dm('组员'));
      expect(text).toContain('--team');
      expect(text).toContain(TEAM);
      expect(text).toContain('第二巡察组');

      const second = await ok('组员', '/team --team 第二巡察组', dm('组员'));
      expect(second).toContain('巡察组「第二巡察组」');
      expect(second).not.toContain('城关镇');
      expect(await ok('组员', `/team --team ${TEAM}`, dm('组员'))).toContain('被巡察单位：城关镇、东关村');
      // The team name ignores case and may be quoted; `--team=name` works too.
      await ok('admin', '/team create Team Three', 'g3');
      await ok('admin', '/team add 组员 member', 'g3');
      expect(await ok('组员', '/team --team “team three”', dm('组员'))).toContain('巡察组「Team Three」');
      expect(await ok('组员', '/team --team=第二巡察组', dm('组员'))).toContain('巡察组「第二巡察组」');
      expect(await ok('组员', '/team --team="team three"', dm('组员'))).toContain('巡察组「Team Three」');
    });

    it('the office sees any team, and must pick one when there are several', async () => {
      expect(await ok('admin', '/team', dm('admin'))).toContain(TEAM);
      await ok('admin', '/team create 第二巡察组', 'g2');
      expect(await refused('admin', '/team', dm('admin'))).toContain('--team');
      expect(await ok('admin', '/team --team 第二巡察组', dm('admin'))).toContain('巡察组「第二巡察组」');
    });

    it('--team naming an unknown team, or a team the user is not in, is refused alike', async () => {
      const unknown = await refused('组员', '/team --team 不存在', dm('组员'));
      expect(unknown).toContain('不存在');
      const notMine = await refused('路人', `/team --team ${TEAM}`, dm('路人'));
      // The same answer as for a team that does not exist: no hint that it does.
      expect(notMine).toBe(zh.errors.unknownTeam(TEAM));
      expect(notMine).not.toContain('城关镇');
    });

    it('a user in no team is told so', async () => {
      expect(await refused('路人', '/team', dm('路人'))).toBe(zh.errors.noTeamInDm);
    });

    it('--team without a value is refused', async () => {
      expect(await refused('组员', '/team --team', dm('组员'))).toContain('--team');
    });
  });

  it('--team in a group chat is refused, and nothing is saved', async () => {
    expect(await refused('组员', `/team --team ${TEAM}`)).toBe(zh.errors.teamOptionInGroup);
    const text = await refusedUnchanged('admin', `/team add 新人 组员 --team ${TEAM}`);
    expect(text).toContain('--team');
  });
});

describe('/team create', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  it('creates a team and binds this chat to it', async () => {
    const text = await ok('admin', `/team create ${TEAM}`);
    expect(text).toContain(`已新建巡察组「${TEAM}」`);
    const team = await stored();
    expect(team.name).toBe(TEAM);
    expect(team.chats).toEqual(['console:main']);
    expect(team.createdBy).toBe('console:admin');
    expect(team.members).toEqual([]);
    expect((await h.bot.services.teams.byChat('console:main'))?.id).toBe(team.id);
    expect(await ok('admin', '/team')).toContain(`巡察组「${TEAM}」`);
  });

  it('keeps full-width spaces and Chinese quotes in names', async () => {
    await ok('admin', '/team create “第二　巡察组”', 'g2');
    expect((await h.bot.services.teams.byName('第二 巡察组'))?.chats).toEqual(['console:g2']);
    expect(await ok('admin', '/team', 'g2')).toContain('巡察组「第二 巡察组」');

    // Unquoted words after create form the name; full-width spaces separate the command words.
    await ok('admin', '/team　create　第三　巡察组', 'g3');
    expect((await h.bot.services.teams.byName('第三 巡察组'))?.chats).toEqual(['console:g3']);

    await ok('admin', '/team create 「第四 巡察组」', 'g4');
    expect(await h.bot.services.teams.byName('第四 巡察组')).toBeDefined();
  });

  it('without a name: the usage line, and no team', async () => {
    const text = await refused('admin', '/team create');
    expect(text).toContain('缺少名称');
    expect(text).toContain('用法：/team create <组名>');
    expect(await h.bot.services.teams.all()).toEqual([]);
    expect(await h.bot.services.teams.byChat('console:main')).toBeUndefined();
  });

  it('a blank or an over-long name is refused with the usage line', async () => {
    const blank = await refused('admin', '/team create “　”');
    expect(blank).toContain('名称不能为空');
    expect(blank).toContain('用法：');
    const long = await refused('admin', `/team create ${'组'.repeat(41)}`);
    expect(long).toContain('40');
    expect(long).toContain('用法：/team create <组名>');
    expect(await h.bot.services.teams.all()).toEqual([]);
  });

  it('a taken name is refused (any case) and the new chat stays unbound', async () => {
    await ok('admin', '/team create Alpha');
    const text = await refused('admin', '/team create alpha', 'g2');
    expect(text).toContain('已有名为「alpha」的巡察组');
    expect(await h.bot.services.teams.all()).toHaveLength(1);
    expect(await h.bot.services.teams.byChat('console:g2')).toBeUndefined();
  });

  it('a chat already bound to a team cannot get a second one', async () => {
    await ok('admin', `/team create ${TEAM}`);
    const text = await refused('admin', '/team create 第二巡察组');
    expect(text).toContain(`本群已绑定巡察组「${TEAM}」`);
    expect(await h.bot.services.teams.byName('第二巡察组')).toBeUndefined();
    expect((await h.bot.services.teams.byChat('console:main'))?.name).toBe(TEAM);
  });

  it('is refused in a direct message', async () => {
    const text = await refused('admin', `/team create ${TEAM}`, dm('admin'));
    expect(text).toBe(zh.errors.groupOnly);
    expect(await h.bot.services.teams.all()).toEqual([]);
  });

  it('only the office may create a team; the refusal names 巡察办', async () => {
    await ok('admin', `/team create ${TEAM}`);
    await ok('admin', '/team add 组长 组长');
    for (const user of ['组长', '路人']) {
      const text = await refused(user, '/team create 第二巡察组', 'g2');
      expect(text).toMatch(/^只有巡察办可以使用 \/team (create|bind)，你不在巡察办名单中。请联系巡察办办理。$/);
    }
    expect(await h.bot.services.teams.all()).toHaveLength(1);
    expect(await h.bot.services.teams.byChat('console:g2')).toBeUndefined();
  });
});

describe('/team bind', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });

  it('binds another group chat to an existing team', async () => {
    expect(await ok('admin', `/team bind ${TEAM}`, 'g2')).toContain(`本群已绑定巡察组「${TEAM}」`);
    expect((await stored()).chats).toEqual(['console:main', 'console:g2']);
    expect(await ok('组员', '/team', 'g2')).toContain(`巡察组「${TEAM}」`);
    const entry = (await stored()).history.at(-1);
    expect(entry).toMatchObject({ by: 'console:admin', field: 'chat', to: 'console:g2' });
  });

  it('finds the team by name ignoring case, and in Chinese quotes', async () => {
    await ok('admin', '/team create “Team Two”', 'g2');
    await ok('admin', '/team bind “team two”', 'g3');
    expect((await h.bot.services.teams.byName('Team Two'))?.chats).toEqual(['console:g2', 'console:g3']);
  });

  it('binding the same chat to its own team again is harmless', async () => {
    const before = await stored();
    await ok('admin', `/team bind ${TEAM}`);
    expect(await stored()).toEqual(before);
  });

  it('an unknown team is refused and the chat stays unbound', async () => {
    const text = await refused('admin', '/team bind 不存在', 'g2');
    expect(text).toBe(zh.errors.unknownTeam('不存在'));
    expect(await h.bot.services.teams.byChat('console:g2')).toBeUndefined();
  });

  it('a group bound to another team cannot be re-bound', async () => {
    await ok('admin', '/team create 第二巡察组', 'g2');
    const text = await refused('admin', `/team bind ${TEAM}`, 'g2');
    expect(text).toContain('本群已绑定巡察组「第二巡察组」');
    expect((await h.bot.services.teams.byChat('console:g2'))?.name).toBe('第二巡察组');
    expect((await stored()).chats).toEqual(['console:main']);
  });

  it('without a name: the usage line', async () => {
    const text = await refused('admin', '/team bind', 'g2');
    expect(text).toContain('用法：/team bind <组名>');
    expect(await h.bot.services.teams.byChat('console:g2')).toBeUndefined();
  });

  it('is refused in a direct message', async () => {
    expect(await refusedUnchanged('admin', `/team bind ${TEAM}`, dm('admin'))).toBe(zh.errors.groupOnly);
  });

  it('only the office may bind; a leader is refused with 巡察办 named', async () => {
    for (const user of ['组长', '组员', '路人']) {
      const text = await refusedUnchanged(user, `/team bind ${TEAM}`, 'g2');
      expect(text).toMatch(/^只有巡察办可以使用 \/team (create|bind)，你不在巡察办名单中。请联系巡察办办理。$/);
    }
    expect(await h.bot.services.teams.byChat('console:g2')).toBeUndefined();
  });
});

describe('/team add', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });

  it('the leader adds a member; the card and the record show it', async () => {
    expect(await ok('组长', '/team add 新人 组员')).toBe('已添加 新人 为组员。');
    expect(roleLine(await ok('组员', '/team'), '组员')).toBe('组员：组员、组员二、新人');
    const member = (await stored()).members.find((m) => m.user === 'console:新人');
    expect(member).toMatchObject({ role: 'member', addedBy: 'console:组长' });
    expect(member?.unit).toBeUndefined();
    // The new member now finds the team in a direct message.
    expect(await ok('新人', '/team', dm('新人'))).toContain(TEAM);
  });

  it('accepts Chinese and English role names, in any case', async () => {
    const cases: Array<[string, string, string]> = [
      ['甲', '组长', 'leader'],
      ['乙', 'Leader', 'leader'],
      ['丙', '副组长', 'deputy'],
      ['丁', 'DEPUTY', 'deputy'],
      ['戊', '组员', 'member'],
      ['己', 'member', 'member'],
      ['庚', '联络员 --unit 东关村', 'liaison'],
      ['辛', 'liaison --unit 东关村', 'liaison'],
    ];
    for (const [user, role] of cases) await ok('admin', `/team add ${user} ${role}`);
    const members = (await stored()).members;
    for (const [user, , role] of cases) {
      expect(members.find((m) => m.user === `console:${user}`)?.role, user).toBe(role);
    }
  });

  it('a liaison is tied to a unit given with --unit, in any case and in quotes', async () => {
    expect(await ok('组长', '/team add 联二 联络员 --unit 东关村')).toBe('已添加 联二 为联络员（东关村）。');
    await ok('admin', '/team unit add “新城 街道”');
    await ok('组长', '/team add 联三 liaison --unit “新城　街道”');
    const members = (await stored()).members;
    expect(members.find((m) => m.user === 'console:联二')?.unit).toBe('东关村');
    expect(members.find((m) => m.user === 'console:联三')?.unit).toBe('新城 街道');
    expect(roleLine(await ok('组长', '/team'), '联络员')).toBe('联络员：联络员（城关镇）、联二（东关村）、联三（新城 街道）');
  });

  it('a liaison needs --unit', async () => {
    const text = await refusedUnchanged('组长', '/team add 联二 联络员');
    expect(text).toBe(zh.errors.liaisonNeedsUnit);
    expect(text).toContain('--unit');
  });

  it('an unknown unit is refused and the known ones are listed', async () => {
    const text = await refusedUnchanged('组长', '/team add 联二 联络员 --unit 西关村');
    expect(text).toContain('西关村');
    expect(text).toContain('城关镇、东关村');
  });

  it('--unit is only for a liaison', async () => {
    expect(await refusedUnchanged('组长', '/team add 新人 组员 --unit 城关镇')).toBe(zh.errors.unitOnlyForLiaison);
  });

  it('an unknown role is refused and the roles are listed', async () => {
    const text = await refusedUnchanged('组长', '/team add 新人 组织部长');
    expect(text).toContain('组织部长');
    expect(text).toContain('组长、副组长、组员、联络员');
  });

  it('missing or extra arguments: the usage line, nothing saved', async () => {
    const usage = '用法：/team add <用户> <角色> [--unit <单位>] [--org 纪委监委|组织部]';
    expect(await refusedUnchanged('组长', '/team add')).toBe(`缺少用户。请按下面的用法补上。\n${usage}`);
    expect(await refusedUnchanged('组长', '/team add 新人')).toBe(`缺少角色。请按下面的用法补上。\n${usage}`);
    const extra = await refusedUnchanged('组长', '/team add 新 人 组员');
    expect(extra).toContain('多余的参数');
    expect(extra).toContain(usage);
    const option = await refusedUnchanged('组长', '/team add 新人 组员 --role 组员');
    expect(option).toContain('--role');
    expect(option).toContain(usage);
    const noValue = await refusedUnchanged('组长', '/team add 联二 联络员 --unit');
    expect(noValue).toContain('--unit');
    expect(noValue).toContain(usage);
  });

  it('an unreadable user is refused', async () => {
    expect(await refusedUnchanged('组长', '/team add a:b 组员')).toBe(zh.errors.unknownUser('a:b'));
  });

  it('accepts @name and a platform address; a mention only where its platform writes it', async () => {
    await ok('组长', '/team add ＠新人 组员');
    await ok('组长', '/team add slack:U123 组员');
    const members = (await stored()).members;
    expect(members.find((m) => m.user === 'console:新人')?.role).toBe('member');
    expect(members.find((m) => m.user === 'slack:U123')?.role).toBe('member');
    expect(roleLine(await ok('组长', '/team'), '组员')).toBe('组员：组员、组员二、新人、U123');
    // Slack's <@U…> means something only in what Slack sends (test/adapters/slack.test.ts); typed here it names nobody.
    expect(await refusedUnchanged('组长', '/team add <@U456|老李> 组员')).toBe(zh.errors.unknownUser('<@U456|老李>'));
  });

  it('a typed address counts only on a platform the bot knows', async () => {
    expect(await refusedUnchanged('组长', '/team add http://x 组员')).toBe(zh.errors.unknownUser('http://x'));
  });

  it('full-width spaces separate the arguments', async () => {
    await ok('组长', '/team　add　新人　组员');
    expect((await stored()).members.find((m) => m.user === 'console:新人')?.role).toBe('member');
  });

  describe('roles', () => {
    it('a member, a deputy, a liaison and a non-member are refused; the reply names 组长 and 巡察办', async () => {
      for (const [user, yours] of [
        ['组员', '（你的角色：组员）'],
        ['副组长', '（你的角色：副组长）'],
        ['联络员', '（你的角色：联络员）'],
        ['路人', '（你不是本组成员）'],
      ]) {
        const text = await refusedUnchanged(user!, '/team add 新人 组员');
        expect(text).toBe(`需要以下角色之一：巡察办、组长${yours}。${yours!.includes('你不是') ? '如需加入，请联系组长或巡察办。' : '请由巡察办或组长办理。'}`);
      }
    });

    it('a leader may not appoint a leader or a deputy (office only)', async () => {
      for (const role of ['组长', 'leader', '副组长', 'deputy']) {
        const text = await refusedUnchanged('组长', `/team add 新人 ${role}`);
        expect(text).toBe(`${/组长|leader/.test(role) && !/副|deputy/.test(role) ? '组长' : '副组长'}由巡察办任命或移除。请联系巡察办办理。`);
      }
    });

    it('a leader may not promote a member to deputy nor demote the deputy or themself', async () => {
      await refusedUnchanged('组长', '/team add 组员 副组长');
      await refusedUnchanged('组长', '/team add 副组长 组员');
      await refusedUnchanged('组长', '/team add 组长 组员');
    });

    it('an office admin who is also a member keeps the office rights', async () => {
      await ok('admin', '/team add admin 组员');
      expect((await stored()).members.find((m) => m.user === 'console:admin')?.role).toBe('member');
      expect(await ok('admin', '/team add 新组长 组长')).toBe('已添加 新组长 为组长。');
      await ok('admin', '/team remove 副组长');
      expect(roleLine(await ok('admin', '/team'), '组员')).toBe('组员：组员、组员二、admin');
    });

    it('the office appoints leaders and deputies', async () => {
      expect(await ok('admin', '/team add 新组长 组长')).toBe('已添加 新组长 为组长。');
      await ok('admin', '/team add 新副 deputy');
      const card = await ok('组长', '/team');
      expect(roleLine(card, '组长')).toBe('组长：组长、新组长');
      expect(roleLine(card, '副组长')).toBe('副组长：副组长、新副');
    });
  });

  describe('changing the role of a member', () => {
    it('the office changes a role; history keeps old → new', async () => {
      expect(await ok('admin', '/team add 组员二 组长')).toBe('已将 组员二 的角色由组员改为组长。');
      const team = await stored();
      expect(team.members.filter((m) => m.user === 'console:组员二' && !m.removedAt)).toHaveLength(1);
      expect(team.members.find((m) => m.user === 'console:组员二')?.role).toBe('leader');
      expect(team.history.at(-1)).toMatchObject({ by: 'console:admin', field: 'member console:组员二', from: 'member', to: 'leader' });
      const card = await ok('组长', '/team');
      expect(roleLine(card, '组长')).toBe('组长：组长、组员二');
      expect(roleLine(card, '组员')).toBe('组员：组员');
    });

    it('never turns a member into a liaison in place, nor a liaison into a member, nor a liaison to another unit', async () => {
      const audit = async () => (await h.bot.services.audit.list((await stored()).id)).length;
      const entries = await audit();
      for (const line of ['/team add 组员 联络员 --unit 东关村', '/team add 联络员 组员', '/team add 联络员 副组长', '/team add 联络员 联络员 --unit 东关村']) {
        const text = await refusedUnchanged('admin', line);
        expect(text).toContain('/team remove');
        expect(text).toContain('不能直接改为');
      }
      expect(await audit()).toBe(entries);
      // The liaison still reads no finding.
      expect((await h.say('联络员', '/finding list'))[0]).toMatchObject({ error: true });
    });

    it('lets a liaison become a member only by removal and re-adding, both on record', async () => {
      const teamId = (await stored()).id;
      await ok('admin', '/team remove 联络员');
      await ok('admin', '/team add 联络员 组员');
      const team = await stored();
      expect(team.members.filter((m) => m.user === 'console:联络员').map((m) => [m.role, m.unit, Boolean(m.removedAt)])).toEqual([
        ['liaison', '城关镇', true],
        ['member', undefined, false],
      ]);
      const log = (await h.bot.services.audit.list(teamId)).slice(-2);
      expect(log.map((e) => [e.action, e.ref, e.field])).toEqual([
        ['member-remove', 'console:联络员', 'liaison:城关镇'],
        ['member-add', 'console:联络员', 'member'],
      ]);
    });

    it('records a change between leader, deputy and member in the audit log', async () => {
      const teamId = (await stored()).id;
      await ok('admin', '/team add 组员 副组长');
      expect((await h.bot.services.audit.list(teamId)).at(-1)).toMatchObject({ user: 'console:admin', action: 'member-role', ref: 'console:组员', field: 'member→deputy' });
    });

    it('refuses a liaison of a unit as an inspector of another team that inspects it, and the other way round', async () => {
      await ok('admin', '/team create 第二巡察组', 'g2');
      await ok('admin', '/team unit add 城关镇', 'g2');
      await ok('admin', '/team unit add 西关村', 'g2');
      // 联络员 speaks for 城关镇 in the first team; the second team inspects 城关镇 too.
      const asMember = await refused('admin', '/team add 联络员 组员', 'g2');
      expect(asMember).toContain('城关镇的联络员');
      // 组员 inspects 城关镇 in the first team: not 城关镇's liaison in the second.
      const asLiaison = await refused('admin', '/team add 组员 联络员 --unit 城关镇', 'g2');
      expect(asLiaison).toContain('不能同时担任城关镇的联络员');
      // Another unit is another matter.
      await ok('admin', '/team add 组员 联络员 --unit 西关村', 'g2');
      expect((await stored('第二巡察组')).members.map((m) => [m.user, m.role])).toEqual([['console:组员', 'liaison']]);
    });
    it('re-adding a member with the same role says so and changes nothing', async () => {
      const before = await stored();
      expect(await ok('组长', '/team add 组员 member')).toBe('组员 已是组员，没有变化。');
      expect(await ok('组长', '/team add 联络员 联络员 --unit 城关镇')).toBe('联络员 已是联络员（城关镇），没有变化。');
      expect(await stored()).toEqual(before);
    });
  });

  it('in a direct message the leader manages the team', async () => {
    await ok('组长', '/team add 新人 组员', dm('组长'));
    expect((await stored()).members.find((m) => m.user === 'console:新人')?.role).toBe('member');
  });

  it('in an unbound group nothing is added and no team data is shown', async () => {
    const text = await refusedUnchanged('admin', '/team add 新人 组员', 'other');
    expect(text).toBe(zh.errors.notBound);
    expect(text).not.toContain(TEAM);
  });
});

describe('/team remove', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });

  it('the leader removes a member; the card drops them and the record keeps them', async () => {
    expect(await ok('组长', '/team remove 组员')).toBe('已移除 组员，历史记录保留。');
    expect(roleLine(await ok('组长', '/team'), '组员')).toBe('组员：组员二');
    const team = await stored();
    const record = team.members.find((m) => m.user === 'console:组员');
    expect(record?.role).toBe('member');
    expect(record?.removedAt).toBe(h.clock.now().toISOString());
    expect(team.history.at(-1)).toMatchObject({ by: 'console:组长', field: 'member console:组员', from: 'member' });
    expect(team.history.at(-1)?.to).toBeUndefined();
  });

  it('a removed member loses access, in the group and in a direct message', async () => {
    await ok('组长', '/team remove 组员');
    expect(await refused('组员', '/team')).toContain('你不是本组成员');
    expect(await refused('组员', '/team', dm('组员'))).toBe(zh.errors.noTeamInDm);
  });

  it('a removed member can be added again, with history of both', async () => {
    await ok('组长', '/team remove 组员');
    expect(await ok('组长', '/team add 组员 组员')).toBe('已添加 组员 为组员。');
    const team = await stored();
    const records = team.members.filter((m) => m.user === 'console:组员');
    expect(records).toHaveLength(2);
    expect(records.filter((m) => !m.removedAt)).toHaveLength(1);
    expect(team.history.filter((c) => c.field === 'member console:组员')).toHaveLength(3);
    expect(roleLine(await ok('组长', '/team'), '组员')).toBe('组员：组员二、组员');
    expect(await ok('组员', '/team', dm('组员'))).toContain(TEAM);
    // And removed again.
    await ok('组长', '/team remove 组员');
    expect((await stored()).members.filter((m) => m.user === 'console:组员' && !m.removedAt)).toHaveLength(0);
  });

  it('the leader removes a liaison', async () => {
    await ok('组长', '/team remove 联络员');
    expect(roleLine(await ok('组长', '/team'), '联络员')).toBeUndefined();
  });

  it('only the office removes a leader or a deputy', async () => {
    for (const user of ['副组长', '组长']) {
      expect(await refusedUnchanged('组长', `/team remove ${user}`)).toBe(`${user}由巡察办任命或移除。请联系巡察办办理。`);
    }
    await ok('admin', '/team remove 副组长');
    expect(roleLine(await ok('组长', '/team'), '副组长')).toBeUndefined();
  });

  it('a member, a deputy, a liaison and a non-member are refused with 组长 named', async () => {
    for (const user of ['组员', '副组长', '联络员', '路人']) {
      const text = await refusedUnchanged(user, '/team remove 组员二');
      expect(text).toMatch(/^需要以下角色之一：巡察办、组长（/);
    }
  });

  it('someone not in the team, or an unreadable user, is refused', async () => {
    expect(await refusedUnchanged('组长', '/team remove 路人')).toBe(zh.errors.notMember('路人'));
    expect(await refusedUnchanged('组长', '/team remove a:b')).toBe(zh.errors.unknownUser('a:b'));
  });

  it('removing twice is refused the second time', async () => {
    await ok('组长', '/team remove 组员二');
    expect(await refusedUnchanged('组长', '/team remove 组员二')).toBe(zh.errors.notMember('组员二'));
  });

  it('missing or extra arguments: the usage line', async () => {
    expect(await refusedUnchanged('组长', '/team remove')).toBe('缺少用户。请按下面的用法补上。\n用法：/team remove <用户>');
    expect(await refusedUnchanged('组长', '/team remove 组员 组员二')).toContain('用法：/team remove <用户>');
  });
});

describe('/team unit add', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });

  it('the leader adds a unit; the card and the record show it', async () => {
    expect(await ok('组长', '/team unit add 城南社区')).toBe('已添加被巡察单位「城南社区」。现有单位：城关镇、东关村、城南社区');
    expect(await ok('组员', '/team')).toContain('被巡察单位：城关镇、东关村、城南社区');
    const team = await stored();
    expect(team.units.map((u) => u.name)).toEqual(['城关镇', '东关村', '城南社区']);
    expect(team.history.at(-1)).toMatchObject({ by: 'console:组长', field: 'unit', to: '城南社区' });
  });

  it('keeps spaces in a unit name: unquoted words, full-width spaces, Chinese quotes', async () => {
    await ok('admin', '/team unit add 县　教育局');
    await ok('admin', '/team unit add “县 卫健局”');
    expect((await stored()).units.map((u) => u.name).slice(2)).toEqual(['县 教育局', '县 卫健局']);
  });

  it('a unit already there is refused (any case)', async () => {
    await ok('admin', '/team unit add Bank');
    expect(await refusedUnchanged('组长', '/team unit add 城关镇')).toBe(zh.errors.unitExists('城关镇'));
    expect(await refusedUnchanged('组长', '/team unit add bank')).toBe(zh.errors.unitExists('bank'));
  });

  it('missing, blank or over-long: the usage line, nothing saved', async () => {
    const usage = '用法：/team unit add <单位>';
    expect(await refusedUnchanged('组长', '/team unit add')).toBe(`缺少单位。请按下面的用法补上。\n${usage}`);
    expect(await refusedUnchanged('组长', '/team unit add “　”')).toBe(`单位不能为空。请写上单位。\n${usage}`);
    const long = await refusedUnchanged('组长', `/team unit add ${'单'.repeat(61)}`);
    expect(long).toContain('60');
    expect(long).toContain(usage);
  });

  it('a member, a deputy, a liaison and a non-member are refused with 组长 named', async () => {
    for (const user of ['组员', '副组长', '联络员', '路人']) {
      expect(await refusedUnchanged(user, '/team unit add 城南社区')).toMatch(/^需要以下角色之一：巡察办、组长（/);
    }
  });

  it('in an unbound group it is refused without team data', async () => {
    const text = await refused('admin', '/team unit add 城南社区', 'other');
    expect(text).toBe(zh.errors.notBound);
    expect((await stored()).units).toHaveLength(2);
  });
});

describe('/team period', () => {
  beforeEach(async () => {
    // The harness clock: 2026-11-25 09:00 in Asia/Shanghai.
    h = await createHarness();
    await withTeam(h);
  });

  it('the leader sets the dates; the card and the record show them', async () => {
    expect(await ok('组长', '/team period 2026-12-01 2026-12-31')).toBe(
      [
        '已设置本轮巡察日期：进驻 2026-12-01、巡察结束 2026-12-31。',
        '未设置：驻点结束（按巡察结束计）、反馈。',
        '反馈日期确定后，用 /team period … --feedback <日期> 设置，即推算整改方案和整改情况报告的报送时限。',
      ].join('\n'),
    );
    expect(await ok('组员', '/team')).toContain('巡察期间：2026-12-01 至 2026-12-31');
    const team = await stored();
    expect(team.period).toEqual({ entry: '2026-12-01', end: '2026-12-31' });
    expect(team.history.at(-1)).toMatchObject({ by: 'console:组长', field: 'period', to: '2026-12-01~2026-12-31~-~-' });
    expect(team.history.at(-1)?.from).toBeUndefined();
  });

  it('accepts the date forms people type', async () => {
    await ok('组长', '/team period 12月1日 12-31');
    expect((await stored()).period).toEqual({ entry: '2026-12-01', end: '2026-12-31' });
    await ok('组长', '/team period 明天 +30d');
    expect((await stored()).period).toEqual({ entry: '2026-11-26', end: '2026-12-25' });
  });

  it('a one-day round is fine', async () => {
    await ok('组长', '/team period 2026-12-01 2026-12-01');
    expect((await stored()).period).toEqual({ entry: '2026-12-01', end: '2026-12-01' });
  });

  it('changing the dates keeps the old ones in history', async () => {
    await ok('组长', '/team period 2026-12-01 2026-12-31');
    await ok('admin', '/team period 2026-12-02 2027-01-15');
    const team = await stored();
    expect(team.period).toEqual({ entry: '2026-12-02', end: '2027-01-15' });
    expect(team.history.at(-1)).toMatchObject({
      by: 'console:admin',
      field: 'period',
      from: '2026-12-01~2026-12-31~-~-',
      to: '2026-12-02~2027-01-15~-~-',
    });
  });

  it('missing or extra arguments: the usage line, nothing saved', async () => {
    const usage = '用法：/team period <进驻日期> <结束日期> [--onsite-end <日期>] [--feedback <日期>]';
    expect(await refusedUnchanged('组长', '/team period')).toBe(`缺少进驻日期。请按下面的用法补上。\n${usage}`);
    expect(await refusedUnchanged('组长', '/team period 2026-12-01')).toBe(`缺少结束日期。请按下面的用法补上。\n${usage}`);
    expect(await refusedUnchanged('组长', '/team period 2026-12-01 2026-12-31 2027-01-01')).toContain(usage);
  });

  it('an unreadable date or an end before the entry is refused, nothing saved', async () => {
    const bad = await refusedUnchanged('组长', '/team period 下周 2026-12-31');
    expect(bad).toContain('看不懂日期「下周」');
    expect(bad).toContain('2026-12-31');
    expect(await refusedUnchanged('组长', '/team period 2026-12-01 2026-02-30')).toBe('2026年2月没有30日。请检查日期：2月最后一天是28日。');
    expect(await refusedUnchanged('组长', '/team period 2026-12-31 2026-12-01')).toBe(
      '结束日期 2026-12-01 早于进驻日期 2026-12-31。请检查两个日期的先后。',
    );
    expect((await stored()).period).toBeUndefined();
  });

  it('a member, a deputy, a liaison and a non-member are refused with 组长 named', async () => {
    for (const user of ['组员', '副组长', '联络员', '路人']) {
      expect(await refusedUnchanged(user, '/team period 2026-12-01 2026-12-31')).toMatch(/^需要以下角色之一：巡察办、组长（/);
    }
  });
});

describe('XC_LANG=en', () => {
  beforeEach(async () => {
    h = await createHarness({ env: { XC_LANG: 'en' } });
    await withTeam(h);
  });

  it('refusals and bad input come in English', async () => {
    expect(await refusedUnchanged('组员', '/team add 新人 member')).toBe('This needs one of these roles: office admin, leader (yours: member). Ask the office admin or leader to do it.');
    expect(await refusedUnchanged('组长', '/team add 新人 deputy')).toBe('The office appoints and removes a deputy leader. Ask the office to do it.');
    expect(await refusedUnchanged('组长', '/team add')).toBe('Missing the user. Add it as the usage below shows.\nUsage: /team add <user> <role> [--unit <unit>] [--org 纪委监委|组织部]');
    expect(await refusedUnchanged('组长', '/team add 联二 liaison')).toBe('A liaison needs the unit they speak for. Add --unit <unit>, such as --unit 城关镇.');
    const unbound = await refused('组员', '/team', 'other');
    expect(unbound).toMatch(/^This chat is not bound to a team/);
    expect(unbound).not.toMatch(/\p{Script=Han}/u);
  });

  it('Chinese role names are accepted and the card is in English', async () => {
    expect(await ok('admin', '/team add 新人 组员')).toBe('Added 新人 as member.');
    const card = await ok('组员', '/team');
    expect(card).toContain(`Team “${TEAM}”`);
    expect(card).toContain('Units: 城关镇, 东关村');
    expect(card).toContain('member: 组员, 组员二, 新人');
    expect(card).toContain('liaison: 联络员 (城关镇)');
  });
});

describe('/team period milestones', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });

  it('records the end of on-site work and feedback; the card shows the derived plan and report deadlines', async () => {
    const text = await h.text('组长', '/team period 2026-11-01 2026-12-31 --onsite-end 2026-12-10 --feedback 2026-12-20');
    // Every date it set, and the deadlines that follow from feedback (RECT_PLAN_DAYS 30, RECT_REPORT_DAYS 60 by default).
    expect(text).toBe(
      [
        '已设置本轮巡察日期：进驻 2026-11-01、驻点结束 2026-12-10、巡察结束 2026-12-31、反馈 2026-12-20。',
        '由反馈日期推算（反馈后 30 天、60 天，以本地规定为准）：整改方案应于 2027-01-19 前报送，整改情况报告应于 2027-02-18 前报送。',
      ].join('\n'),
    );
    const team = (await h.bot.services.teams.byName('第一巡察组'))!;
    expect(team.period).toEqual({ entry: '2026-11-01', end: '2026-12-31', onsiteEnd: '2026-12-10', feedback: '2026-12-20' });
    // RECT_PLAN_DAYS 30 and RECT_REPORT_DAYS 60 by default, counted from feedback
    expect(await h.text('组员', '/team')).toContain(
      '时间节点：驻点结束 2026-12-10、反馈 2026-12-20、整改方案报送时限 2027-01-19、整改情况报告报送时限 2027-02-18\n整改方案、整改情况报告的报送时限为反馈后 30 天、60 天，以本地规定为准。',
    );
  });

  it('says which dates set before it clears, and derives the deadlines from the office’s spans', async () => {
    await h.text('组长', '/team period 2026-11-01 2026-12-31 --onsite-end 2026-12-10 --feedback 2026-12-20');
    expect(await h.text('组长', '/team period 2026-11-01 2026-12-31')).toBe(
      [
        '已设置本轮巡察日期：进驻 2026-11-01、巡察结束 2026-12-31。',
        '未设置：驻点结束（按巡察结束计）、反馈。',
        '原有的驻点结束 2026-12-10、反馈 2026-12-20 已清除：/team period 每次设置本轮全部日期，没有给出的不保留。',
        '反馈日期确定后，用 /team period … --feedback <日期> 设置，即推算整改方案和整改情况报告的报送时限。',
      ].join('\n'),
    );
    const local = await createHarness({ env: { RECT_PLAN_DAYS: '15', RECT_REPORT_DAYS: '90' } });
    try {
      await withTeam(local);
      expect((await local.text('组长', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-20')).split('\n').at(-1)).toBe(
        '由反馈日期推算（反馈后 15 天、90 天，以本地规定为准）：整改方案应于 2027-01-04 前报送，整改情况报告应于 2027-03-20 前报送。',
      );
    } finally {
      await local.dispose();
    }
  });

  it('gives each date once on the card, at every stage of the round, and the note on the deadlines once', async () => {
    await h.text('组长', '/team period 2026-12-01 2026-12-31 --onsite-end 2026-12-20 --feedback 2027-01-15');
    for (const day of ['2026-11-25', '2026-12-05', '2026-12-25', '2027-01-05', '2027-01-20', '2027-02-20', '2027-03-20']) {
      h.clock.set(`${day}T09:00:00+08:00`);
      if (day === '2027-02-20') await h.text('组长', '/team received plan --unit 城关镇 --date 2027-02-10');
      const card = await h.text('组员', '/team');
      const lines = card.split('\n');
      expect(new Set(lines).size, card).toBe(lines.length);
      for (const date of ['2026-12-20', '2027-01-15', '2027-02-14', '2027-03-16']) expect(card.split(date).length - 1, `${day}: ${date}\n${card}`).toBe(1);
      expect(card.match(/以本地规定为准/g), card).toHaveLength(1);
    }
    const late = await h.text('组员', '/team');
    expect(late).toContain('整改方案（应于 2027-02-14 前报送）：城关镇 2027-02-10 已报送、东关村 逾期 34 天未报送');
    expect(late).toContain('整改情况报告（应于 2027-03-16 前报送）：城关镇 逾期 4 天未报送、东关村 逾期 4 天未报送');
  });

  it('refuses an on-site end outside the period and a feedback before entry, saving nothing', async () => {
    const outside = await h.say('组长', '/team period 2026-11-01 2026-12-31 --onsite-end 2027-01-05');
    expect(outside[0]).toMatchObject({ error: true, text: '驻点结束日期 2027-01-05 不在巡察期间 2026-11-01 至 2026-12-31 内。请改为这期间内的日期。' });
    const early = await h.say('组长', '/team period 2026-11-01 2026-12-31 --feedback 2026-10-01');
    expect(early[0]).toMatchObject({ error: true, text: '反馈日期 2026-10-01 早于进驻日期 2026-11-01。请改为进驻之后的日期。' });
    const bad = await h.say('组长', '/team period 2026-11-01 2026-12-31 --feedback 某天');
    expect(bad[0]!.text).toContain('看不懂日期「某天」');
    expect((await h.bot.services.teams.byName('第一巡察组'))!.period).toBeUndefined();
  });
});

describe('/team add … 监督 (a supervisor)', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });

  it('the office adds a supervisor with the body they come from; the card lists them; before feedback they are told from when', async () => {
    const added = await ok('admin', '/team add 纪检员 监督 --org 纪委');
    expect(added).toBe('已添加 纪检员 为监督（纪委监委）。\n整改监督自反馈之日起开始：反馈日期确定后可以查看本组的整改任务、记录回头看，并收到每日提醒中的整改部分。');
    await ok('admin', '/team add 组织干事 supervisor');
    const team = await stored();
    expect(team.members.filter((m) => m.role === 'supervisor').map((m) => [m.user, m.org])).toEqual([
      ['console:纪检员', '纪委监委'],
      ['console:组织干事', undefined],
    ]);
    expect(roleLine(await ok('组长', '/team'), '监督')).toBe('监督：纪检员（纪委监委）、组织干事');
    const log = (await h.bot.services.audit.list(team.id)).slice(-2);
    expect(log.map((e) => [e.action, e.ref, e.field])).toEqual([
      ['member-add', 'console:纪检员', 'supervisor:纪委监委'],
      ['member-add', 'console:组织干事', 'supervisor'],
    ]);
    // With the feedback date set, the reply names it.
    await ok('admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-10');
    expect(await ok('admin', '/team add 组织部干事 监督 --org 组织部')).toContain('2026-12-10 起可以查看本组的整改任务');
  });

  it('only the office appoints or removes a supervisor', async () => {
    expect(await refusedUnchanged('组长', '/team add 纪检员 监督')).toBe('监督由巡察办任命或移除。请联系巡察办办理。');
    await ok('admin', '/team add 纪检员 监督');
    expect(await refusedUnchanged('组长', '/team remove 纪检员')).toBe('监督由巡察办任命或移除。请联系巡察办办理。');
    expect(await refusedUnchanged('组长', '/team add 纪检员 组员')).toBe('监督由巡察办任命或移除。请联系巡察办办理。');
  });

  it('refuses --org for any other role, an unknown body, and a liaison turned supervisor in place', async () => {
    expect(await refusedUnchanged('admin', '/team add 新人 组员 --org 纪委监委')).toBe(zh.team.orgOnlyForSupervisor);
    const body = await refusedUnchanged('admin', '/team add 新人 监督 --org 宣传部');
    expect(body).toContain('「宣传部」');
    expect(body).toContain('纪委监委、组织部');
    for (const line of ['/team add 联络员 监督', '/team add 联络员 监督 --org 纪委监委']) expect(await refusedUnchanged('admin', line)).toContain('不能直接改为监督');
    await ok('admin', '/team add 纪检员 监督');
    expect(await refusedUnchanged('admin', '/team add 纪检员 联络员 --unit 城关镇')).toContain('不能直接改为联络员');
  });

  it('re-adding with the same body changes nothing; another body is recorded', async () => {
    await ok('admin', '/team add 纪检员 监督 --org 纪委监委');
    const before = await stored();
    expect(await ok('admin', '/team add 纪检员 监督 --org 纪委监委')).toBe('纪检员 已是监督（纪委监委），没有变化。');
    expect(await stored()).toEqual(before);
    await ok('admin', '/team add 纪检员 监督 --org 组织部');
    expect((await stored()).members.find((m) => m.user === 'console:纪检员')?.org).toBe('组织部');
  });

  it('sees nothing of the team before the feedback date, and is told when they will', async () => {
    await ok('admin', '/team add 纪检员 监督 --org 纪委监委');
    const lines = ['/team', '/rectify list', '/digest', '/finding show F-1', '/rectify followup R-1 --result 巩固'];
    for (const line of lines) {
      for (const chat of [undefined, dm('纪检员')]) {
        expect(await refused('纪检员', line, chat)).toBe(zh.errors.supervisorNoFeedback);
      }
    }
    await ok('admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-12-10');
    expect(await refused('纪检员', '/rectify list', dm('纪检员'))).toBe(zh.errors.supervisorFrom('2026-12-10'));
    h.clock.set('2026-12-10T09:00:00+08:00');
    expect(roleLine(await ok('纪检员', '/team', dm('纪检员')), '监督')).toBe('监督：纪检员（纪委监委）');
  });

  it('is no signer of the pledge', async () => {
    await ok('admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-11-20');
    await ok('admin', '/team add 纪检员 监督');
    expect(await refused('纪检员', '/secrecy ack')).toContain('你的角色：监督');
    expect(await ok('组长', '/secrecy status')).not.toContain('纪检员');
  });
});

describe('/team received plan|report', () => {
  beforeEach(async () => {
    h = await createHarness();
    await withTeam(h);
  });
  const feedback = () => ok('admin', '/team period 2026-10-01 2026-11-20 --feedback 2026-11-20');

  it('records the unit’s plan and report as they come in, late or on time, one unit at a time', async () => {
    await feedback();
    // RECT_PLAN_DAYS 30: the plan is due 2026-12-20; the harness clock stands at 2026-11-25.
    expect(await ok('组长', '/team received plan --unit 城关镇')).toBe('已登记：城关镇的整改方案于 2026-11-25 报送（时限 2026-12-20）。');
    h.clock.set('2026-12-28T09:00:00+08:00');
    expect(await ok('admin', '/team received 整改方案 --unit 东关村 --date 12-24')).toBe('已登记：东关村的整改方案于 2026-12-24 报送，逾期 4 天（应于 2026-12-20 前）。');
    const team = await stored();
    expect(team.unitReports).toEqual([
      { unit: '城关镇', kind: 'plan', date: '2026-11-25', at: '2026-11-25T01:00:00.000Z', by: 'console:组长' },
      { unit: '东关村', kind: 'plan', date: '2026-12-24', at: '2026-12-28T01:00:00.000Z', by: 'console:admin' },
    ]);
    const log = (await h.bot.services.audit.list(team.id)).slice(-2);
    expect(log.map((e) => [e.user, e.action, e.field])).toEqual([
      ['console:组长', 'unit-report', 'plan:城关镇:2026-11-25'],
      ['console:admin', 'unit-report', 'plan:东关村:2026-12-24'],
    ]);
    const card = await ok('组员', '/team');
    expect(card).toContain('整改方案（应于 2026-12-20 前报送）：城关镇 2026-11-25 已报送、东关村 2026-12-24 已报送');
    // RECT_REPORT_DAYS 60: the report is due 2027-01-19, said once for both units.
    expect(card).toContain('整改情况报告（应于 2027-01-19 前报送）：城关镇 待报送、东关村 待报送');
  });

  it('takes the team’s only unit without --unit, and reads the due spans from the settings', async () => {
    const one = await createHarness({ env: { RECT_REPORT_DAYS: '90' }, now: '2026-12-01T09:00:00+08:00' });
    try {
      for (const line of ['/team create 单组', '/team unit add 城关镇', '/team period 2026-10-01 2026-11-20 --feedback 2026-11-20']) await one.say('admin', line);
      expect((await one.say('admin', '/team received report'))[0]!.text).toBe('已登记：城关镇的整改情况报告于 2026-12-01 报送（时限 2027-02-18）。');
    } finally {
      await one.dispose();
    }
  });

  it('refuses bad input and saves nothing', async () => {
    expect(await refusedUnchanged('组长', '/team received plan --unit 城关镇')).toBe(zh.team.errors.reportNoFeedback);
    await feedback();
    expect(await refusedUnchanged('组长', '/team received 计划 --unit 城关镇')).toBe(zh.team.errors.reportKind('计划'));
    expect(await refusedUnchanged('组长', '/team received plan')).toBe(zh.team.errors.whichUnit(['城关镇', '东关村']));
    expect(await refusedUnchanged('组长', '/team received plan --unit 西关村')).toContain('没有被巡察单位「西关村」');
    expect(await refusedUnchanged('组长', '/team received plan --unit 城关镇 --date 明天')).toBe(zh.team.errors.reportInFuture('2026-11-26', '2026-11-25'));
    expect(await refusedUnchanged('组长', '/team received plan --unit 城关镇 --date 11-19')).toBe(zh.team.errors.reportBeforeFeedback('2026-11-19', '2026-11-20'));
    expect(await refusedUnchanged('组长', '/team received plan --unit 城关镇 --date 某天')).toContain('看不懂日期「某天」');
    const usage = '用法：/team received <plan|report> [--unit <单位>] [--date <日期>]';
    expect(await refusedUnchanged('组长', '/team received')).toBe(`缺少材料。请按下面的用法补上。\n${usage}`);
    expect(await refusedUnchanged('组长', '/team received plan 城关镇')).toContain(usage);
    await ok('组长', '/team received plan --unit 城关镇 --date 11-24');
    expect(await refusedUnchanged('admin', '/team received 方案 --unit 城关镇')).toBe('城关镇的整改方案已登记为 2026-11-24 报送，没有再次登记。');
  });

  it('is for the office and the leader only', async () => {
    await feedback();
    for (const [user, yours] of [['副组长', '（你的角色：副组长）'], ['组员', '（你的角色：组员）'], ['联络员', '（你的角色：联络员）'], ['路人', '（你不是本组成员）']] as const) {
      expect(await refusedUnchanged(user, '/team received plan --unit 城关镇')).toBe(`需要以下角色之一：巡察办、组长${yours}。${yours.includes('你不是') ? '如需加入，请联系组长或巡察办。' : '请由巡察办或组长办理。'}`);
    }
  });

  it('speaks English', async () => {
    const en = await createHarness({ env: { XC_LANG: 'en' } });
    try {
      await withTeam(en);
      await en.say('admin', '/team period 2026-10-01 2026-11-20 --feedback 2026-11-20');
      expect((await en.say('组长', '/team received report --unit 城关镇'))[0]!.text).toBe('Recorded: the rectification report of 城关镇 came in on 2026-11-25 (due 2027-01-19).');
      expect((await en.say('组长', '/team received plan'))[0]!.text).toBe('The team inspects several units: 城关镇, 东关村. Say which one sent it with --unit.');
    } finally {
      await en.dispose();
    }
  });
});
