/**
 * The adapter contract: what every platform must do with the core's replies, whatever its idiom.
 * Each scenario runs on a fresh driver (fresh bot, fresh store); lines are typed as users type them,
 * with `{leader}` etc. standing for the platform's way of naming a person.
 */
import { expect } from 'vitest';
import { DISPLAY_NAMES, type AdapterDriver, type Delivery, type LogicalChat, type LogicalUser } from './driver.ts';

export interface Scenario {
  title: string;
  run(d: AdapterDriver): Promise<void>;
}

/** One line typed: who, where, what. */
export type Step = readonly [LogicalUser, LogicalChat, string];

export const TEAM = '第一巡察组';
export const UNIT = '城关镇';

/** The office sets the team up in its group chat. */
export const TEAM_SETUP: readonly Step[] = [
  ['admin', 'team', `/team create ${TEAM}`],
  ['admin', 'team', `/team unit add ${UNIT}`],
  ['admin', 'team', '/team add {leader} leader'],
  ['admin', 'team', '/team add {member} member'],
  ['admin', 'team', `/team add {liaison} liaison --unit ${UNIT}`],
];

const show = (ds: Delivery[]) => JSON.stringify(ds, null, 1);
const groups = (ds: Delivery[]) => ds.filter((d) => d.to === 'group');
const privateTo = (ds: Delivery[], user: LogicalUser) => ds.filter((d) => d.to === 'private' && d.user === user);

/** Run steps that must all succeed, answered in the group where they were typed. */
async function given(d: AdapterDriver, steps: readonly Step[]): Promise<Delivery[]> {
  const all: Delivery[] = [];
  for (const [user, chat, line] of steps) {
    const ds = await d.say(user, chat, line);
    expect(ds.length, `${line}: ${show(ds)}`).toBeGreaterThan(0);
    for (const x of ds) expect(x, `${line} should be answered in the group: ${show(ds)}`).toMatchObject({ to: 'group', chat });
    all.push(...ds);
  }
  return all;
}

/** The one delivery a line got, which must be private to the one who typed it. */
function onlyPrivate(ds: Delivery[], user: LogicalUser, line: string): Delivery {
  expect(ds, `${line}: exactly one delivery, private to ${user}: ${show(ds)}`).toHaveLength(1);
  expect(ds[0], line).toMatchObject({ to: 'private', user });
  return ds[0]!;
}

/**
 * Log a finding as `user` in the team's chat; returns its reference from the reply, which reaches the
 * one who logged it alone: the team's liaison reads the group and may never read a finding.
 */
async function logFinding(d: AdapterDriver, user: LogicalUser, text: string): Promise<string> {
  const line = `/finding add ${text} --unit ${UNIT} --cat 作风`;
  const ds = await d.say(user, 'team', line);
  expect(ds, `${line}: ${show(ds)}`).toHaveLength(1);
  expect(ds[0]).toMatchObject({ to: 'private', user });
  const ref = /F-\d+/.exec(ds[0]!.text)?.[0];
  expect(ref, ds[0]!.text).toBeDefined();
  return ref!;
}

