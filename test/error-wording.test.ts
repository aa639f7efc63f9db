/**
 * The bad input a new user types in the first hour, through the real dispatch, and the exact reply to
 * each: one sentence of what was wrong and one of what to do, in the catalog's words (never zod's, never
 * English in a Chinese reply), and nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../src/types.ts';
import { createTeamHarness, dm, storeTask, type Harness } from './helpers/harness.ts';
import { ok, refused } from './helpers/replies.ts';

/** The harness clock: 2026-11-25 (a Wednesday) in Asia/Shanghai. */
let h: Harness;

/** Every usage of a family: the listing a subcommand it lacks gets, less its first line. */
async function usages(family: string): Promise<string> {
  const listing = (await refused(h, '组长', `/${family} zzzz`)).text;
  return listing.slice(listing.indexOf('\n') + 1);
}

beforeAll(async () => {
  ({ h } = await createTeamHarness());
  // The round is fed back (2026-11-20): the liaison reads their unit's tasks from then on.
  await ok(h, 'admin', '/team period 2026-10-08 2026-12-31 --feedback 2026-11-20');
  await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
  await ok(h, '组员', '/finding add 未按规定发放补贴 --unit 东关村 --cat 作风');
  await ok(h, '组员', '/finding add 收受礼金 --unit 城关镇 --cat 纪律');
  await ok(h, '组长', '/finding clue F-3');
  const team = (await h.bot.services.teams.byName('第一巡察组'))!;
  // R-1 is the liaison's unit's, R-2 another unit's, R-3 fixes a clue on the liaison's own unit.
  await storeTask(h, team.id, { finding: 1, unit: '城关镇' });
  await storeTask(h, team.id, { finding: 2, unit: '东关村' });
  await storeTask(h, team.id, { finding: 3, unit: '城关镇', owner: 'console:组长' });
  // Everyone below has spoken once: remembering a name is the only write a refused command may cause.
  for (const user of ['组长', '副组长', '组员', '联络员', 'admin', '路人']) await h.say(user, '/help');
});

afterAll(() => h.dispose());

const FINDING_ADD = '用法：/finding add <问题描述> --unit <单位> --cat <类别> [--source <来源>] [--severity 一般|较重|严重] [--tag <标签>] [--evidence <证据材料>]';
const FINDING_LIST = '用法：/finding list [--unit <单位>] [--cat <类别>] [--status <状态>] [--clues] [--page <页码>]';
const FINDING_CLUE = '用法：/finding clue <F编号> [--importance 重要|一般] [--subject <被反映人>] [--post 主要负责人|班子成员|其他]';
const RECTIFY_ADD = '/rectify add F-1 落实村务公开制度 --owner 组员 --due';
const PAST = '请给出今天或以后的日期，例如 +7d 或 15个工作日。';
const NOT_THEIRS = (ref: string) => `${ref} 不在你可查看的城关镇整改任务之中。联络员只能查看本单位的整改任务，请用 /rectify list 查看。`;

