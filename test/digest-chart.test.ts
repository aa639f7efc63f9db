/**
 * The weekly chart in the digest: one day a week (Monday unless the leader chose another, none with
 * 不发) the group's digest is followed by the team's chart. It is queued as data (`chart`) and drawn
 * when the outbox sends it; a team with nothing to draw, or only clues, gets none.
 */
import { describe, expect, it } from 'vitest';
import { createDigestJob, digestInput, digestMessages } from '../src/digest.ts';
import type { Outgoing } from '../src/types.ts';
import { dm, type Harness, useTeamHarness } from './helpers/harness.ts';
import { ok, PNG_SIGNATURE, refused } from './helpers/replies.ts';

const setup = useTeamHarness();

/** The harness clock stands on Wednesday 2026-11-25; the next days of the week at the digest's time. */
const MONDAY = '2026-11-30T08:30:00+08:00';
const TUESDAY = '2026-12-01T08:30:00+08:00';
const WEDNESDAY = '2026-12-02T08:30:00+08:00';
const NEXT_MONDAY = '2026-12-07T08:30:00+08:00';

/** Run the daily digest job at `at` and deliver the outbox: what reached the team's group chat. */
async function groupDigestAt(h: Harness, sent: Outgoing[], at: string): Promise<Outgoing[]> {
  const before = sent.length;
  h.clock.set(at);
  await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
  await h.bot.flush();
  return sent.slice(before).filter((o) => 'chat' in o.to);
}

/** Whether a group's messages of one morning carry a picture. */
const pictured = (group: Outgoing[]) => group.some((o) => o.reply.file);

