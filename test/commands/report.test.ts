import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry as AuditEntry } from '../../src/audit.ts';
import { createDigestJob } from '../../src/digest.ts';
import type { ImportantMatter } from '../../src/important-matter.ts';
import type { Outgoing } from '../../src/types.ts';
import { dm, type Harness, useTeamHarness } from '../helpers/harness.ts';
import { ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';
const ADD_USAGE = '用法：/report add <事项> [--finding <F编号>] [--urgent]';
const REGISTER_ROLES = '需要以下角色之一：巡察办、组长、副组长';

/** A fresh team harness per call, disposed after each test. */
const setup = useTeamHarness();

async function matters(h: Harness, teamId: string): Promise<ImportantMatter[]> {
  return h.bot.services.matters.list(teamId);
}
const audits = async (h: Harness, teamId: string, action: string): Promise<AuditEntry[]> =>
  (await h.bot.services.audit.list(teamId)).filter((e) => e.action === action);
/** Every notice delivered so far, and the texts one user was sent. */
async function delivered(h: Harness, sent: Outgoing[]): Promise<Outgoing[]> {
  await h.bot.flush();
  return sent;
}
const textsTo = (sent: Outgoing[], user: string) => sent.filter((o) => 'user' in o.to && o.to.user === `console:${user}`).map((o) => o.reply.text);

/** A finding logged by 组员 and flagged as a clue: F-1, on 东关村. */
async function withClue(h: Harness): Promise<void> {
  await ok(h, '组员', '/finding add 某局长亲属违规承揽工程 --unit 东关村 --cat 反腐败');
  await ok(h, '组长', '/finding clue F-1');
}

describe('/report add', () => {
  it('registers M-1, answers the asker alone even in the group, audits it and tells the office', async () => {
    const { h, teamId, sent } = await setup();
    const r = await ok(h, '组长', '/report add 拟对镇党委书记谈话，请示是否需先报县委 --urgent');
    expect(r.visibility).toBe('asker');
    expect(r.text).toBe('已登记请示报告 M-1（紧急），待领导小组批示；已私信通知巡察办。');
    expect(r.text).not.toContain('书记');
    expect(r.actions).toEqual([{ label: '查看', command: '/report show M-1' }]);
    expect(await matters(h, teamId)).toEqual([
      { team: teamId, n: 1, text: '拟对镇党委书记谈话，请示是否需先报县委', urgent: true, state: 'open', reportedBy: 'console:组长', reportedAt: T0, history: [] },
    ]);
    expect(await audits(h, teamId, 'report')).toEqual([{ at: T0, user: 'console:组长', action: 'report', ref: 'M-1' }]);
    const notices = await delivered(h, sent);
    expect(notices.map((o) => [o.to, o.reply.visibility])).toEqual([[{ user: 'console:admin' }, 'dm']]);
    expect(notices[0]!.reply.text).toBe(
      '【请示报告 · 紧急】巡察组「第一巡察组」M-1：拟对镇党委书记谈话，请示是否需先报县委\n（组长 报告）领导小组批示后，请发送 /report answer M-1 <批示> 登记。',
    );
  });

  it('numbers per team, lets the deputy report, keeps the finding it cites, and makes a repeat one record', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村集体资金账目不清 --unit 城关镇 --cat 纪律建设');
    expect((await ok(h, '副组长', '/report add 是否扩大核查范围 --finding f1', dm('副组长'))).text).toBe('已登记请示报告 M-1，关联 F-1，待领导小组批示；已私信通知巡察办。');
    const again = await ok(h, '副组长', '/report add 是否扩大核查范围 --finding f1', dm('副组长'));
    expect(again.text).toBe('M-1 已于 2026-11-25 09:00 保存，与这次完全相同：没有重复保存。');
    expect((await ok(h, '组长', '/report add 另一事项')).text).toContain('M-2');
    const [second, first] = await matters(h, teamId);
    expect(first).toMatchObject({ n: 1, finding: 1, urgent: false, reportedBy: 'console:副组长' });
    expect(second).toMatchObject({ n: 2, urgent: false });
    expect(second!.finding).toBeUndefined();
  });

  it('says so when there is no one else in the office to tell', async () => {
    // The office's one admin leads this team: nobody is left to carry the matter upward but themselves.
    const { h, sent } = await setup();
    await ok(h, 'admin', '/team add admin leader');
    expect((await ok(h, 'admin', '/report add 无人可报')).text).toBe('已登记请示报告 M-1，待领导小组批示；没有可通知的巡察办人员（XC_ADMINS），请另行报送。');
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses bad input with its usage, and saves nothing', async () => {
    const { h, teamId } = await setup();
    expect((await refused(h, '组长', '/report add')).text).toBe(`缺少请示事项。请按下面的用法补上。\n${ADD_USAGE}`);
    expect((await refused(h, '组长', '/report add --urgent')).text).toBe(`缺少请示事项。请按下面的用法补上。\n${ADD_USAGE}`);
    expect((await refused(h, '组长', '/report add 事项 --finding 甲')).text).toBe('「甲」不是有效编号。请写成 F-3 这样的编号。');
    expect((await refused(h, '组长', '/report add 事项 --finding F-9')).text).toBe('本组没有 F-9。请用 /finding list 查看现有编号。');
    expect((await refused(h, '组长', '/report add 事项 --bogus')).text).toBe(`不认识选项 --bogus。请对照下面的用法改正。\n${ADD_USAGE}`);
    expect((await refused(h, '组长', `/report add ${'长'.repeat(2001)}`)).text).toBe(`请示事项太长：最多 2000 个字符。请删减后再发。\n${ADD_USAGE}`);
    expect(await matters(h, teamId)).toEqual([]);
    expect(await audits(h, teamId, 'report')).toEqual([]);
  });

  it('is for the leader and deputies: members, liaisons, the office and outsiders are refused', async () => {
    const { h, teamId } = await setup();
    expect((await refused(h, '组员', '/report add 组员的事项')).text).toBe('需要以下角色之一：组长、副组长（你的角色：组员）。请由组长或副组长办理。');
    expect((await refused(h, '联络员', '/report add 联络员的事项')).text).toBe('需要以下角色之一：组长、副组长（你的角色：联络员）。请由组长或副组长办理。');
    expect((await refused(h, 'admin', '/report add 巡察办的事项')).text).toBe('需要以下角色之一：组长、副组长（你的角色：巡察办）。请由组长或副组长办理。');
    expect((await refused(h, '路人', '/report add 路人的事项', dm('路人'))).text).toBe('你还不是任何巡察组的成员。请联系组长或巡察办把你加入巡察组。');
    expect(await matters(h, teamId)).toEqual([]);
  });
});

