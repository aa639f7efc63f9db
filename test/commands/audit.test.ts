import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dm, type Harness, useTeamHarness } from '../helpers/harness.ts';
import { ok, refused } from '../helpers/replies.ts';

const USAGE = '用法：/audit [--ref <编号>] [--user <用户>] [--days <天数>] [--page <页码>]';

/** A fresh team harness per call, disposed after each test. */
const setup = useTeamHarness();

/** `hm` on a day in Asia/Shanghai, as the harness clock takes it. */
const local = (date: string, hm: string) => `${date}T${hm}:00+08:00`;

/** Every row of the SQLite file, read beside the bot: what "nothing saved" is checked against. */
function rows(h: Harness): Array<{ key: string; value: string }> {
  const db = new Database(h.file, { readonly: true });
  try {
    return db.prepare<[], { key: string; value: string }>('SELECT key, value FROM keyv ORDER BY key').all();
  } finally {
    db.close();
  }
}

/**
 * A week of real work, one step a day or so, ending at 2026-11-25 09:00 in Shanghai: F-1 edited
 * (two fields), F-2 flagged as a clue and read by the deputy, F-1 reviewed, confirmed and handed over, and
 * R-1 on F-1 created, reported done by its owner and signed off.
 */
async function week() {
  const s = await setup();
  const { h } = s;
  const at = (date: string, hm: string) => h.clock.set(local(date, hm));
  at('2026-11-20', '09:00');
  await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风 --evidence 公开栏照片');
  await ok(h, '组员二', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
  at('2026-11-20', '10:00');
  await ok(h, '组长', '/finding edit F-1 --text 村务公开长期不及时 --unit 东关村');
  at('2026-11-21', '09:30');
  await ok(h, '组长', '/finding clue F-2 --importance 重要 --subject 张某', dm('组长'));
  at('2026-11-22', '14:00');
  expect((await ok(h, '副组长', '/finding show F-2')).text).toContain('张某');
  at('2026-11-23', '08:30');
  await ok(h, '副组长', '/finding review F-1');
  at('2026-11-23', '09:00');
  await ok(h, '组长', '/finding confirm F-1');
  at('2026-11-23', '10:00');
  await ok(h, '组长', '/finding handover F-1 --to 单位');
  at('2026-11-24', '09:00');
  await ok(h, '组长', '/rectify add F-1 建立村务公开台账 --owner 组员 --due 2026-12-10');
  at('2026-11-24', '15:00');
  await ok(h, '组员', '/rectify done R-1 台账已建立，附台账照片三张');
  at('2026-11-25', '09:00');
  await ok(h, '组长', '/rectify verify R-1');
  return s;
}

/** The lines of the week's log, newest first, as /audit shows them. */
const WEEK = [
  '2026-11-25 09:00 组长 销号 R-1',
  '2026-11-24 15:00 组员 报告整改完成 R-1',
  '2026-11-24 09:00 组长 建立整改任务 R-1',
  '2026-11-23 10:00 组长 登记移交 F-1',
  '2026-11-23 09:00 组长 审签问题底稿 F-1',
  '2026-11-23 08:30 副组长 复核问题底稿 F-1',
  '2026-11-22 14:00 副组长 查看问题线索 F-2',
  '2026-11-21 09:30 组长 标记为问题线索 F-2',
  // One command, two fields: recorded text then unit, shown newest first.
  '2026-11-20 10:00 组长 修改问题 F-1（单位）',
  '2026-11-20 10:00 组长 修改问题 F-1（问题描述）',
  '2026-11-20 09:00 组员二 登记问题 F-2',
  '2026-11-20 09:00 组员 登记问题 F-1',
];

/** The office setting the team up, at the harness's start (2026-11-25 09:00): newest first, each change on record. */
const SETUP = [
  '2026-11-25 09:00 admin 添加成员 联络员（联络员（城关镇））',
  '2026-11-25 09:00 admin 添加成员 组员二（组员）',
  '2026-11-25 09:00 admin 添加成员 组员（组员）',
  '2026-11-25 09:00 admin 添加成员 副组长（副组长）',
  '2026-11-25 09:00 admin 添加成员 组长（组长）',
  '2026-11-25 09:00 admin 添加被巡察单位（东关村）',
  '2026-11-25 09:00 admin 添加被巡察单位（城关镇）',
  '2026-11-25 09:00 admin 新建巡察组',
];

/** The whole log of the week: the set-up shares the last step's minute and was written before it. */
const ALL = [WEEK[0]!, ...SETUP, ...WEEK.slice(1)];
/** Who did a line's step. */
const actor = (line: string) => line.split(' ')[2];

/** The entry lines of a reply: everything after the title and the filter line. */
const entries = (text: string) => text.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l));