export const scenarios: Scenario[] = [
  {
    title: '1. team setup by the office is answered in the group',
    async run(d) {
      await given(d, TEAM_SETUP);
      const [card, ...more] = await given(d, [['leader', 'team', '/team']]);
      expect(more).toEqual([]);
      // Members are shown by their names on the platform, with their roles.
      for (const [user, role] of [['leader', '组长'], ['member', '组员'], ['liaison', '联络员']] as const) {
        expect(card!.text).toContain(DISPLAY_NAMES[user]);
        expect(card!.text).toContain(role);
      }
      expect(card!.text).toContain(TEAM);
      expect(card!.text).toContain(UNIT);
    },
  },
  {
    title: '2. a finding logged by a member is answered with its reference, to them alone while a liaison reads the group',
    async run(d) {
      await given(d, TEAM_SETUP);
      expect(await logFinding(d, 'member', '食堂超标准采购茶叶')).toBe('F-1');
      expect(await logFinding(d, 'member', '公车私用未登记')).toBe('F-2');
    },
  },
  {
    title: '3. a clue is shown only privately, and only to those entitled',
    async run(d) {
      const clue = '某局长亲属违规承揽工程线索';
      const seen: Delivery[] = await given(d, TEAM_SETUP);
      const ref = await logFinding(d, 'leader', clue);

      const flagged = await d.say('leader', 'team', `/finding clue ${ref}`);
      expect(flagged.length, show(flagged)).toBeGreaterThan(0);
      for (const x of flagged) expect(x, show(flagged)).toMatchObject({ to: 'private', user: 'leader' });
      seen.push(...flagged);

      const shown = await d.say('leader', 'team', `/finding show ${ref}`);
      expect(onlyPrivate(shown, 'leader', '/finding show (leader)').text).toContain(clue);
      seen.push(...shown);

      const refused = await d.say('member', 'team', `/finding show ${ref}`);
      const refusal = onlyPrivate(refused, 'member', '/finding show (member)');
      expect(refusal.text).toContain('组长');
      expect(refusal.text).not.toContain(clue);
      seen.push(...refused);

      for (const user of ['leader', 'member'] as const) {
        // Nothing listed but the count of clues: the group may read that much.
        const list = await d.say(user, 'team', '/finding list');
        expect(list, show(list)).toHaveLength(1);
        expect(list[0]!.text).toContain('另有问题线索 1 条');
        seen.push(...list);
      }
      for (const x of groups(seen)) expect(x.text).not.toContain(clue);
      for (const x of seen) if (x.text.includes(clue)) expect(x).toMatchObject({ to: 'private', user: 'leader' });
    },
  },
  {
    title: '4. a liaison asking for the findings is refused privately',
    async run(d) {
      await given(d, TEAM_SETUP);
      await logFinding(d, 'member', '食堂超标准采购茶叶');
      const ds = await d.say('liaison', 'team', '/finding list');
      const r = onlyPrivate(ds, 'liaison', '/finding list (liaison)');
      expect(r.text).toContain('组员');
      expect(r.text).not.toContain('食堂超标准采购茶叶');
    },
  },
  {
    title: '5. a chat bound to no team shows no team data',
    async run(d) {
      await given(d, TEAM_SETUP);
      const text = '食堂超标准采购茶叶';
      await logFinding(d, 'member', text);
      await d.say('leader', 'team', '/rectify add F-1 退还超标茶叶款 --owner {member} --due +7d');
      const asked: Step[] = [
        ['admin', 'other', '/team'],
        ['leader', 'other', '/team'],
        ['leader', 'other', '/finding list'],
        ['member', 'other', '/finding show F-1'],
        ['leader', 'other', '/rectify list'],
        ['leader', 'other', '/digest'],
        ['leader', 'other', '/stats'],
        ['outsider', 'other', '/finding list'],
      ];
      for (const [user, chat, line] of asked) {
        const ds = await d.say(user, chat, line);
        expect(ds.length, line).toBeGreaterThan(0);
        for (const x of ds) {
          expect(x.text, line).not.toContain(TEAM);
          expect(x.text, line).not.toContain(text);
          expect(x.text, line).not.toContain('退还超标茶叶款');
          expect(x.file, line).toBeUndefined();
          // Nothing reaches the team's chat (or anyone else) because of a line typed elsewhere.
          if (x.to === 'group') expect(x.chat, line).toBe('other');
          else expect(x.user, line).toBe(user);
        }
      }
    },
  },
  {
    title: '6. the owner of a new rectification task is told privately',
    async run(d) {
      await given(d, TEAM_SETUP);
      await logFinding(d, 'member', '食堂超标准采购茶叶');
      const ds = await d.say('leader', 'team', '/rectify add F-1 退还超标茶叶款 --owner {member} --due +7d');
      // Before feedback the liaison, who reads the group, may not read a task: the reply is the leader's.
      expect(groups(ds), show(ds)).toEqual([]);
      const [reply, ...more] = privateTo(ds, 'leader');
      expect(more, show(ds)).toEqual([]);
      expect(reply!.text).toContain('R-1');
      expect(reply!.text).toContain(DISPLAY_NAMES.member);
      const notices = privateTo(ds, 'member');
      expect(notices, show(ds)).toHaveLength(1);
      expect(notices[0]!.text).toContain('R-1');
      expect(notices[0]!.text).toContain('退还超标茶叶款');
      expect(ds, show(ds)).toHaveLength(2);
    },
  },
  {
    title: '7. /export delivers its file privately to the leader, never to the group',
    async run(d) {
      await given(d, TEAM_SETUP);
      await logFinding(d, 'member', '食堂超标准采购茶叶');
      const ds = await d.say('leader', 'team', '/export');
      const withFile = ds.filter((x) => x.file);
      expect(withFile, show(ds)).toHaveLength(1);
      expect(withFile[0]).toMatchObject({ to: 'private', user: 'leader' });
      expect(withFile[0]!.file).toMatch(/\.xlsx$/);
      expect(groups(ds), show(ds)).toEqual([]);
      for (const x of ds) expect(x).toMatchObject({ to: 'private', user: 'leader' });
    },
  },
  {
    title: '8. an unknown command and a bad argument are answered privately with the usage',
    async run(d) {
      await given(d, TEAM_SETUP);
      // Portable across platforms: Slack itself rejects an unregistered slash command, so the unknown
      // command is a subcommand of a registered family.
      const unknown = onlyPrivate(await d.say('member', 'team', '/finding frobnicate F-1'), 'member', '/finding frobnicate');
      expect(unknown.text).toContain('/finding add');
      expect(unknown.text).toContain('/finding list');
      const badOption = onlyPrivate(await d.say('member', 'team', `/finding add 茶叶 --unit ${UNIT} --cat 作风 --colour 红`), 'member', '--colour');
      expect(badOption.text).toContain('--colour');
      expect(badOption.text).toContain('用法：/finding add');
      const missing = onlyPrivate(await d.say('member', 'team', `/finding add 茶叶 --unit ${UNIT}`), 'member', 'missing --cat');
      expect(missing.text).toContain('用法：/finding add');
      const teamId = (await d.store().bot.services.teams.all())[0]!.id;
      expect(await d.store().bot.services.findings.list(teamId)).toEqual([]);
    },
  },
  {
    title: '9. the digest at 08:30 goes to the group by reference, each owner gets their own items and the leader the whole digest privately',
    async run(d) {
      await given(d, TEAM_SETUP);
      await logFinding(d, 'member', '食堂超标准采购茶叶');
      await d.say('leader', 'team', '/rectify add F-1 退还超标茶叶款 --owner {member} --due +2d');
      await d.say('leader', 'team', '/rectify add F-1 修订公务接待制度 --owner {leader} --due +3d');
      const ds = await d.digest('08:30');
      const [chat, ...more] = groups(ds);
      expect(more, show(ds)).toEqual([]);
      expect(chat, show(ds)).toMatchObject({ chat: 'team' });
      expect(chat!.text).toContain(TEAM);
      // The group, read by the liaison before feedback, gets the tasks by reference only.
      expect(chat!.text).toContain('R-1');
      expect(chat!.text).toContain('R-2');
      expect(chat!.text).not.toMatch(/退还超标茶叶款|修订公务接待制度/);
      const mine = (user: LogicalUser) => {
        const own = privateTo(ds, user);
        expect(own, `${user}: ${show(ds)}`).toHaveLength(1);
        return own[0]!.text;
      };
      expect(mine('member')).toContain('退还超标茶叶款');
      expect(mine('member')).not.toContain('R-2');
      // The leader reads the whole digest, their own R-2 in it.
      expect(mine('leader')).toContain('退还超标茶叶款');
      expect(mine('leader')).toContain('修订公务接待制度');
      expect(ds, show(ds)).toHaveLength(3);
      // Once a day: running it again the same day delivers nothing.
      expect(await d.digest(new Date(d.store().clock.now().getTime() + 60_000).toISOString())).toEqual([]);
    },
  },
  {
    title: '10. a 10,000-character line gets exactly one private error',
    async run(d) {
      await given(d, TEAM_SETUP);
      const head = '/finding add ';
      const tail = ` --unit ${UNIT} --cat 作风`;
      const line = head + '长'.repeat(10_000 - head.length - tail.length) + tail;
      expect(line).toHaveLength(10_000);
      const r = onlyPrivate(await d.say('member', 'team', line), 'member', '10,000 characters');
      expect(r.text.length).toBeLessThan(2000);
      const teamId = (await d.store().bot.services.teams.all())[0]!.id;
      expect(await d.store().bot.services.findings.list(teamId)).toEqual([]);
    },
  },
  {
    title: '11. a 请示报告 asked in the group is answered privately; the office and then the leader are told privately',
    async run(d) {
      await given(d, TEAM_SETUP);
      const matter = '拟对镇党委书记谈话请示';
      const seen: Delivery[] = [];
      const added = await d.say('leader', 'team', `/report add ${matter} --urgent`);
      seen.push(...added);
      expect(privateTo(added, 'leader')[0]!.text, show(added)).toContain('M-1');
      expect(privateTo(added, 'admin')[0]!.text, show(added)).toContain(matter);
      expect(added, show(added)).toHaveLength(2);
      const list = await d.say('leader', 'team', '/report list');
      expect(onlyPrivate(list, 'leader', '/report list (leader)').text).toContain(matter);
      const refused = await d.say('member', 'team', '/report list');
      expect(onlyPrivate(refused, 'member', '/report list (member)').text).not.toContain(matter);
      const answered = await d.say('admin', 'team', '/report answer M-1 同意谈话');
      seen.push(...list, ...refused, ...answered);
      expect(privateTo(answered, 'admin'), show(answered)).toHaveLength(1);
      expect(privateTo(answered, 'leader')[0]!.text, show(answered)).toContain('同意谈话');
      expect(answered, show(answered)).toHaveLength(2);
      expect(groups(seen), show(seen)).toEqual([]);
    },
  },
  {
    title: '12. a conflict of interest is declared only in the DM, its reason reaching the leader and the office alone, and closes the unit to its declarant',
    async run(d) {
      await given(d, TEAM_SETUP);
      const ref = await logFinding(d, 'leader', '食堂超标准采购茶叶');
      const reason = '配偶在该镇财政所任职';
      const line = `/recusal declare --unit ${UNIT} ${reason}`;
      const inGroup = onlyPrivate(await d.say('member', 'team', line), 'member', 'declare in the group');
      expect(inGroup.text).toContain('私聊');
      const declared = await d.say('member', 'dm', line);
      expect(groups(declared), show(declared)).toEqual([]);
      expect(privateTo(declared, 'member')[0]!.text, show(declared)).not.toContain(reason);
      for (const user of ['leader', 'admin'] as const) expect(privateTo(declared, user)[0]!.text, show(declared)).toContain(reason);
      expect(declared, show(declared)).toHaveLength(3);
      const closed = onlyPrivate(await d.say('member', 'dm', `/finding show ${ref}`), 'member', '/finding show (declarant)');
      expect(closed.text).toContain('回避');
      expect(closed.text).not.toContain('食堂超标准采购茶叶');
      const status = onlyPrivate(await d.say('leader', 'team', '/recusal status'), 'leader', '/recusal status (leader)');
      expect(status.text).toContain(reason);
    },
  },
];