describe('/report list and /report show', () => {
  it('lists the register to the asker alone, open first then newest, and --open only the open ones', async () => {
    const { h } = await setup();
    await ok(h, '组长', '/report add 第一件事项');
    await ok(h, '副组长', '/report add 第二件事项 --urgent');
    await ok(h, '组长', '/report add 第三件事项');
    await ok(h, 'admin', '/report answer M-3 同意');
    const list = await ok(h, '组长', '/report list');
    expect(list.visibility).toBe('asker');
    expect(list.text).toBe(
      [
        '请示报告：共 3 件，待批示 2 件（第 1/1 页，仅你可见）',
        'M-2［待批示 · 紧急］第二件事项（副组长 · 2026-11-25）',
        'M-1［待批示］第一件事项（组长 · 2026-11-25）',
        'M-3［已批示］第三件事项（组长 · 2026-11-25）',
      ].join('\n'),
    );
    expect((await ok(h, '副组长', '/report list --open', dm('副组长'))).text).toBe(
      ['待批示的请示报告：共 2 件（第 1/1 页，仅你可见）', 'M-2［待批示 · 紧急］第二件事项（副组长 · 2026-11-25）', 'M-1［待批示］第一件事项（组长 · 2026-11-25）'].join('\n'),
    );
    const office = await ok(h, 'admin', '/report list');
    expect(office.visibility).toBe('asker');
    expect(office.text).toContain('共 3 件');
  });

  it('pages the register and says so when it is empty', async () => {
    const { h } = await setup();
    expect((await ok(h, '组长', '/report list')).text).toBe('请示报告：共 0 件，待批示 0 件（第 1/1 页，仅你可见）\n暂无请示报告。');
    for (let i = 1; i <= 11; i++) await ok(h, '组长', `/report add 事项${i}`);
    const first = (await ok(h, '组长', '/report list --open')).text;
    expect(first.split('\n')).toHaveLength(12);
    expect(first).toContain('下一页：/report list --open --page 2');
    expect((await ok(h, '组长', '/report list --page 2')).text.split('\n').slice(1)).toEqual(['M-1［待批示］事项1（组长 · 2026-11-25）']);
  });

  it('shows one matter with who reported it, the finding it cites and the instruction once recorded', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 村集体资金账目不清 --unit 城关镇 --cat 纪律建设');
    await ok(h, '组长', '/report add 是否扩大核查范围 --finding F-1 --urgent');
    h.clock.set('2026-11-28T10:00:00+08:00');
    const open = await ok(h, '副组长', '/report show m1');
    expect(open.visibility).toBe('asker');
    expect(open.text).toBe(['请示报告 M-1［待批示 · 紧急］', '是否扩大核查范围', '报告：组长 · 2026-11-25 09:00', '关联问题：F-1', '尚待领导小组批示（已报告 3 天）。'].join('\n'));
    await ok(h, 'admin', '/report answer M-1 同意扩大核查，报县纪委备案');
    expect((await ok(h, '组长', '/report show M-1', dm('组长'))).text).toBe(
      ['请示报告 M-1［已批示 · 紧急］', '是否扩大核查范围', '报告：组长 · 2026-11-25 09:00', '关联问题：F-1', '领导小组批示（admin 于 2026-11-28 10:00 登记）：同意扩大核查，报县纪委备案'].join('\n'),
    );
  });

  it('refuses a bad or unknown reference, and anyone but the leaders and the office', async () => {
    const { h } = await setup();
    await ok(h, '组长', '/report add 某事项');
    expect((await refused(h, '组长', '/report show M-9')).text).toBe('本组没有 M-9。请用 /report list 查看现有编号。');
    expect((await refused(h, '组长', '/report show X')).text).toBe('「X」不是有效编号。请写成 M-3 这样的编号。');
    expect((await refused(h, '组长', '/report show')).text).toBe('缺少编号。请按下面的用法补上。\n用法：/report show <M编号>');
    for (const [user, role] of [['组员', '组员'], ['联络员', '联络员']]) {
      expect((await refused(h, user!, '/report list')).text).toBe(`${REGISTER_ROLES}（你的角色：${role}）。请由巡察办、组长或副组长办理。`);
      expect((await refused(h, user!, '/report show M-1', dm(user!))).text).toBe(`${REGISTER_ROLES}（你的角色：${role}）。请由巡察办、组长或副组长办理。`);
    }
  });
});