/** [what, who, line, where, the reply]; a reply ending in `\n…` is followed by the family's every usage. */
const CASES: Array<[string, string, string, ChatRef | string | undefined, string]> = [
  // Numbers and pages.
  ['a page below 1', '组员', '/finding list --page -1', undefined, `页码须是从 1 起的整数，「-1」不是。请改用 1 起的整数，例如 --page 2。\n${FINDING_LIST}`],
  ['a page that is no number', '组员', '/finding list --page 第二页', undefined, `页码须是从 1 起的整数，「第二页」不是。请改用 1 起的整数，例如 --page 2。\n${FINDING_LIST}`],
  ['a page past the last', '组员', '/finding list --page 99', undefined, '没有第 99 页：这份清单只有 1 页。请去掉 --page 再发一次。'],
  // Choices: checked with the arguments, or matched by the command; both name the choices.
  ['an importance not offered', '组长', '/finding clue F-1 --importance 特别重要', undefined, `--importance 没有「特别重要」这一项。请从以下选一个：重要、一般。\n${FINDING_CLUE}`],
  ['a severity not offered', '组员', '/finding add 问题 --unit 城关镇 --cat 作风 --severity 特别严重', undefined, '--severity 没有「特别严重」这一项。请从以下选一个：一般、较重、严重。'],
  ['a recipient not offered', '组长', '/finding handover F-1 --to 上级', dm('组长'), '--to 没有「上级」这一项。请从以下选一个：纪委监委、组织部、单位。'],
  ['a category not offered', '组员', '/finding add 问题 --unit 城关镇 --cat 经济', undefined, '--cat 没有「经济」这一项。请从以下选一个：政治建设、思想建设、组织建设、作风建设、纪律建设、反腐败。'],
  // Dates: a day the month lacks, too far, before today for a deadline, not a date.
  ['February 30th', '组长', `${RECTIFY_ADD} 2026-02-30`, undefined, '2026年2月没有30日。请检查日期：2月最后一天是28日。'],
  ['April 31st', '组长', `${RECTIFY_ADD} 2026-04-31`, undefined, '2026年4月没有31日。请检查日期：4月最后一天是30日。'],
  ['February 29th of a common year', '组长', `${RECTIFY_ADD} 2027年2月29日`, undefined, '2027年2月没有29日。请检查日期：2月最后一天是28日。'],
  ['04-31 without a year', '组长', `${RECTIFY_ADD} 04-31`, undefined, '4月没有31日。请检查日期：4月最多30日。'],
  ['+9999d', '组长', `${RECTIFY_ADD} +9999d`, undefined, '日期「+9999d」离今天超过 10 年。请写 10 年之内的日期，例如 +30d 或 12月31日。'],
  ['9999-12-31', '组长', `${RECTIFY_ADD} 9999-12-31`, undefined, '日期「9999-12-31」离今天超过 10 年。请写 10 年之内的日期，例如 +30d 或 12月31日。'],
  ['yesterday as a deadline', '组长', `${RECTIFY_ADD} 昨天`, undefined, `期限 2026-11-24 早于今天（2026-11-25）。${PAST}`],
  ['a past date as a deadline', '组长', `${RECTIFY_ADD} 2026-11-01`, undefined, `期限 2026-11-01 早于今天（2026-11-25）。${PAST}`],
  ['yesterday as a document deadline', '组员', '/docs request 会议记录 --unit 城关镇 --due 昨天', undefined, `期限 2026-11-24 早于今天（2026-11-25）。${PAST}`],
  ['a date it cannot read', '组长', `${RECTIFY_ADD} 下周`, undefined, '看不懂日期「下周」。请写成 2026-12-31、12-31、12月31日、明天、+7d、7天后 或 15个工作日 这样的形式。'],
  ['a receipt dated the day after tomorrow', '组长', '/finding receipt F-1 --by 王某 --date 后天', dm('组长'), '签收日期 2026-11-27 晚于今天（2026-11-25）。请填今天或以前的日期。'],
  // Empty values.
  ['an empty --unit', '组员', '/finding add 问题 --unit "" --cat 作风', undefined, `--unit 不能为空。请在 --unit 后面写上单位。\n${FINDING_ADD}`],
  ['an empty optional --source', '组员', '/finding add 问题 --unit 城关镇 --cat 作风 --source “　”', undefined, `--source 不能为空。请在 --source 后面写上来源，或去掉 --source。\n${FINDING_ADD}`],
  ['an empty text', '组员', '/finding add "" --unit 城关镇 --cat 作风', undefined, `问题描述不能为空。请写上问题描述。\n${FINDING_ADD}`],
  // Misspelt words: the nearest subcommand, option or command, when one is close.
  ['/finding lsit', '组员', '/finding lsit', undefined, '没有 /finding lsit 这个子命令。你是不是想用 /finding list？\n…'],
  ['/finding confrim', '组长', '/finding confrim F-1', undefined, '没有 /finding confrim 这个子命令。你是不是想用 /finding confirm？\n…'],
  ['/team unit ad', '组长', '/team unit ad 北关村', undefined, '没有 /team unit ad 这个子命令。你是不是想用 /team unit add？\n…'],
  ['/finding frobnicate', '组员', '/finding frobnicate', undefined, '没有 /finding frobnicate 这个子命令。请按下列用法之一发送。\n…'],
  ['/finding alone', '组员', '/finding', undefined, '/finding 后面要跟子命令。请按下列用法之一发送。\n…'],
  ['--sevrity', '组员', '/finding add 问题 --unit 城关镇 --cat 作风 --sevrity 一般', undefined, `不认识选项 --sevrity。你是不是想用 --severity？\n${FINDING_ADD}`],
  ['/fidning', '组员', '/fidning list', undefined, '没有 /fidning 这个命令。你是不是想用 /finding？'],
  ['/xyz', '组员', '/xyz', undefined, '没有 /xyz 这个命令。发送 /help 查看全部命令。'],
  // Who may do what, and why not.
  ['a leader creating a team', '组长', '/team create 第二巡察组', 'g2', '只有巡察办可以使用 /team create，你不在巡察办名单中。请联系巡察办办理。'],
  ['someone of no team creating a team', '路人', '/team create 第二巡察组', 'g2', '只有巡察办可以使用 /team create，你不在巡察办名单中。请联系巡察办办理。'],
  ['the office creating a second team in a bound chat', 'admin', '/team create 第二巡察组', undefined, '本群已绑定巡察组「第一巡察组」，一个群只能绑定一个巡察组。如需另建巡察组，请在另一个群中发送 /team create <组名>。'],
  ['a leader appointing a deputy', '组长', '/team add 新人 副组长', undefined, '副组长由巡察办任命或移除。请联系巡察办办理。'],
  ['a member signing off', '组员', '/rectify verify R-1', undefined, '需要以下角色之一：组长、巡察办（你的角色：组员）。请由组长或巡察办办理。'],
  ['someone of no team in the bound group', '路人', '/finding list', undefined, '需要以下角色之一：巡察办、组长、副组长、组员（你不是本组成员）。如需加入，请联系组长或巡察办。'],
  // References, units, people.
  ['a finding the team does not have', '组员', '/finding show F-9', undefined, '本组没有 F-9。请用 /finding list 查看现有编号。'],
  ['a reference that is none', '组员', '/finding show 甲', undefined, '「甲」不是有效编号。请写成 F-3 这样的编号。'],
  ['a unit the team does not inspect', '组员', '/finding add 问题 --unit 南关村 --cat 作风', undefined, '没有被巡察单位「南关村」。请从以下单位中选：城关镇、东关村。'],
  ['a person on no platform', '组长', '/rectify add F-1 措施 --owner nosuch:42 --due 12-20', undefined, '找不到用户「nosuch:42」。请用 @ 点选对方，或写其平台账号，例如 telegram:12345。'],
  // A liaison asking for a task that is not theirs: one answer, whatever the reason.
  ["another unit's task", '联络员', '/rectify show R-2', dm('联络员'), NOT_THEIRS('R-2')],
  ['a task on a clue of their own unit', '联络员', '/rectify show R-3', dm('联络员'), NOT_THEIRS('R-3')],
  ['a task the team does not have', '联络员', '/rectify show R-9', dm('联络员'), NOT_THEIRS('R-9')],
  ["progress on another unit's task", '联络员', '/rectify progress R-2 已整改', dm('联络员'), NOT_THEIRS('R-2')],
];