/** A team with one finding (not a clue): something to draw. */
async function teamWithFinding() {
  const t = await setup();
  await ok(t.h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
  return t;
}

const stored = async (h: Harness) => (await h.bot.services.teams.byName('第一巡察组'))!;

describe('the weekly chart in the digest', () => {
  it('on Monday the group digest is followed by the chart: data when queued, a PNG when the sender gets it; the text first', async () => {
    const { h, sent } = await teamWithFinding();
    // As queued: the chart as data, drawn only on its way out.
    const team = await stored(h);
    const queued = digestMessages(await digestInput(team, '2026-11-30', { services: h.bot.services, config: h.config }), h.config, h.bot.t).filter((o) => 'chat' in o.to);
    expect(queued).toHaveLength(2);
    expect(queued[0]!.reply.chart).toBeUndefined();
    expect(queued[1]).toMatchObject({ to: { chat: 'console:main' }, reply: { text: '', visibility: 'chat', chart: { name: '统计-第一巡察组-20261130', title: '第一巡察组 · 截至 2026-11-30' } } });
    expect(queued[1]!.reply.file).toBeUndefined();

    const group = await groupDigestAt(h, sent, MONDAY);
    expect(group).toHaveLength(2);
    expect(group[0]!.reply.text).toMatch(/^【每日提醒】巡察组「第一巡察组」 · 2026-11-30\n/);
    const picture = group[1]!.reply;
    expect(picture).toMatchObject({ text: '', visibility: 'chat', file: { name: '统计-第一巡察组-20261130.png', mime: 'image/png' } });
    expect(picture.chart).toBeUndefined();
    expect([...picture.file!.data.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // The group's alone: no one's own digest carries it.
    expect(sent.filter((o) => 'user' in o.to && (o.reply.file || o.reply.chart))).toEqual([]);

    expect(pictured(await groupDigestAt(h, sent, TUESDAY))).toBe(false);
    expect(pictured(await groupDigestAt(h, sent, NEXT_MONDAY))).toBe(true);
  });

  it('/digest chart 周三 moves it to Wednesday, in the team’s history and the audit log', async () => {
    const { h, sent, teamId } = await teamWithFinding();
    const auditBefore = (await h.bot.services.audit.list(teamId)).length;
    const r = await ok(h, '组长', '/digest chart 周三');
    expect(r).toMatchObject({ text: '本组整改进度图改为每周三随每日提醒发送。', visibility: 'chat' });
    const team = await stored(h);
    expect(team.digest.chartDay).toBe(3);
    expect(team.history.at(-1)).toMatchObject({ by: 'console:组长', field: 'digest', from: 'on 08:30 chart 周一', to: 'on 08:30 chart 周三' });
    const audit = (await h.bot.services.audit.list(teamId)).slice(auditBefore);
    expect(audit).toEqual([expect.objectContaining({ user: 'console:组长', action: 'digest', field: 'on 08:30 chart 周三' })]);

    expect(pictured(await groupDigestAt(h, sent, MONDAY))).toBe(false);
    expect(pictured(await groupDigestAt(h, sent, TUESDAY))).toBe(false);
    expect(pictured(await groupDigestAt(h, sent, WEDNESDAY))).toBe(true);
  });

  it('reads 星期三 and 周天 as people write them', async () => {
    const { h } = await teamWithFinding();
    expect((await ok(h, '组长', '/digest chart 星期三')).text).toBe('本组整改进度图改为每周三随每日提醒发送。');
    expect((await ok(h, '组长', '/digest chart 周天')).text).toBe('本组整改进度图改为每周日随每日提醒发送。');
    expect((await stored(h)).digest.chartDay).toBe(0);
  });

  it('/digest chart 不发 stops it; /digest chart 周一 brings it back', async () => {
    const { h, sent } = await teamWithFinding();
    expect((await ok(h, '组长', '/digest chart 不发')).text).toBe('本组每日提醒不再附整改进度图。/digest chart 周一 可恢复。');
    expect((await stored(h)).digest.chartDay).toBeNull();
    expect((await stored(h)).history.at(-1)).toMatchObject({ field: 'digest', to: 'on 08:30 chart off' });
    const monday = await groupDigestAt(h, sent, MONDAY);
    // The digest itself still goes: only the picture stops.
    expect(monday).toHaveLength(1);
    expect(pictured(monday)).toBe(false);
    await ok(h, '组长', '/digest chart 周一');
    expect(pictured(await groupDigestAt(h, sent, NEXT_MONDAY))).toBe(true);
  });

  it('refuses a day that is none, or none at all, with what to type, and saves nothing', async () => {
    const { h, teamId } = await teamWithFinding();
    const before = await stored(h);
    const auditBefore = (await h.bot.services.audit.list(teamId)).length;
    expect((await refused(h, '组长', '/digest chart 星期八')).text).toBe('「星期八」不是星期几。请写周一至周日中的一天（如 /digest chart 周三），或「不发」停发进度图。');
    expect((await refused(h, '组长', '/digest chart 8')).text).toBe('「8」不是星期几。请写周一至周日中的一天（如 /digest chart 周三），或「不发」停发进度图。');
    expect((await refused(h, '组长', '/digest chart')).text).toBe('缺少星期。请按下面的用法补上。\n用法：/digest chart <周一…周日|不发>');
    expect((await refused(h, '组长', '/digest chart 周三 周四')).text).toContain('多余的参数：周四');
    expect(await stored(h)).toEqual(before);
    expect(await h.bot.services.audit.list(teamId)).toHaveLength(auditBefore);
    // The team still reads: nothing half-written was left behind.
    await ok(h, '组长', '/team');
  });

  it('is the leader’s alone: the office, a deputy, a member and a liaison are refused, and nothing is saved', async () => {
    const { h } = await teamWithFinding();
    const before = await stored(h);
    for (const [who, role] of [['admin', '巡察办'], ['副组长', '副组长'], ['组员', '组员'], ['联络员', '联络员']] as const) {
      expect((await refused(h, who, '/digest chart 周三')).text).toBe(`需要以下角色之一：组长（你的角色：${role}）。请由组长办理。`);
    }
    expect((await refused(h, '组长', '/digest chart 周三', 'other')).text).toContain('本群未绑定巡察组');
    expect(await stored(h)).toEqual(before);
  });

  it('works from the leader’s direct message too, and speaks English with XC_LANG=en', async () => {
    const { h } = await setup({ XC_LANG: 'en' });
    expect((await ok(h, '组长', '/digest chart 周五', dm('组长'))).text).toBe("The team's chart now comes with the digest every 周五.");
    expect((await ok(h, '组长', '/digest chart 不发', dm('组长'))).text).toBe('The digest no longer carries the chart. /digest chart 周一 brings it back.');
    expect((await refused(h, '组长', '/digest chart 星期八')).text).toBe('“星期八” is not a day of the week. Give one of 周一 to 周日 (e.g. /digest chart 周三), or 不发 for no chart.');
  });

  it('a team with nothing to draw gets no chart, nor one whose only finding is a clue with its task', async () => {
    const { h, sent } = await setup();
    const monday = await groupDigestAt(h, sent, MONDAY);
    expect(monday).toHaveLength(1);
    expect(pictured(monday)).toBe(false);
    // A clue is never a bar: a team with a clue and nothing else has nothing it may draw for the group.
    await ok(h, '组长', '/finding add 某局长亲属违规承揽工程 --unit 城关镇 --cat 反腐败', dm('组长'));
    await ok(h, '组长', '/finding clue F-1', dm('组长'));
    // Nor does a task on the clue give it one: by unit, its bar would say where the clue is.
    await ok(h, '组长', '/rectify add F-1 清退违规工程款 --owner 组长 --due +14d', dm('组长'));
    const next = await groupDigestAt(h, sent, NEXT_MONDAY);
    expect(next).toHaveLength(1);
    expect(pictured(next)).toBe(false);
    expect(next.some((o) => o.reply.chart)).toBe(false);
  });
});
