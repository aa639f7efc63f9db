/**
 * The adapter contract: what every platform must do with the core's replies, whatever its idiom.
 * Each scenario runs on a fresh driver (fresh bot, fresh store); lines are typed as users type them,
 * with `{leader}` etc. standing for the platform's way of naming a person.
 */
import { expect } from 'vitest';
import { DISPLAY_NAMES, type AdapterDriver, type Delivery, type DeliveryButton, type InteractiveDriver, type LogicalChat, type LogicalUser } from './driver.ts';

export interface Scenario {
  title: string;
  /** Every driver presses buttons too: the 底稿 chain and the clue channel are worked with them. */
  run(d: InteractiveDriver): Promise<void>;
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

// A file's bytes as their length: a picture spelt out number by number would bury what went wrong.
const show = (ds: Delivery[]) => JSON.stringify(ds, (_, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v), 1);
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

/** The button labelled `label` on a delivery, which must have it. */
function buttonOf(d: Delivery, label: string): DeliveryButton {
  const found = d.buttons?.find((b) => b.label === label);
  expect(found, `a button ${label} on ${show([d])}`).toBeDefined();
  return found!;
}

/**
 * `user` takes the action labelled `label` on a delivery: presses its button, or, where the platform
 * shows no buttons there (a DingTalk group: a button's message would not @ the robot), types the
 * command the message names for it, in the chat where the message sits.
 */
async function act(d: InteractiveDriver, user: LogicalUser, on: Delivery, label: string): Promise<Delivery[]> {
  const button = on.buttons?.find((b) => b.label === label);
  if (button) return d.press(user, on, button);
  const typed = new RegExp(`^${label}[：:]\\s*(/.+)$`, 'm').exec(on.text)?.[1];
  expect(typed, `a button or a command to type for ${label} on ${show([on])}`).toBeDefined();
  const chat = on.where ?? (on.to === 'group' ? on.chat : 'dm');
  expect(chat === 'team' || chat === 'other' || chat === 'dm', show([on])).toBe(true);
  return d.say(user, chat as LogicalChat, typed!);
}

/** The one delivery private to `user` among `ds`. */
function theOne(ds: Delivery[], user: LogicalUser): Delivery {
  const mine = privateTo(ds, user);
  expect(mine, `one delivery to ${user}: ${show(ds)}`).toHaveLength(1);
  return mine[0]!;
}

/**
 * The answer to a line `user` typed, wherever the gate put it: in the group (a finding's reference alone
 * may be read there) or privately to them; what others were told is not it.
 */
function replyOf(ds: Delivery[], user: LogicalUser): Delivery {
  const answers = ds.filter((x) => x.to === 'group' || x.user === user);
  expect(answers, `one answer to ${user}: ${show(ds)}`).toHaveLength(1);
  return answers[0]!;
}

/** The team with its deputy (副组长), who reviews what others draft. */
const WITH_DEPUTY: readonly Step[] = [...TEAM_SETUP, ['admin', 'team', '/team add {deputy} deputy']];

/** The first bytes of every PNG file. */
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Figures and then their chart, as /stats and /overview answer when there is anything to draw: two
 * deliveries to the same place, the second a PNG picture with no words of its own.
 */
function figuresAndPicture(ds: Delivery[], line: string): { figures: Delivery; picture: Delivery } {
  expect(ds, `${line}: the figures, then their picture: ${show(ds)}`).toHaveLength(2);
  const [figures, picture] = ds as [Delivery, Delivery];
  expect(figures.file, show(ds)).toBeUndefined();
  expect(picture, show(ds)).toMatchObject({ to: figures.to, text: '', file: expect.stringMatching(/\.png$/) });
  expect(picture.user, show(ds)).toBe(figures.user);
  expect(picture.chat, show(ds)).toBe(figures.chat);
  if (picture.data) expect([...picture.data.subarray(0, 8)], show(ds)).toEqual(PNG);
  return { figures, picture };
}

/** The team's completion rate as `/stats` states it in the group, the team's picture after it. */
async function completionRate(d: AdapterDriver): Promise<string> {
  const { figures } = figuresAndPicture(await given(d, [['leader', 'team', '/stats']]), '/stats');
  return /完成率 (\S+?)（已销号/.exec(figures.text)?.[1] ?? figures.text;
}

/** The lines of /stats that break findings down (by unit, by category): what a clue must never move. */
const breakdowns = (stats: Delivery) => stats.text.split('\n').filter((line) => /^\s*按(单位|类别)：/.test(line));

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
  {
    title: '13. the 底稿 chain: the deputy reviews, the leader is asked privately with the button that signs; signing needs evidence, and the card names each rule of the basis',
    async run(d) {
      await given(d, WITH_DEPUTY);
      // The liaison reads the team's chat: what a finding says is answered privately.
      const seen: Delivery[] = [];
      const said = async (user: LogicalUser, line: string) => {
        const ds = await d.say(user, 'team', line);
        seen.push(...ds);
        return ds;
      };
      expect(onlyPrivate(await said('member', `/finding add 食堂超标准采购茶叶 --unit ${UNIT} --cat 作风 --evidence 采购发票3张`), 'member', 'with evidence').text).toContain('F-1');
      expect(onlyPrivate(await said('member', '/finding edit F-1 --basis LJ-03'), 'member', '--basis').text).toContain('定性依据 → LJ-03');
      expect(onlyPrivate(await said('member', `/finding add 公车私用未登记 --unit ${UNIT} --cat 作风`), 'member', 'without evidence').text).toContain('F-2');

      // The author may not review their own draft; the deputy reviews the member's, and the leader is asked to sign.
      expect(onlyPrivate(await said('deputy', `/finding add 会议费超支 --unit ${UNIT} --cat 作风`), 'deputy', "the deputy's own").text).toContain('F-3');
      expect(onlyPrivate(await said('deputy', '/finding review F-3'), 'deputy', 'own review').text).toContain('经办人不能复核自己的底稿');
      const reviewed = await said('deputy', '/finding review F-1');
      expect(reviewed, show(reviewed)).toHaveLength(2);
      expect(replyOf(reviewed, 'deputy').text).toContain('已复核 F-1');
      const notice = theOne(reviewed, 'leader');
      expect(notice.text).toContain('F-1');
      expect(notice.text).toContain('待你审签');

      const signed = await d.press('leader', notice, buttonOf(notice, '审签'));
      seen.push(...signed);
      expect(replyOf(signed, 'leader').text).toContain('已审签 F-1');
      const card = onlyPrivate(await said('leader', '/finding show F-1'), 'leader', '/finding show (leader)');
      // Brackets as the platform shows them (DingTalk's markdown has its own).
      expect(card.text).toMatch(/^F-1.已审签.$/m);
      expect(card.text).toContain('证据材料：采购发票3张');
      expect(card.text).toContain('定性依据：LJ-03 中央八项规定');

      // Reviewed by the leader, the finding without evidence is refused its signature, button or not.
      const second = replyOf(await said('leader', '/finding review F-2'), 'leader');
      const refused = await act(d, 'leader', second, '审签');
      seen.push(...refused);
      expect(theOne(refused, 'leader').text).toContain('没有证据材料，不能审签');
      const teamId = (await d.store().bot.services.teams.all())[0]!.id;
      expect((await d.store().bot.services.findings.get(teamId, 2))?.state).toBe('reviewed');
      // The group reads references and states at most: never what a finding says or rests on.
      for (const x of groups(seen)) expect(x.text, show([x])).not.toMatch(/食堂|公车|会议费|发票|LJ-03/);
    },
  },
  {
    title: '14. the clue channel: handed to 纪委监委 after its report, signed for, its overdue result to the leaders (the group a count), then picked with a button on the card',
    async run(d) {
      const clue = '镇党委书记亲属承揽村道工程';
      const seen: Delivery[] = [...(await given(d, WITH_DEPUTY))];
      const said = async (user: LogicalUser, chat: LogicalChat, line: string) => {
        const ds = await d.say(user, chat, line);
        seen.push(...ds);
        return ds;
      };
      expect(await logFinding(d, 'leader', `${clue} --evidence 群众来信2封`)).toBe('F-1');
      // Who the clue is about is given only in the DM.
      expect(onlyPrivate(await said('leader', 'team', '/finding clue F-1 --importance 重要 --post 主要负责人'), 'leader', 'clue with a post, in the group').text).toContain('私聊');
      onlyPrivate(await said('leader', 'dm', '/finding clue F-1 --importance 重要 --subject 周某 --post 主要负责人'), 'leader', 'clue in the DM');
      // A clue's review and signature, asked in the group, are answered privately: even its reference stays out.
      const reviewed = await said('deputy', 'team', '/finding review F-1');
      expect(theOne(reviewed, 'deputy').text).toContain('已复核 F-1');
      expect(theOne(reviewed, 'leader').text).toContain('待你审签');
      expect(onlyPrivate(await said('leader', 'team', '/finding confirm F-1'), 'leader', 'confirm a clue').text).toBe('已审签 F-1。');
      // Never to the unit its subject leads, and only once reported to the leading group.
      expect(onlyPrivate(await said('leader', 'dm', '/finding handover F-1 --to 单位 --reported 2026-11-24'), 'leader', 'to the unit').text).toContain('不移交被巡察单位');
      expect(onlyPrivate(await said('leader', 'dm', '/finding handover F-1 --to 纪委'), 'leader', 'not reported').text).toContain('--reported');
      expect(onlyPrivate(await said('leader', 'dm', '/finding handover F-1 --to 纪委 --reported 2026-11-24'), 'leader', 'handover').text).toBe('已登记 F-1 移交纪委监委（2026-11-25）。');
      const receipt = onlyPrivate(await said('leader', 'team', '/finding receipt F-1 --by 县纪委监委信访室吴某'), 'leader', 'receipt');
      expect(receipt.text).toContain('已登记 F-1 签收：县纪委监委信访室吴某 · 2026-11-25。');
      expect(receipt.buttons?.map((b) => b.label)).toEqual(['谈话函询', '初步核实', '暂存待查', '予以了结', '立案审查']);

      // CLUE_RESULT_DAYS (90) after the handover, a day late: the leaders read which, the group how many.
      const late = await d.digest('2027-02-24T08:30:00+08:00');
      seen.push(...late);
      const [group, ...others] = groups(late);
      expect(others, show(late)).toEqual([]);
      expect(group!.text).toContain('移交线索处置结果逾期未反馈：1 条');
      for (const leader of ['leader', 'deputy'] as const) {
        expect(theOne(late, leader).text).toContain('F-1 2026-11-25 移交纪委监委，应于 2027-02-23 前反馈（逾期1天）');
      }

      const picked = await d.press('leader', receipt, buttonOf(receipt, '初步核实'));
      seen.push(...picked);
      expect(theOne(picked, 'leader').text).toBe('已登记 F-1 处置结果：初步核实。');
      const card = onlyPrivate(await said('leader', 'dm', '/finding show F-1'), 'leader', 'the card');
      expect(card.text).toContain('处置结果：初步核实（2027-02-24 登记）');
      const next = await d.digest('08:30');
      seen.push(...next);
      expect(groups(next)[0]!.text).not.toContain('逾期未反馈');

      for (const x of seen) {
        for (const word of [clue, '周某', '县纪委监委信访室', '初步核实']) {
          if (x.to === 'group' || !['leader', 'deputy', 'admin'].includes(x.user ?? '')) expect(x.text, show([x])).not.toContain(word);
        }
        if (x.to === 'group') expect(x.text, show([x])).not.toContain('F-1');
      }
    },
  },
  {
    title: "15. 销号 and 回头看: done leaves the completion rate, the leader's button signs off and moves it; the supervisor's 反弹 reopens the task, tells its owner privately, and the rate falls back",
    async run(d) {
      await given(d, [
        ...TEAM_SETUP,
        ['admin', 'team', '/team period 2026-11-01 2026-12-31 --feedback 2026-11-20'],
        ['admin', 'team', '/team add {supervisor} 监督 --org 纪委监委'],
      ]);
      onlyPrivate(await d.say('member', 'team', `/finding add 食堂超标准采购茶叶 --unit ${UNIT} --cat 作风 --evidence 采购发票3张`), 'member', 'finding');
      for (const line of ['/finding review F-1', '/finding confirm F-1']) replyOf(await d.say('leader', 'team', line), 'leader');
      const made = await d.say('leader', 'team', '/rectify add F-1 退还超标茶叶款 --owner {member} --due +7d');
      expect(theOne(made, 'member').text).toContain('R-1');
      expect(await completionRate(d)).toBe('0%');

      const done = await d.say('member', 'team', '/rectify done R-1 已退还超标茶叶款1200元，附收据和党委会记录');
      expect(theOne(done, 'leader').text).toContain('R-1');
      expect(await completionRate(d)).toBe('0%');
      // From feedback on the team's chat reads the task: the leader signs off with the button there.
      const [reported, ...more] = groups(done);
      expect(more, show(done)).toEqual([]);
      const verified = await act(d, 'leader', reported!, '销号');
      expect(verified.map((x) => x.text).join('\n'), show(verified)).toContain('R-1 已销号。');
      expect(await completionRate(d)).toBe('100%');

      const followUp = await d.say('supervisor', 'team', '/rectify followup R-1 --result 反弹 --due +14d --note 又以茶叶名义报销');
      const told = theOne(followUp, 'member');
      expect(told.text).toContain('R-1反弹：又以茶叶名义报销');
      expect(told.text).toContain('任务重新打开，新时限 2026-12-09');
      expect(followUp.filter((x) => x !== told).map((x) => x.text).join('\n'), show(followUp)).toContain('已记录 R-1 的回头看结果：反弹。任务重新打开');
      const [card] = await given(d, [['supervisor', 'team', '/rectify show R-1']]);
      expect(card!.text).toMatch(/^R-1.进行中.$/m);
      expect(card!.text).toContain('回头看：反弹，又以茶叶名义报销；任务重新打开，新时限 2026-12-09');
      expect(await completionRate(d)).toBe('0%');
    },
  },
  {
    title: "16. charts: /stats gives the group its figures and then a PNG picture; /overview gives the office its picture privately, never in a group; a clue and its task move neither the group's breakdowns nor its picture",
    async run(d) {
      await given(d, TEAM_SETUP);
      await logFinding(d, 'member', '食堂超标准采购茶叶');
      const task = await d.say('leader', 'team', '/rectify add F-1 退还超标茶叶款 --owner {member} --due +7d');
      expect(theOne(task, 'member').text).toContain('R-1');

      const before = figuresAndPicture(await given(d, [['member', 'team', '/stats']]), '/stats');
      expect(before.figures.text).toContain(`「${TEAM}」统计`);
      expect(breakdowns(before.figures)).toHaveLength(2);

      // The office's picture: to the admin alone, wherever /overview is typed.
      for (const chat of ['team', 'other', 'dm'] as const) {
        const ds = await d.say('admin', chat, '/overview');
        expect(groups(ds), `/overview in ${chat}: ${show(ds)}`).toEqual([]);
        const { figures, picture } = figuresAndPicture(ds, `/overview in ${chat}`);
        expect(figures).toMatchObject({ to: 'private', user: 'admin' });
        expect(figures.text).toContain('巡察工作总览');
        expect(picture).toMatchObject({ to: 'private', user: 'admin' });
      }

      // A clue, logged and flagged in the leader's DM, and a task on it: the group's breakdowns and
      // picture stay as they were (a bar for the clue's task would tell the group the clue's unit).
      const clue = '某局长亲属违规承揽工程线索';
      const ref = await logFinding(d, 'leader', clue);
      onlyPrivate(await d.say('leader', 'dm', `/finding clue ${ref}`), 'leader', '/finding clue');
      const made = await d.say('leader', 'dm', `/rectify add ${ref} 清退违规工程款 --owner {leader} --due +14d`);
      expect(groups(made), show(made)).toEqual([]);
      expect(privateTo(made, 'leader').map((x) => x.text).join('\n'), show(made)).toContain('已建立整改任务 R-2');
      const after = figuresAndPicture(await given(d, [['member', 'team', '/stats']]), '/stats after a clue');
      expect(after.figures.text).toContain('问题线索：共 1 条');
      expect(breakdowns(after.figures)).toEqual(breakdowns(before.figures));
      // The same name (the console, never overwriting, saves the second as …-2.png).
      const named = (file?: string) => file?.replace(/(-\d{4})-\d+\.png$/, '$1.png');
      expect(named(after.picture.file)).toBe(before.picture.file);
      // Compared as bytes, not printed: a diff of two pictures number by number takes seconds to tell nothing.
      if (before.picture.data) expect(Buffer.compare(after.picture.data ?? new Uint8Array(), before.picture.data), "the group's picture, byte for byte").toBe(0);
      expect(after.figures.text).not.toContain(clue);
    },
  },
  {
    title: "17. the digest on Monday, the team's chart day, carries the team's picture after its text, in the group; Tuesday's does not",
    async run(d) {
      await given(d, TEAM_SETUP);
      await logFinding(d, 'member', '食堂超标准采购茶叶');
      const monday = await d.digest('2026-11-30T08:30:00+08:00');
      const [text, picture, ...more] = groups(monday);
      expect(more, show(monday)).toEqual([]);
      expect(text, show(monday)).toMatchObject({ chat: 'team' });
      expect(text!.text).toContain('2026-11-30');
      expect(text!.file).toBeUndefined();
      expect(picture, show(monday)).toMatchObject({ to: 'group', chat: 'team', text: '', file: expect.stringMatching(/\.png$/) });
      if (picture!.data) expect([...picture!.data.subarray(0, 8)]).toEqual(PNG);
      const tuesday = await d.digest('08:30');
      expect(groups(tuesday), show(tuesday)).toHaveLength(1);
      expect(tuesday.filter((x) => x.file), show(tuesday)).toEqual([]);
    },
  },
];
