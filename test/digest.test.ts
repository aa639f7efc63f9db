import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestJob } from '../src/digest.ts';
import type { Outgoing } from '../src/types.ts';
import type { Rectification } from '../src/rectification.ts';
import { createHarness, dm, storeTask, withTeam, type Harness } from './helpers/harness.ts';

/** Record what the bot sends through the console platform. */
function record(h: Harness): Outgoing[] {
  const sent: Outgoing[] = [];
  h.bot.services.outbox.register('console', { send: async (o) => void sent.push(o) });
  return sent;
}

async function tickAt(h: Harness, at: string): Promise<void> {
  h.clock.set(at);
  await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
  await h.bot.flush();
}

const chatMessages = (sent: Outgoing[]) => sent.filter((o) => 'chat' in o.to);

describe('the daily digest: once per team per day', () => {
  let h: Harness;
  let sent: Outgoing[];
  beforeEach(async () => {
    h = await createHarness({ now: '2026-11-25T08:00:00+08:00' });
    await withTeam(h);
    sent = record(h);
  });
  afterEach(() => h.dispose());

  it('fires at 08:30 Asia/Shanghai and not at 08:29', async () => {
    await tickAt(h, '2026-11-26T08:29:00+08:00');
    expect(sent).toEqual([]);
    await tickAt(h, '2026-11-26T08:30:00+08:00');
    expect(chatMessages(sent)).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: { chat: 'console:main' }, reply: { visibility: 'chat' } });
    expect(sent[0]!.reply.text).toMatch(/^【每日提醒】巡察组「第一巡察组」 · 2026-11-26\n/);
  });

  it('sends nothing new on a later tick or after a restart the same day, and again the next day', async () => {
    await tickAt(h, '2026-11-26T08:30:00+08:00');
    await tickAt(h, '2026-11-26T08:31:00+08:00');
    expect(chatMessages(sent)).toHaveLength(1);
    await h.close();
    const again = await createHarness({ file: h.file });
    const sentAfterRestart = record(again);
    await tickAt(again, '2026-11-26T09:00:00+08:00');
    expect(sentAfterRestart).toEqual([]);
    await tickAt(again, '2026-11-27T08:30:00+08:00');
    expect(chatMessages(sentAfterRestart)).toHaveLength(1);
    expect(sentAfterRestart[0]!.reply.text).toContain('2026-11-27');
    await again.dispose();
  });

  it('is still sent when the bot comes back at 10:00 after being down at 08:30', async () => {
    await tickAt(h, '2026-11-26T10:00:00+08:00');
    expect(chatMessages(sent)).toHaveLength(1);
    expect(sent[0]!.reply.text).toContain('2026-11-26');
  });

  it('reads the day in the configured time zone, not UTC', async () => {
    // 00:30 UTC on the 26th is 08:30 in Shanghai: the 26th's digest.
    await tickAt(h, '2026-11-26T00:30:00Z');
    expect(sent[0]!.reply.text).toContain('· 2026-11-26');
  });

  it("follows the team's own time, and /digest off stops it", async () => {
    expect(await h.text('组长', '/digest time 7:15')).toBe('本组每日提醒改为每天 07:15 发送。');
    await tickAt(h, '2026-11-26T07:14:00+08:00');
    expect(sent).toEqual([]);
    await tickAt(h, '2026-11-26T07:15:00+08:00');
    expect(chatMessages(sent)).toHaveLength(1);
    await h.say('组长', '/digest off');
    await tickAt(h, '2026-11-27T09:00:00+08:00');
    expect(chatMessages(sent)).toHaveLength(1);
  });

  it('sends an all-clear line on a quiet day, or nothing when the leader chose --quiet', async () => {
    await tickAt(h, '2026-11-26T08:30:00+08:00');
    expect(sent[0]!.reply.text).toContain('✅ 今天没有逾期或即将到期的事项。');
    await h.say('组长', '/digest on --quiet');
    await tickAt(h, '2026-11-27T08:30:00+08:00');
    expect(chatMessages(sent)).toHaveLength(1);
  });

  it('keeps an undelivered digest and delivers it on a later flush, never building it twice', async () => {
    let fail = true;
    const delivered: Outgoing[] = [];
    h.bot.services.outbox.register('console', {
      send: async (o) => {
        if (fail) throw new Error('platform down');
        delivered.push(o);
      },
    });
    await tickAt(h, '2026-11-26T08:30:00+08:00');
    expect(delivered).toEqual([]);
    expect(h.logs.some((l) => l.msg === 'delivery failed; will retry')).toBe(true);
    fail = false;
    await tickAt(h, '2026-11-26T08:31:00+08:00');
    expect(delivered).toHaveLength(1);
    await tickAt(h, '2026-11-26T08:32:00+08:00');
    expect(delivered).toHaveLength(1);
  });
});

