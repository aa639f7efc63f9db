/**
 * The 底稿 chain: a finding drafted by its 经办人 with its evidence (证据材料) and the rules it rests on
 * (定性依据), reviewed (复核) by a deputy or the leader who did not write it, confirmed (审签) by the
 * leader only with evidence; the next step offered as a button; findings stored before still load.
 */
import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry as AuditEntry } from '../../src/audit.ts';
import type { Finding } from '../../src/finding.ts';
import { dm, useTeamHarness, type Harness } from '../helpers/harness.ts';
import { signOff } from '../helpers/findings.ts';
import { figures, ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';

const setup = useTeamHarness();

async function get(h: Harness, teamId: string, n: number): Promise<Finding> {
  const f = await h.bot.services.findings.get(teamId, n);
  expect(f, `F-${n} stored`).toBeDefined();
  return f!;
}
const audits = async (h: Harness, teamId: string, action: string): Promise<AuditEntry[]> =>
  (await h.bot.services.audit.list(teamId)).filter((e) => e.action === action);
const buttons = (r: { actions?: Array<{ label: string; command: string }> }) => r.actions?.map((a) => [a.label, a.command]) ?? [];

describe('evidence and basis', () => {
  it('notes the evidence when a finding is logged, and shows it on the card', async () => {
    const { h, teamId } = await setup();
    const r = await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence “接待清单第2页、谈话记录”');
    expect(buttons(r)).toEqual([['复核', '/finding review F-1'], ['查看', '/finding show F-1']]);
    expect((await get(h, teamId, 1)).evidence).toBe('接待清单第2页、谈话记录');
    const card = await ok(h, '组长', '/finding show F-1');
    expect(card.text).toContain('证据材料：接待清单第2页、谈话记录');
  });

  it('refuses evidence over 2000 characters, saving nothing', async () => {
    const { h, teamId } = await setup();
    const r = await refused(h, '组员', `/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence ${'证'.repeat(2001)}`);
    expect(r.text).toContain('证据材料太长');
    expect(r.text).toContain('用法：/finding add');
    expect(await h.bot.services.findings.list(teamId)).toEqual([]);
  });

  it('sets evidence and basis by edit: history keeps the old evidence, the reply does not echo it, the card names each rule', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence 接待清单');
    h.clock.set('2026-11-26T10:00:00+08:00');
    const r = await ok(h, '组员', '/finding edit F-1 --evidence 接待清单和发票 --basis “lj3、GZ-01”');
    expect(r.text).toContain('证据材料');
    expect(r.text).not.toContain('发票');
    expect(r.text).toContain('：证据材料；定性依据 → LJ-03、GZ-01');
    const f = await get(h, teamId, 1);
    expect([f.evidence, f.basis]).toEqual(['接待清单和发票', ['LJ-03', 'GZ-01']]);
    const at = '2026-11-26T02:00:00.000Z';
    expect(f.history).toEqual([
      { at, by: 'console:组员', field: 'evidence', from: '接待清单', to: '接待清单和发票' },
      { at, by: 'console:组员', field: 'basis', to: 'LJ-03、GZ-01' },
    ]);
    expect((await audits(h, teamId, 'edit')).map((e) => e.field)).toEqual(['evidence', 'basis']);
    const card = await ok(h, '组员二', '/finding show F-1');
    expect(card.text).toContain('定性依据：LJ-03 中央八项规定、GZ-01 两不原则');
    expect(card.text).toContain('证据材料 接待清单 → 接待清单和发票');
  });

  it('refuses unknown rule ids, naming each, and changes nothing', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风');
    const before = await get(h, teamId, 1);
    const r = await refused(h, '组员', '/finding edit F-1 --basis LJ-03、XX-99、八项规定 --severity 较重');
    expect(r.text).toContain('规则库中没有：XX-99、八项规定。');
    expect(r.text).toContain('/rule');
    expect(await get(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'edit')).toEqual([]);
    expect((await refused(h, '组员', '/finding edit F-1 --basis “ ”')).text).toContain('定性依据不能为空');
  });

  it('sends a reviewed finding back to draft when it changes, to be reviewed again', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence 接待清单');
    await ok(h, '副组长', '/finding review F-1');
    const r = await ok(h, '组员', '/finding edit F-1 --text 超标准接待三次');
    expect(r.text).toContain('F-1 已复核，修改后退回草稿，须重新复核。');
    expect(buttons(r)).toEqual([['复核', '/finding review F-1']]);
    const f = await get(h, teamId, 1);
    expect(f.state).toBe('draft');
    expect(f.history.at(-1)).toEqual({ at: T0, by: 'console:组员', field: 'state', from: 'reviewed', to: 'draft' });
    // An edit that changes nothing leaves the review standing.
    await ok(h, '副组长', '/finding review F-1');
    expect((await ok(h, '组员', '/finding edit F-1 --unit 城关镇')).text).toContain('没有变化');
    expect((await get(h, teamId, 1)).state).toBe('reviewed');
  });
});