describe('/audit', () => {
  it('shows the leader who read or changed what, when, newest first, only to them', async () => {
    const { h, teamId } = await week();
    const before = await h.bot.services.audit.list(teamId);
    expect(before).toHaveLength(20);
    const r = await ok(h, '组长', '/audit');
    expect(r.visibility).toBe('asker');
    expect(r.text).toBe(['审计日志：共 20 条（第 1/1 页，仅你可见）', ...ALL].join('\n'));
    // The log never carries the records' text, so neither does the reply.
    expect(r.text).not.toMatch(/张某|补贴|台账/);
    // Reading the log is not itself audited.
    expect(await h.bot.services.audit.list(teamId)).toEqual(before);
  });

  it('lets the office read it too, in the group or by direct message', async () => {
    const { h } = await week();
    expect(entries((await ok(h, 'admin', '/audit')).text)).toEqual(ALL);
    const inDm = await ok(h, 'admin', '/audit --team 第一巡察组', dm('admin'));
    expect(inDm.visibility).toBe('asker');
    expect(entries(inDm.text)).toEqual(ALL);
    expect(entries((await ok(h, '组长', '/audit', dm('组长'))).text)).toEqual(ALL);
  });

  it.each([
    ['F-1', 'F-1'],
    ['f1', 'F-1'],
    ['f－01', 'F-1'],
    ['F-2', 'F-2'],
    ['r-1', 'R-1'],
    ['R1', 'R-1'],
  ])('filters by reference %s', async (typed, ref) => {
    const { h } = await week();
    const r = await ok(h, '组长', `/audit --ref ${typed}`);
    const expected = WEEK.filter((l) => l.includes(` ${ref}`));
    expect(expected.length).toBeGreaterThan(0);
    expect(r.text).toBe([`审计日志：共 ${expected.length} 条（第 1/1 页，仅你可见）`, `筛选：编号 ${ref}`, ...expected].join('\n'));
  });

  it('accepts a document request reference and says when nothing matches', async () => {
    const { h } = await week();
    const r = await ok(h, '组长', '/audit --ref D-1');
    expect(r.text).toBe(['审计日志：共 0 条（第 1/1 页，仅你可见）', '筛选：编号 D-1', '审计日志中没有符合条件的记录。'].join('\n'));
  });

  it('records each step of a document request, the liaison’s included, under its D- reference', async () => {
    const { h } = await week();
    h.clock.set(local('2026-11-25', '10:00'));
    await ok(h, '组员', '/docs request 2025年三重一大会议记录 --unit 城关镇 --due 2026-11-27');
    h.clock.set(local('2026-11-26', '16:00'));
    await ok(h, '联络员', '/docs provided D-1 共3册');
    h.clock.set(local('2026-11-27', '11:00'));
    await ok(h, '组长', '/docs returned D-1');
    const r = await ok(h, '组长', '/audit --ref D-1');
    expect(entries(r.text)).toEqual([
      '2026-11-27 11:00 组长 登记材料已归还 D-1',
      '2026-11-26 16:00 联络员 登记材料已提供 D-1',
      '2026-11-25 10:00 组员 发起调阅 D-1',
    ]);
    // Only references: neither what was asked for nor the liaison's note.
    expect(r.text).not.toMatch(/三重一大|共3册/);
  });

  it('records nothing for a document step that is refused', async () => {
    const { h, teamId } = await week();
    const before = await h.bot.services.audit.list(teamId);
    await refused(h, '组员', '/docs returned D-9');
    await ok(h, '组员', '/docs request 会议记录 --unit 城关镇 --due 2026-11-30');
    await refused(h, '组长', '/docs returned D-1'); // not provided yet
    expect((await h.bot.services.audit.list(teamId)).slice(before.length).map((e) => `${e.action} ${e.ref}`)).toEqual(['request D-1']);
  });

  it.each([
    ['组员', ['2026-11-24 15:00 组员 报告整改完成 R-1', '2026-11-20 09:00 组员 登记问题 F-1']],
    ['@副组长', ['2026-11-23 08:30 副组长 复核问题底稿 F-1', '2026-11-22 14:00 副组长 查看问题线索 F-2']],
    ['console:组长', WEEK.filter((l) => actor(l) === '组长')],
  ])('filters by user %s', async (typed, expected) => {
    const { h } = await week();
    const r = await ok(h, '组长', `/audit --user ${typed}`);
    const who = typed.replace(/^@|^console:/, '');
    expect(r.text.split('\n').slice(0, 2)).toEqual([`审计日志：共 ${expected.length} 条（第 1/1 页，仅你可见）`, `筛选：用户 ${who}`]);
    expect(entries(r.text)).toEqual(expected);
  });

  it('finds a member who has since left, and the office, by what they did', async () => {
    const { h } = await week();
    await ok(h, 'admin', '/finding show F-2');
    await ok(h, 'admin', '/team remove 副组长');
    expect(entries((await ok(h, '组长', '/audit --user 副组长')).text)).toEqual(['2026-11-23 08:30 副组长 复核问题底稿 F-1', '2026-11-22 14:00 副组长 查看问题线索 F-2']);
    // The removal names the member it removed, and is the office's own step, the latest.
    expect(entries((await ok(h, '组长', '/audit --user admin')).text)).toEqual([
      '2026-11-25 09:00 admin 移除成员 副组长（副组长）',
      '2026-11-25 09:00 admin 查看问题线索 F-2',
      ...SETUP,
    ]);
    // A member who never touched anything is known, with nothing to show.
    expect((await ok(h, '组长', '/audit --user 联络员')).text).toContain('审计日志中没有符合条件的记录。');
  });

  it.each([
    ['1', 9, '2026-11-25'],
    ['2', 11, '2026-11-24'],
    ['３天', 14, '2026-11-23'],
    ['5d', 16, '2026-11-21'],
    ['3650', 20, '2016-11-28'],
  ])('filters by the last %s days, today included, in the configured time zone', async (typed, n, since) => {
    const { h } = await week();
    const r = await ok(h, '组长', `/audit --days ${typed}`);
    const days = Number(typed.replace('３', '3').replace(/\D/g, ''));
    expect(r.text.split('\n').slice(0, 2)).toEqual([`审计日志：共 ${n} 条（第 1/1 页，仅你可见）`, `筛选：最近 ${days} 天（${since} 起）`]);
    expect(entries(r.text)).toEqual(ALL.slice(0, n));
  });

  it('counts days in Shanghai, not UTC: 00:30 local belongs to that day', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    h.clock.set(local('2026-11-24', '23:30'));
    await ok(h, '副组长', '/finding review F-1');
    h.clock.set(local('2026-11-25', '00:30')); // still 2026-11-24 in UTC
    await ok(h, '组长', '/finding clue F-1');
    const lastDay = entries((await ok(h, '组长', '/audit --days 1 --ref F-1')).text);
    expect(lastDay).toEqual(['2026-11-25 09:00 组员 登记问题 F-1', '2026-11-25 00:30 组长 标记为问题线索 F-1']);
  });

  it('combines filters', async () => {
    const { h } = await week();
    const r = await ok(h, '组长', '/audit --ref F-1 --user 组长 --days 3');
    expect(r.text).toBe(
      ['审计日志：共 2 条（第 1/1 页，仅你可见）', '筛选：编号 F-1；用户 组长；最近 3 天（2026-11-23 起）', '2026-11-23 10:00 组长 登记移交 F-1', '2026-11-23 09:00 组长 审签问题底稿 F-1'].join('\n'),
    );
  });

  it('pages twenty at a time, newest first, and keeps the filters in the next-page hint', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-1');
    // 45 reads, a minute apart from 10:00: 10:00 … 10:44.
    for (let i = 0; i < 45; i++) {
      h.clock.set(local('2026-11-25', `10:${String(i).padStart(2, '0')}`));
      await ok(h, '副组长', '/finding show F-1');
    }
    const read = (m: number) => `2026-11-25 10:${String(m).padStart(2, '0')} 副组长 查看问题线索 F-1`;
    const first = await ok(h, '组长', '/audit --user 副组长 --ref f1');
    expect(first.text.split('\n')[0]).toBe('审计日志：共 45 条（第 1/3 页，仅你可见）');
    expect(entries(first.text)).toEqual(Array.from({ length: 20 }, (_, i) => read(44 - i)));
    expect(first.text.split('\n').at(-1)).toBe('下一页：/audit --page 2 --ref F-1 --user 副组长');
    const second = await ok(h, '组长', '/audit --user 副组长 --ref f1 --page 2');
    expect(entries(second.text)).toEqual(Array.from({ length: 20 }, (_, i) => read(24 - i)));
    expect(second.text.split('\n').at(-1)).toBe('下一页：/audit --page 3 --ref F-1 --user 副组长');
    const last = await ok(h, '组长', '/audit --user 副组长 --ref F-1 --page 3');
    expect(last.text.split('\n')[0]).toBe('审计日志：共 45 条（第 3/3 页，仅你可见）');
    expect(entries(last.text)).toEqual([4, 3, 2, 1, 0].map(read));
    expect(last.text).not.toContain('下一页');
    // A page past the end is refused, saying how many there are; the unfiltered log also holds the flag, the finding and the team's set-up.
    expect((await ok(h, '组长', '/audit --page 3')).text.split('\n')[0]).toBe('审计日志：共 55 条（第 3/3 页，仅你可见）');
    expect((await refused(h, '组长', '/audit --page 99')).text).toBe('没有第 99 页：这份清单共 3 页。请用 --page 1 到 --page 3。');
    expect((await ok(h, '组长', '/audit --days 1')).text.split('\n').at(-1)).toBe('下一页：/audit --page 2 --days 1');
  });

  it.each([
    ['副组长', '副组长'],
    ['组员', '组员'],
    ['联络员', '联络员'],
  ])('refuses the %s, naming the roles needed, and saves nothing', async (user, role) => {
    const { h } = await week();
    const before = rows(h);
    const r = await refused(h, user, '/audit');
    expect(r.text).toBe(`需要以下角色之一：组长、巡察办（你的角色：${role}）。请由组长或巡察办办理。`);
    // Only the asker's own display name may be learnt (every platform does so on any message).
    const notAsker = (row: { key: string }) => row.key !== `xc:user-name:console:${user}`;
    expect(rows(h).filter(notAsker)).toEqual(before.filter(notAsker));
  });

  it('refuses a task owner from outside the team and someone outside it', async () => {
    const { h } = await week();
    await ok(h, '组长', '/rectify add F-1 公开栏更新 --owner 王镇长 --due 2026-12-10');
    expect((await refused(h, '王镇长', '/audit', dm('王镇长'))).text).toBe('需要以下角色之一：组长、巡察办（你的角色：整改责任人）。请由组长或巡察办办理。');
    expect((await refused(h, '路人', '/audit')).text).toBe('需要以下角色之一：组长、巡察办（你不是本组成员）。如需加入，请联系组长或巡察办。');
  });

  it('refuses in a chat bound to no team', async () => {
    const { h } = await week();
    const r = await refused(h, '组长', '/audit', 'other');
    expect(r.text).toBe('本群未绑定巡察组，不显示巡察组数据。巡察办可用 /team create <组名> 或 /team bind <组名> 绑定。');
    expect(r.text).not.toContain('R-1');
  });

  it.each([
    ['--days 0', '「0」不是有效天数。--days 须为 1 到 3650 之间的整数，例如 --days 7。'],
    ['--days 3651', '「3651」不是有效天数。--days 须为 1 到 3650 之间的整数，例如 --days 7。'],
    ['--days 1.5', '「1.5」不是有效天数。--days 须为 1 到 3650 之间的整数，例如 --days 7。'],
    ['--days -3', '「-3」不是有效天数。--days 须为 1 到 3650 之间的整数，例如 --days 7。'],
    ['--days 一周', '「一周」不是有效天数。--days 须为 1 到 3650 之间的整数，例如 --days 7。'],
    ['--ref 3', '「3」不是有效编号。--ref 须带前缀，例如 F-3（问题）、R-2（整改任务）、D-1（调阅材料）、M-1（请示报告）。'],
    ['--ref X-3', '「X-3」不是有效编号。--ref 须带前缀，例如 F-3（问题）、R-2（整改任务）、D-1（调阅材料）、M-1（请示报告）。'],
    ['--ref F-0', '「F-0」不是有效编号。--ref 须带前缀，例如 F-3（问题）、R-2（整改任务）、D-1（调阅材料）、M-1（请示报告）。'],
    ['--ref F-3-4', '「F-3-4」不是有效编号。--ref 须带前缀，例如 F-3（问题）、R-2（整改任务）、D-1（调阅材料）、M-1（请示报告）。'],
    ['--user 路人甲', '找不到用户「路人甲」：不是本组成员（含已移除的），审计日志中也没有其记录。请检查名字，或用 @ 点选对方。'],
    ['--user "a b"', '找不到用户「a b」：不是本组成员（含已移除的），审计日志中也没有其记录。请检查名字，或用 @ 点选对方。'],
  ])('refuses %s with one clear reply and saves nothing', async (options, message) => {
    const { h } = await week();
    const before = rows(h);
    const r = await refused(h, '组长', `/audit ${options}`);
    expect(r.text).toBe(message);
    expect(rows(h)).toEqual(before);
  });

  it.each([
    ['--page 0', '页码须是从 1 起的整数，「0」不是。'],
    ['--page x', '页码须是从 1 起的整数，「x」不是。'],
    ['--days', '选项 --days 后面缺少值。请在 --days 后面写上内容，含空格的请加引号。'],
    ['--since 7', '不认识选项 --since。请对照下面的用法改正。'],
    ['全部', '多余的参数：全部'],
  ])('refuses %s with the usage line', async (options, message) => {
    const { h } = await week();
    const before = rows(h);
    const r = await refused(h, '组长', `/audit ${options}`);
    expect(r.text).toContain(message);
    expect(r.text).toContain(USAGE);
    expect(rows(h)).toEqual(before);
  });

  it('is listed by /help with who may use it', async () => {
    const { h } = await setup();
    expect((await ok(h, '组员', '/help audit')).text).toBe(
      '/audit [--ref <编号>] [--user <用户>] [--days <天数>] [--page <页码>]\n　审计日志：谁在何时查看或修改了什么（含查看问题线索），最新在前，仅本人可见\n　可用角色：组长、巡察办',
    );
  });

  it('speaks English with XC_LANG=en', async () => {
    const { h } = await setup({ XC_LANG: 'en' });
    await ok(h, '组员', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding edit F-1 --severity 严重');
    await ok(h, '组长', '/finding clue F-1');
    await ok(h, '副组长', '/finding show F-1');
    await ok(h, '组长', '/rectify add F-1 清退补贴 --owner 组员 --due 2026-12-10');
    const r = await ok(h, '组长', '/audit --days 1');
    expect(r.visibility).toBe('asker');
    expect(r.text.split('\n').slice(0, 8)).toEqual([
      'Audit log: 14 entries (page 1/1, shown only to you)',
      'Filters: last 1 day (since 2026-11-25)',
      // The owner was told of R-1, a task on the clue: that is a read of the clue.
      '2026-11-25 09:00 组员 read the clue R-1',
      '2026-11-25 09:00 组长 created the task R-1',
      '2026-11-25 09:00 副组长 read the clue F-1',
      '2026-11-25 09:00 组长 flagged as a clue F-1',
      '2026-11-25 09:00 组长 edited the finding F-1 (severity)',
      '2026-11-25 09:00 组员 logged the finding F-1',
    ]);
    expect(r.text).toContain('2026-11-25 09:00 admin added a member 组长 (leader)');
    expect((await refused(h, '组员', '/audit')).text).toBe('This needs one of these roles: leader, office admin (yours: member). Ask the leader or office admin to do it.');
    expect((await refused(h, '组长', '/audit --days 0')).text).toBe('“0” is not a number of days. --days takes a whole number from 1 to 3650, e.g. --days 7.');
    expect((await refused(h, '组长', '/audit --ref 7')).text).toContain('needs its prefix');
    expect((await refused(h, '组长', '/audit --user nobody')).text).toBe('Unknown user “nobody”: not a member of this team (past or present), and not in the audit log. Check the name, or mention them with @.');
    expect((await ok(h, '组长', '/audit --ref D-1')).text).toContain('No audit entries match.');
  });
});