describe('what the digest says', () => {
  let h: Harness;
  let sent: Outgoing[];
  beforeEach(async () => {
    h = await createHarness({ now: '2026-11-01T09:00:00+08:00' });
    await withTeam(h);
    sent = record(h);
    await h.say('admin', '/team period 2026-11-01 2026-12-31 --onsite-end 2026-11-28 --feedback 2026-12-20');
    await h.say('组员', '/finding add 台账缺失 --unit 城关镇 --cat 作风');
    await h.say('组员', '/finding add 机密线索正文 --unit 城关镇 --cat 纪律建设');
    await h.say('组长', '/finding clue F-2');
    await h.say('组长', '/rectify add F-1 措施甲 --owner 王镇长 --due 2026-11-10');
    await h.say('组长', '/rectify add F-1 措施乙 --owner 王镇长 --due 2026-11-20');
    await h.say('组长', '/rectify add F-1 措施丙 --owner 组员 --due 2026-11-27 --immediate');
    await h.say('组长', '/rectify add F-1 措施丁 --owner 组员 --due 2026-11-24');
    await h.say('组员', '/rectify done R-4 已完成整改，附会议纪要一份');
    await h.bot.services.docs.add({
      team: (await h.bot.services.teams.byName('第一巡察组'))!.id, what: '党委会议记录', unit: '城关镇', due: '2026-11-20',
      state: 'requested', requestedBy: 'console:组员', requestedAt: '2026-11-15T01:00:00Z', history: [],
    });
    sent.length = 0;
    h.clock.set('2026-11-25T09:00:00+08:00');
  });
  afterEach(() => h.dispose());

  /** The digest as the leaders, the office and the asker in a DM read it: every task in full. */
  const FULL = [
    '🔴 逾期超过7天（1）',
    '  R-1 城关镇 · 王镇长 · 时限 2026-11-10：措施甲（逾期15天）',
    '🟠 已逾期（1）',
    '  R-2 城关镇 · 王镇长 · 时限 2026-11-20：措施乙（逾期5天）',
    '🟡 3天内到期（1）',
    '  R-3 城关镇 · 组员 · 时限 2026-11-27：措施丙（还剩2天）',
    '📄 调阅材料（1）',
    '  D-1 城关镇 · 党委会议记录，应于 2026-11-20 提供（逾期5天）',
    '📅 时间节点',
    '  2026-11-28 驻点结束（还有3天）',
    '⚡ 立行立改未完成：1 项',
    '✍ 尚未签订保密承诺：组长、副组长、组员、组员二（/secrecy ack）',
    '🙋 尚未申报回避情况：组长、副组长、组员、组员二（/recusal ack；有利害关系的请私聊我 /recusal declare）',
    '统计：整改任务 4 项（逾期 2，即将到期 1，待销号 1，已销号 0；完成率 0%，按销号计）；问题线索 1 条（其中已移交 0 条）',
  ];
  /** The same counts as the group reads them. */
  const GROUP_COUNTS = '统计：整改任务 4 项（逾期 2，即将到期 1，待销号 1，已销号 0；完成率 0%，按销号计）；问题线索 1 条（其中已移交 0 条，详情不在群内显示）';

  it('colours overdue, long overdue and due-soon tasks, lists late documents and milestones, and counts clues only', async () => {
    const text = await h.text('组员', '/digest', dm('组员'));
    expect(text).toBe(['【每日提醒】巡察组「第一巡察组」 · 2026-11-25', ...FULL].join('\n'));
    expect(text).not.toContain('机密线索正文');
  });

  it('shows the group its tasks by reference only while its liaison may not read them', async () => {
    // Before feedback (2026-12-20) the unit's liaison, who reads the group, may not read a task, except
    // R-3, to be fixed at once (立行立改) at their unit; the document request is the liaison's own
    // unit's, so it is shown in full.
    const text = await h.text('组员', '/digest');
    expect(text).toBe(
      [
        '【每日提醒】巡察组「第一巡察组」 · 2026-11-25',
        '🔴 逾期超过7天（1）',
        '  R-1',
        '🟠 已逾期（1）',
        '  R-2',
        ...FULL.slice(4, -1),
        GROUP_COUNTS,
      ].join('\n'),
    );
    expect(text).not.toMatch(/措施[甲乙]|王镇长/);
  });

  it('sends each owner their own items, and the leaders and deputies the whole digest when the group’s was held back', async () => {
    await tickAt(h, '2026-11-25T09:00:00+08:00');
    const to = (user: string) => sent.filter((o) => 'user' in o.to && o.to.user === `console:${user}`).map((o) => o.reply.text);
    expect(to('王镇长')).toEqual([
      '【你的整改任务】巡察组「第一巡察组」 · 2026-11-25\n  R-1 城关镇 · 王镇长 · 时限 2026-11-10：措施甲（逾期15天）\n  R-2 城关镇 · 王镇长 · 时限 2026-11-20：措施乙（逾期5天）',
    ]);
    expect(to('组员')).toEqual(['【你的整改任务】巡察组「第一巡察组」 · 2026-11-25\n  R-3 城关镇 · 组员 · 时限 2026-11-27：措施丙（还剩2天）']);
    const full = ['【每日提醒 · 完整版】巡察组「第一巡察组」 · 2026-11-25（群内只显示编号和数量）', ...FULL].join('\n');
    expect(to('组长')).toEqual([full]);
    expect(to('副组长')).toEqual([full]);
    expect(to('联络员')).toEqual([]);
    expect(sent.every((o) => o.reply.visibility === ('chat' in o.to ? 'chat' : 'dm'))).toBe(true);
  });

  it('escalates long-overdue tasks to the leaders alone when the group may read every task', async () => {
    // After feedback the liaison (城关镇) may read the unit's tasks: the group gets them in full.
    await h.say('admin', '/team period 2026-11-01 2026-12-31 --onsite-end 2026-11-28 --feedback 2026-11-24');
    sent.length = 0;
    await tickAt(h, '2026-11-25T09:00:00+08:00');
    const to = (user: string) => sent.filter((o) => 'user' in o.to && o.to.user === `console:${user}`).map((o) => o.reply.text);
    expect(to('组长')).toEqual(['【逾期督办】巡察组「第一巡察组」以下整改任务已逾期超过7天：\n  R-1 城关镇 · 王镇长 · 时限 2026-11-10：措施甲（逾期15天）']);
    expect(to('副组长')).toEqual([]);
    const group = sent.filter((o) => 'chat' in o.to).map((o) => o.reply.text);
    expect(group).toHaveLength(1);
    expect(group[0]).toContain('  R-1 城关镇 · 王镇长 · 时限 2026-11-10：措施甲（逾期15天）');
  });

  it('names no task that is done or signed off', async () => {
    await h.say('王镇长', '/rectify done R-1 台账已建立，附台账复印件一份', { id: 'console:dm:王镇长', kind: 'dm' });
    await h.say('组长', '/rectify verify R-1');
    const text = await h.text('组员', '/digest');
    expect(text).not.toContain('R-1');
    expect(text).not.toContain('R-4');
    // The completion rate counts the signed-off R-1 only, not R-4 reported done.
    expect(text).toContain('待销号 1，已销号 1；完成率 25%，按销号计');
  });

  it('shows the unit’s plan and report as due from feedback, overdue past their date, until each comes in', async () => {
    // Feedback 2026-11-20: the plan is due 2026-12-20 (RECT_PLAN_DAYS 30), the report 2027-01-19 (RECT_REPORT_DAYS 60).
    await h.say('admin', '/team period 2026-11-01 2026-12-31 --onsite-end 2026-11-15 --feedback 2026-11-20');
    const reports = (text: string) => text.split('\n').filter((l) => l.startsWith('📮') || /^ {2}整改(方案|情况报告)/.test(l));
    expect(reports(await h.text('组员', '/digest'))).toEqual([
      '📮 被巡察单位待报送',
      '  整改方案：应于 2026-12-20 报送（还剩25天）：城关镇、东关村',
      '  整改情况报告：应于 2027-01-19 报送（还剩55天）：城关镇、东关村',
    ]);
    h.clock.set('2026-12-23T09:00:00+08:00');
    await h.say('组长', '/team received plan --unit 东关村 --date 12-18');
    expect(reports(await h.text('组员', '/digest'))).toEqual([
      '📮 被巡察单位待报送',
      '  整改方案：应于 2026-12-20 报送（逾期3天）：城关镇',
      '  整改情况报告：应于 2027-01-19 报送（还剩27天）：城关镇、东关村',
    ]);
    await h.say('组长', '/team received plan --unit 城关镇');
    for (const unit of ['城关镇', '东关村']) await h.say('组长', `/team received report --unit ${unit}`);
    const text = await h.text('组员', '/digest');
    expect(reports(text)).toEqual([]);
    // The plan and the report are no milestones of their own once feedback has come: their lines say it.
    expect(text).not.toContain('被巡察单位报送整改');
  });

  it('says nothing of the plan and report before feedback but the milestone when it nears', async () => {
    const text = await h.text('组员', '/digest');
    expect(text).not.toContain('📮');
  });

  it('sends a supervisor the task part by direct message from the feedback date, and nothing before', async () => {
    await h.say('admin', '/team add 纪检员 监督 --org 纪委监委');
    await tickAt(h, '2026-11-25T09:00:00+08:00');
    const to = () => sent.filter((o) => 'user' in o.to && o.to.user === 'console:纪检员').map((o) => o.reply.text);
    expect(to()).toEqual([]);
    await h.say('admin', '/team period 2026-11-01 2026-12-31 --onsite-end 2026-11-24 --feedback 2026-11-25');
    await tickAt(h, '2026-11-26T09:00:00+08:00');
    const [part] = to();
    expect(part!.split('\n').slice(0, 3)).toEqual(['【整改监督】巡察组「第一巡察组」 · 2026-11-26', '🔴 逾期超过7天（1）', '  R-1 城关镇 · 王镇长 · 时限 2026-11-10：措施甲（逾期16天）']);
    // R-4 is done, not signed off: the rate stays at nothing. The clue and its count are never in it.
    expect(part).toContain('统计：整改任务 4 项（逾期 2，即将到期 1，待销号 1，已销号 0；完成率 0%，按销号计）');
    expect(part).not.toMatch(/线索|调阅|保密/);
  });

  it('flags documents not yet returned as the round end approaches', async () => {
    await h.say('组员', '/docs provided D-1');
    h.clock.set('2026-12-30T09:00:00+08:00');
    expect(await h.text('组员', '/digest')).toContain('  D-1 城关镇 · 党委会议记录，已提供待归还（巡察 2026-12-31 结束）');
  });

  it('is refused to a liaison and shows nothing in an unbound chat', async () => {
    expect((await h.say('联络员', '/digest'))[0]).toMatchObject({ error: true });
    const [r] = await h.say('组员', '/digest', 'other');
    expect(r!.text).toContain('本群未绑定巡察组');
  });

  it('changes its time only for the leader, with a clear error for a bad time', async () => {
    expect((await h.say('组员', '/digest time 09:00'))[0]!.text).toContain('需要以下角色之一：组长');
    expect((await h.say('组长', '/digest time 25:00'))[0]).toMatchObject({ error: true, text: '看不懂时间「25:00」。请写成“时:分”，例如 08:30。' });
    expect((await h.bot.services.teams.byName('第一巡察组'))!.digest.time).toBeUndefined();
  });
});