describe('/finding review', () => {
  it('moves a draft to reviewed, audited, and tells the leader with a button to sign it', async () => {
    const { h, teamId, sent } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风');
    h.clock.set('2026-11-26T10:00:00+08:00');
    const r = await ok(h, '副组长', '/finding review F-1');
    expect(r.text).toBe('已复核 F-1：待组长审签。');
    expect(buttons(r)).toEqual([['审签', '/finding confirm F-1']]);
    const at = '2026-11-26T02:00:00.000Z';
    const f = await get(h, teamId, 1);
    expect(f.state).toBe('reviewed');
    expect(f.history).toEqual([{ at, by: 'console:副组长', field: 'state', from: 'draft', to: 'reviewed' }]);
    expect(await audits(h, teamId, 'review')).toEqual([{ at, user: 'console:副组长', action: 'review', ref: 'F-1' }]);
    await h.bot.flush();
    const notice = sent.find((o) => 'user' in o.to && o.to.user === 'console:组长');
    expect(notice?.reply.text).toBe('巡察组「第一巡察组」：F-1 已由 副组长 复核，待你审签（/finding confirm F-1）。');
    expect(notice?.reply.actions?.map((a) => a.command)).toEqual(['/finding confirm F-1', '/finding show F-1']);
    expect((await ok(h, '组员二', '/finding show F-1')).text.split('\n')[0]).toBe('F-1［已复核］');
  });

  it('lets the leader review, but never the finding’s author, with a clear refusal', async () => {
    const { h, teamId } = await setup();
    await ok(h, '副组长', '/finding add 副组长登记的 --unit 城关镇 --cat 作风');
    await ok(h, '组长', '/finding add 组长登记的 --unit 城关镇 --cat 作风');
    const own = await refused(h, '副组长', '/finding review F-1');
    expect(own.text).toBe('F-1 是你登记的问题：经办人不能复核自己的底稿，请由其他副组长或组长复核。');
    expect((await refused(h, '组长', '/finding review F-2')).text).toContain('经办人不能复核');
    expect((await get(h, teamId, 1)).state).toBe('draft');
    expect((await get(h, teamId, 2)).history).toEqual([]);
    expect(await audits(h, teamId, 'review')).toEqual([]);
    await ok(h, '组长', '/finding review F-1');
    await ok(h, '副组长', '/finding review F-2');
    expect([(await get(h, teamId, 1)).state, (await get(h, teamId, 2)).state]).toEqual(['reviewed', 'reviewed']);
  });

  it('reviews only a draft', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence 接待清单');
    await ok(h, '副组长', '/finding review F-1');
    expect((await refused(h, '组长', '/finding review F-1')).text).toBe('F-1 当前状态为已复核，只有草稿可以复核。');
    await ok(h, '组长', '/finding confirm F-1');
    expect((await refused(h, '副组长', '/finding review F-1')).text).toContain('已审签');
    expect(await audits(h, teamId, 'review')).toHaveLength(1);
  });

  it('refuses members, liaisons and outsiders, naming the roles', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风');
    for (const [user, yours] of [['组员二', '组员'], ['联络员', '联络员']] as const) {
      expect((await refused(h, user, '/finding review F-1')).text).toContain(`需要以下角色之一：组长、副组长（你的角色：${yours}）`);
    }
    expect((await refused(h, '路人', '/finding review F-1', dm('路人'))).text).not.toContain('超标准接待');
    expect((await get(h, teamId, 1)).state).toBe('draft');
  });

  it('answers about a clue privately, and tells the leader only its reference', async () => {
    const { h, sent } = await setup();
    await ok(h, '组员', '/finding add 村支书虚报冒领补贴 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-1');
    expect((await ok(h, '副组长', '/finding review F-1')).visibility).toBe('asker');
    await h.bot.flush();
    const notice = sent.find((o) => 'user' in o.to && o.to.user === 'console:组长')!;
    expect(notice.reply.text).not.toContain('村支书');
    expect(sent.filter((o) => 'chat' in o.to)).toEqual([]);
  });
});