describe('/report answer', () => {
  it('records the instruction with who and when, audits it, and tells the leader and deputies by direct message', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组长', '/report add 拟对镇党委书记谈话');
    await delivered(h, sent);
    sent.length = 0;
    h.clock.set('2026-11-26T15:00:00+08:00');
    const r = await ok(h, 'admin', '/report answer M-1 同意，注意方式方法');
    expect(r.visibility).toBe('asker');
    expect(r.text).toBe('已登记 M-1 的领导小组批示。已私信通知：组长、副组长。');
    const [m] = await matters(h, teamId);
    expect(m).toMatchObject({
      state: 'answered',
      instruction: { text: '同意，注意方式方法', by: 'console:admin', at: '2026-11-26T07:00:00.000Z' },
      history: [{ at: '2026-11-26T07:00:00.000Z', by: 'console:admin', field: 'state', from: 'open', to: 'answered' }],
    });
    expect(await audits(h, teamId, 'answer')).toEqual([{ at: '2026-11-26T07:00:00.000Z', user: 'console:admin', action: 'answer', ref: 'M-1' }]);
    const notices = await delivered(h, sent);
    expect(notices.map((o) => o.to)).toEqual([{ user: 'console:组长' }, { user: 'console:副组长' }]);
    for (const o of notices) {
      expect(o.reply.visibility).toBe('dm');
      expect(o.reply.text).toBe('【领导小组批示】巡察组「第一巡察组」M-1：拟对镇党委书记谈话\n批示：同意，注意方式方法');
    }
  });

  it('refuses a second instruction, a missing one, and anyone but the office; nothing changes', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组长', '/report add 某事项');
    await ok(h, 'admin', '/report answer M-1 同意');
    const before = await matters(h, teamId);
    expect((await refused(h, 'admin', '/report answer M-1 再次批示')).text).toBe('M-1 已于 2026-11-25 登记批示（admin），不能重复登记。请用 /report show M-1 查看。');
    expect((await refused(h, 'admin', '/report answer M-1')).text).toBe('缺少批示内容。请按下面的用法补上。\n用法：/report answer <M编号> <批示>');
    expect((await refused(h, 'admin', '/report answer M-2 同意')).text).toBe('本组没有 M-2。请用 /report list 查看现有编号。');
    expect((await refused(h, '组长', '/report answer M-1 组长自批')).text).toBe('只有巡察办可以使用 /report answer，你不在巡察办名单中。请联系巡察办办理。');
    expect((await refused(h, '副组长', '/report answer M-1 副组长自批')).text).toBe('只有巡察办可以使用 /report answer，你不在巡察办名单中。请联系巡察办办理。');
    expect(await matters(h, teamId)).toEqual(before);
    expect(await audits(h, teamId, 'answer')).toHaveLength(1);
  });
});