describe('handed-over clues whose result is overdue', () => {
  let h: Harness;
  let sent: Outgoing[];
  let teamId: string;
  const to = (user: string) => sent.filter((o) => 'user' in o.to && o.to.user === `console:${user}`).map((o) => o.reply.text);
  const group = () => sent.filter((o) => 'chat' in o.to).map((o) => o.reply.text);
  const LATE = '  F-1 2026-11-25 移交纪委监委，应于 2027-02-23 前反馈（逾期1天）：/finding result F-1 <处置结果>';

  /** F-1, a clue about 张书记, handed to 纪委监委 on 2026-11-25 (its result due 90 days later, 2027-02-23). */
  beforeEach(async () => {
    h = await createHarness({ now: '2026-11-25T09:00:00+08:00' });
    await withTeam(h);
    teamId = (await h.bot.services.teams.byName('第一巡察组'))!.id;
    sent = record(h);
    for (const [user, line, chat] of [
      ['组员', '/finding add 镇党委书记违规收受礼金 --unit 城关镇 --cat 反腐败 --evidence 谈话记录'],
      ['副组长', '/finding review F-1'],
      ['组长', '/finding confirm F-1'],
      ['组长', '/finding clue F-1 --importance 重要 --subject 张书记 --post 主要负责人', dm('组长')],
      ['组长', '/finding handover F-1 --to 纪委 --reported 11-24'],
    ] as const) {
      const [r] = await h.say(user, line, chat);
      expect(r!.error, `${line} → ${r!.text}`).toBeUndefined();
    }
    await h.bot.flush();
    sent.length = 0;
  });
  afterEach(() => h.dispose());

  it('says nothing while the result is not yet due', async () => {
    await tickAt(h, '2027-02-23T08:30:00+08:00');
    expect(group()[0]).not.toContain('处置结果');
    expect(to('组长')).toEqual([]);
  });

  it('gives the group only a count, and the leader and deputies each late clue by reference, audited as read', async () => {
    await tickAt(h, '2027-02-24T08:30:00+08:00');
    expect(group()).toHaveLength(1);
    expect(group()[0]).toContain('⏳ 移交线索处置结果逾期未反馈：1 条（详情仅组长、副组长可见）');
    expect(group()[0]).not.toMatch(/F-1|纪委监委|张书记/);
    for (const leader of ['组长', '副组长']) {
      const [full] = to(leader);
      expect(full).toContain(['⏳ 移交线索处置结果逾期未反馈（1）', LATE].join('\n'));
      expect(full).not.toContain('张书记');
    }
    // Its author may read the clue, but the leaders follow its result: no message for her.
    expect(to('组员')).toEqual([]);
    expect(to('联络员')).toEqual([]);
    const reads = (await h.bot.services.audit.list(teamId)).filter((e) => e.action === 'read-clue' && e.ref === 'F-1').map((e) => e.user);
    expect(reads.sort()).toEqual(['console:副组长', 'console:组长']);
  });

  it('answers /digest as the daily one: the count in the group, the references in the leader’s DM', async () => {
    h.clock.set('2027-02-24T09:00:00+08:00');
    const inGroup = await h.text('组长', '/digest');
    expect(inGroup).toContain('逾期未反馈：1 条');
    expect(inGroup).not.toContain('F-1');
    expect(await h.text('组长', '/digest', dm('组长'))).toContain(LATE);
    const member = await h.text('组员', '/digest', dm('组员'));
    expect(member).toContain('逾期未反馈：1 条');
    expect(member).not.toContain('F-1');
  });

  it('drops a clue once its result is recorded', async () => {
    h.clock.set('2027-02-24T08:00:00+08:00');
    await h.say('组长', '/finding result F-1 初步核实', dm('组长'));
    await h.bot.flush();
    sent.length = 0;
    await tickAt(h, '2027-02-24T08:30:00+08:00');
    expect(group()[0]).not.toContain('处置结果');
    expect(to('组长')).toEqual([]);
  });

  it('follows CLUE_RESULT_DAYS', async () => {
    await h.close();
    const again = await createHarness({ file: h.file, env: { CLUE_RESULT_DAYS: '30' } });
    try {
      again.clock.set('2026-12-26T09:00:00+08:00');
      expect(await again.text('组长', '/digest', dm('组长'))).toContain('  F-1 2026-11-25 移交纪委监委，应于 2026-12-25 前反馈（逾期1天）');
    } finally {
      await again.close();
    }
  });
});