describe('/finding confirm', () => {
  it('signs a reviewed finding with evidence: confirmed, history, audit', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence 接待清单');
    await ok(h, '副组长', '/finding review F-1');
    h.clock.set('2026-11-28T08:00:00+08:00');
    const r = await ok(h, '组长', '/finding confirm F-1');
    // Only its reference: the group may read that, the liaison included.
    expect(r.visibility).toBe('chat');
    expect(r.text).toBe('已审签 F-1。');
    const at = '2026-11-28T00:00:00.000Z';
    const f = await get(h, teamId, 1);
    expect(f.state).toBe('confirmed');
    expect(f.history.at(-1)).toEqual({ at, by: 'console:组长', field: 'state', from: 'reviewed', to: 'confirmed' });
    expect(await audits(h, teamId, 'confirm')).toEqual([{ at, user: 'console:组长', action: 'confirm', ref: 'F-1' }]);
    const card = await ok(h, '组员', '/finding show F-1');
    expect(card.text.split('\n')[0]).toBe('F-1［已审签］');
    expect(buttons(card)).toEqual([]);
  });

  it('refuses a draft, saying it is reviewed first', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence 接待清单');
    const r = await refused(h, '组长', '/finding confirm F-1');
    expect(r.text).toBe('F-1 尚未复核：先由副组长或组长复核（/finding review F-1），再由组长审签。');
    expect((await get(h, teamId, 1)).state).toBe('draft');
    expect(await audits(h, teamId, 'confirm')).toEqual([]);
  });

  it('refuses a finding without evidence, saying how to add it', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风');
    await ok(h, '副组长', '/finding review F-1');
    const r = await refused(h, '组长', '/finding confirm F-1');
    expect(r.text).toBe('F-1 没有证据材料，不能审签：请先用 /finding edit F-1 --evidence <证据材料> 注明。');
    expect((await get(h, teamId, 1)).state).toBe('reviewed');
    expect(await audits(h, teamId, 'confirm')).toEqual([]);
    // Noted, the finding is a draft again (it changed): reviewed once more, then signed.
    await signOff(h, 'F-1');
    expect((await get(h, teamId, 1)).state).toBe('confirmed');
  });

  it('is the leader’s alone, and once only', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 超标准接待 --unit 城关镇 --cat 作风 --evidence 接待清单');
    await ok(h, '副组长', '/finding review F-1');
    expect((await refused(h, '副组长', '/finding confirm F-1')).text).toContain('需要以下角色之一：组长（你的角色：副组长）');
    expect((await refused(h, '组员', '/finding confirm F-1')).text).toContain('需要以下角色之一：组长（你的角色：组员）');
    await ok(h, '组长', '/finding confirm F-1');
    expect((await refused(h, '组长', '/finding confirm F-1')).text).toBe('F-1 当前状态为已审签，只有已复核的问题可以审签。');
    expect(await audits(h, teamId, 'confirm')).toHaveLength(1);
  });
});

describe('findings stored before the 底稿 chain', () => {
  it('still load, list, show, hand over and export: no evidence, no basis, confirmed in one step', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 旧的已确认问题 --unit 城关镇 --cat 作风');
    await ok(h, '组员', '/finding add 旧的草稿 --unit 城关镇 --cat 作风');
    // As a store from before holds them: confirmed by a deputy straight from draft, without evidence.
    const old = { ...(await get(h, teamId, 1)), state: 'confirmed', history: [{ at: T0, by: 'console:副组长', field: 'state', from: 'draft', to: 'confirmed' }] };
    await h.store.set(`finding:${teamId}:1`, old);
    // And its index as written then: under the first version's key, without the handover, so not read; the new one is built from the records.
    await h.store.set(`finding-index:${teamId}:0`, { last: 2, entries: [1, 2].map((n) => ({ n, unit: '城关镇', category: '作风建设', state: 'draft', clue: false, author: 'console:组员' })) });
    await h.store.delete(`finding-index2:${teamId}:0`);
    const f = await get(h, teamId, 1);
    expect(f.evidence).toBeUndefined();
    expect(f.basis).toBeUndefined();
    expect((await ok(h, '组员', '/finding list --status confirmed')).text).toContain('旧的已确认问题');
    const card = await ok(h, '组员', '/finding show F-1');
    expect(card.text).toContain('证据材料：尚未注明');
    expect(card.text).toContain('状态 草稿 → 已审签');
    await ok(h, '组长', '/finding handover F-1 --to 单位');
    expect((await get(h, teamId, 1)).state).toBe('handedOver');
    await ok(h, '副组长', '/finding review F-2');
    expect((await figures(h, '组长', '/stats')).text).toContain('按状态：草稿 0、已复核 1、已审签 0、已移交 1、已签收 0');
    expect((await ok(h, '组长', '/export')).file).toBeDefined();
  });
});