describe('a matter about a clue is clue-level', () => {
  it('is audited as a clue read for every person it reaches, the office’s notice and the leaders’ included', async () => {
    const { h, teamId, sent } = await setup();
    await withClue(h);
    await ok(h, '组长', '/report add 被反映人系镇主要负责人，请示处置方式 --finding F-1');
    await delivered(h, sent);
    const reads = () => audits(h, teamId, 'read-clue');
    // The office's notice is a read of it; the reporter's own reply is covered by the entry of the report.
    expect((await reads()).map((e) => [e.user, e.ref])).toEqual([['console:admin', 'M-1']]);
    await ok(h, '副组长', '/report show M-1', dm('副组长'));
    await ok(h, 'admin', '/report answer M-1 同意移交纪委监委');
    await delivered(h, sent);
    expect((await reads()).map((e) => [e.user, e.ref])).toEqual([
      ['console:admin', 'M-1'],
      ['console:副组长', 'M-1'],
      ['console:组长', 'M-1'],
      ['console:副组长', 'M-1'],
    ]);
    // A matter that cites an ordinary finding is not clue-level: its reads are not clue reads.
    await ok(h, '组员', '/finding add 公车私用未登记 --unit 城关镇 --cat 作风');
    await ok(h, '组长', '/report add 普通事项 --finding F-2');
    await ok(h, '组长', '/report show M-2');
    expect((await reads()).filter((e) => e.ref === 'M-2')).toEqual([]);
  });

  it('is words in /audit, per subject', async () => {
    const { h } = await setup();
    await withClue(h);
    await ok(h, '组长', '/report add 请示事项 --finding F-1');
    await ok(h, 'admin', '/report answer M-1 同意');
    const log = (await ok(h, '组长', '/audit --ref M-1')).text;
    expect(log).toContain('组长 请示报告 M-1');
    expect(log).toContain('admin 登记领导小组批示 M-1');
    expect(log).toContain('查看涉及问题线索的请示报告 M-1');
  });
});

describe('open matters in the digest', () => {
  it('are listed in the leaders’ own digest, oldest first, and never in the group’s, not even counted', async () => {
    const { h } = await setup();
    await ok(h, 'admin', '/team period 2026-11-20 2026-12-20');
    await ok(h, '组长', '/report add 第一件：拟对镇党委书记谈话');
    await ok(h, '副组长', '/report add 第二件：扩大核查范围 --urgent');
    await ok(h, '组长', '/report add 第三件：已批示的');
    await ok(h, 'admin', '/report answer M-3 同意');
    h.clock.set('2026-11-27T09:00:00+08:00');
    const own = (await ok(h, '组长', '/digest', dm('组长'))).text;
    expect(own).toContain(['📨 待领导小组批示的请示报告（2）', '  M-1：第一件：拟对镇党委书记谈话（2026-11-25 报告，已 2 天）', '  M-2［紧急］：第二件：扩大核查范围（2026-11-25 报告，已 2 天）'].join('\n'));
    expect(own).not.toContain('M-3');
    const group = await ok(h, '组长', '/digest');
    expect(group.visibility).toBe('chat');
    expect(group.text).not.toMatch(/M-\d|请示|第一件/);
    expect((await ok(h, '组员', '/digest', dm('组员'))).text).not.toMatch(/M-\d|请示/);
  });

  it('send the leader and deputies the whole digest by direct message, the daily job included', async () => {
    const { h, sent } = await setup();
    await ok(h, '组长', '/report add 待批示的事项');
    await delivered(h, sent);
    sent.length = 0;
    h.clock.set('2026-11-26T08:30:00+08:00');
    await createDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
    await delivered(h, sent);
    const group = sent.filter((o) => 'chat' in o.to);
    expect(group).toHaveLength(1);
    expect(group[0]!.reply.text).not.toMatch(/M-1|待批示的事项/);
    for (const leader of ['组长', '副组长']) expect(textsTo(sent, leader).join('\n')).toContain('  M-1：待批示的事项（2026-11-25 报告，已 1 天）');
    for (const other of ['组员', '组员二', '联络员']) expect(textsTo(sent, other).join('\n')).not.toContain('M-1');
  });
});

describe('in English', () => {
  it('speaks the catalog', async () => {
    const { h } = await setup({ XC_LANG: 'en' });
    expect((await ok(h, '组长', '/report add Interview the township secretary? --urgent')).text).toBe(
      'Reported M-1 (urgent) to the leading group; awaiting its instruction. The office has been told.',
    );
    expect((await ok(h, 'admin', '/report answer M-1 Agreed')).text).toBe("Recorded the leading group's instruction on M-1. Told by direct message: 组长, 副组长.");
    expect((await refused(h, 'admin', '/report answer M-1 Again')).text).toBe('M-1 was answered on 2026-11-25 (recorded by admin); it cannot be answered twice. Send /report show M-1 to read it.');
  });
});