describe('a long digest: at most ten lines a section, then how many more', () => {
  let h: Harness;
  let sent: Outgoing[];
  let teamId: string;
  beforeEach(async () => {
    h = await createHarness({ now: '2026-11-25T09:00:00+08:00' });
    await withTeam(h);
    sent = record(h);
    teamId = (await h.bot.services.teams.byName('第一巡察组'))!.id;
    // After feedback, so the group reads every task and request in full.
    await h.say('admin', '/team period 2026-10-01 2026-10-31 --feedback 2026-11-10');
    await h.say('组员', '/finding add 台账缺失 --unit 城关镇 --cat 作风');
    await h.say('组员', '/finding add 机密线索正文 --unit 城关镇 --cat 纪律建设');
    await h.say('组长', '/finding clue F-2');
    const task = (due: string, fields: Partial<Rectification> = {}) => storeTask(h, teamId, { due, owner: 'console:组员', ...fields });
    // 13 overdue by a few days (🟠), one of them on the clue: the group only counts it.
    for (let i = 0; i < 12; i++) await task('2026-11-22', { measure: `逾期措施${i + 1}` });
    await task('2026-11-22', { finding: 2, measure: '线索整改' });
    // 11 due within three days (🟡); 2 overdue long ago (🔴).
    for (let i = 0; i < 11; i++) await task('2026-11-27', { measure: `将到期措施${i + 1}` });
    for (let i = 0; i < 2; i++) await task('2026-11-01', { measure: `久拖措施${i + 1}` });
    // 12 document requests overdue.
    for (let i = 0; i < 12; i++) {
      await h.bot.services.docs.add({
        team: teamId, what: `材料${i + 1}`, unit: '城关镇', due: '2026-11-20', state: 'requested', requestedBy: 'console:组员', requestedAt: '2026-11-15T01:00:00Z', history: [],
      });
    }
    sent.length = 0;
  });
  afterEach(() => h.dispose());

  /** The lines under a section's heading, up to the next heading. */
  const sectionOf = (text: string, heading: RegExp) => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => heading.test(l));
    const end = lines.findIndex((l, i) => i > at && !l.startsWith('  '));
    return lines.slice(at + 1, end < 0 ? undefined : end);
  };

  it('lists ten of each long section in the group, counts the rest with the command that lists them all, and keeps the totals', async () => {
    await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
    await h.bot.flush();
    const group = sent.find((o) => 'chat' in o.to)!;
    const text = group.reply.text;
    expect(text).toContain('🟠 已逾期（13）');
    const orange = sectionOf(text, /^🟠/);
    expect(orange).toHaveLength(11);
    expect(orange.slice(0, 10).every((l) => /^ {2}R-\d+ 城关镇 · 组员 · 时限 2026-11-22：逾期措施\d+（逾期3天）$/.test(l))).toBe(true);
    expect(orange[10]).toBe('  ……另有 2 项，发送 /rectify list --overdue 查看全部');
    expect(sectionOf(text, /^🟡/)).toEqual([...sectionOf(text, /^🟡/).slice(0, 10), '  ……另有 1 项，发送 /rectify list --due-soon 查看全部']);
    expect(sectionOf(text, /^🔴/)).toHaveLength(2);
    // The clue's task takes no line of the ten: it is counted, after the lists, with what the group may not read.
    expect(sectionOf(text, /^📄/).slice(10)).toEqual(['  ……另有 2 项，发送 /docs list 查看全部', '  另有 1 项只对有权查看的人显示。']);
    expect(text).not.toContain('线索整改');
    // Only what is shown is quoted: ten, ten and two tasks, ten documents, and the team.
    expect(group.reply.quotes.filter((q) => q.kind === 'task')).toHaveLength(22);
    expect(group.reply.quotes.filter((q) => q.kind === 'doc')).toHaveLength(10);
    // The counts line counts everything.
    expect(text).toContain('整改任务 26 项（逾期 15，即将到期 11');
    expect(text.split('\n').length).toBeLessThan(50);
  });

  it('caps an owner’s own list by direct message the same way', async () => {
    await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
    await h.bot.flush();
    const own = sent.find((o) => 'user' in o.to && o.to.user === 'console:组员')!.reply.text.split('\n');
    // 26 of 组员's tasks are due or overdue; the clue's task is theirs too, as its finding's author.
    expect(own).toHaveLength(12);
    expect(own[0]).toBe('【你的整改任务】巡察组「第一巡察组」 · 2026-11-25');
    expect(own[11]).toBe('  ……另有 16 项，发送 /rectify list --mine 查看全部');
  });
});