describe('the replies to bad input', () => {
  it.each(CASES)('%s: %s', async (_what, user, line, chat, expected) => {
    const before = await h.store.snapshot();
    const { text } = await refused(h, user, line, chat);
    const family = /^\/(\S+)/.exec(line)![1]!;
    expect(text).toBe(expected.endsWith('\n…') ? expected.slice(0, -1) + (await usages(family)) : expected);
    expect(await h.store.snapshot(), 'nothing saved').toEqual(before);
  });

  it('has no English words in a Chinese sentence: commands, options, references and examples aside', async () => {
    for (const [, user, line, chat] of CASES) {
      const [sentences] = (await refused(h, user, line, chat)).text.split('\n');
      // What the user typed is quoted back as typed (「lsit」 aside, /finding lsit is a command).
      const words = sentences!.replace(/「[^」]*」|\/[a-z]+( [a-z]+)*|--[a-z-]+|\b[A-Z]-\d+|[+]\d+d|[a-z]+:\d+/g, '');
      expect(words, line).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it("still shows the liaison their own unit's task", async () => {
    expect((await ok(h, '联络员', '/rectify show R-1', dm('联络员'))).text).toContain('R-1');
  });
});

describe('in English', () => {
  it('words the same refusals from the English catalog', async () => {
    const { h: en } = await createTeamHarness({ XC_LANG: 'en' });
    try {
      const text = async (user: string, line: string) => (await refused(en, user, line)).text.split('\n')[0];
      expect(await text('组员', '/finding list --page -1')).toBe('the page must be a whole number from 1, and “-1” is not. Write, for example, --page 2.');
      await ok(en, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
      expect(await text('组长', '/rectify add F-1 措施 --owner 组员 --due 2026-02-30')).toBe('February 2026 has no day 30. Check the date: that month ends on day 28.');
      expect(await text('组员', '/finding lsit')).toBe('There is no subcommand /finding lsit. Did you mean /finding list?');
      expect(await text('组长', '/team create 第二巡察组')).toBe('Only the inspection office may use /team create, and you are not on its list. Ask the office to do it.');
    } finally {
      await en.dispose();
    }
  });
});
