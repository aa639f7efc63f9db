import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry as AuditEntry } from '../../src/audit.ts';
import type { Finding } from '../../src/finding.ts';
import type { ChatRef, Reply } from '../../src/types.ts';
import { createHarness, dm, withTeam, type Harness, useTeamHarness } from '../helpers/harness.ts';
import { signOff } from '../helpers/findings.ts';
import { ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';
const ADD_USAGE = '用法：/finding add <问题描述> --unit <单位> --cat <类别>';

/** A fresh team harness per call, disposed after each test. */
const setup = useTeamHarness();

async function get(h: Harness, teamId: string, n: number): Promise<Finding> {
  const f = await h.bot.services.findings.get(teamId, n);
  expect(f, `F-${n} stored`).toBeDefined();
  return f!;
}

const refsIn = (text: string) => [...text.matchAll(/^F-(\d+)［/gm)].map((m) => Number(m[1]));
const audits = async (h: Harness, teamId: string, action: string): Promise<AuditEntry[]> =>
  (await h.bot.services.audit.list(teamId)).filter((e) => e.action === action);
const noCrash = (h: Harness) => expect(h.logs.filter((l) => l.outcome === 'error')).toEqual([]);

describe('/finding add', () => {
  it('saves a draft with every field and answers with its reference, privately while a liaison reads the group', async () => {
    const { h, teamId } = await setup();
    const r = await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设 --source 个别谈话 --severity 较重 --tag 四风、形式主义');
    // The standard team has a liaison (of 城关镇), who reads the group and may never read a finding.
    expect(r.visibility).toBe('asker');
    expect(r.text).toContain('F-1');
    expect(r.text).toContain('城关镇');
    expect(r.actions?.map((a) => a.command)).toEqual(['/finding review F-1', '/finding show F-1']);
    expect(await get(h, teamId, 1)).toEqual({
      team: teamId, n: 1, text: '村务公开不及时', unit: '城关镇', category: '作风建设', tags: ['四风', '形式主义'],
      source: '个别谈话', severity: '较重', state: 'draft', author: 'console:组员', createdAt: T0, history: [],
    });
  });

  it('defaults source and severity, numbers per team, and lets leader and deputy log too', async () => {
    const { h, teamId } = await setup();
    expect((await ok(h, '组长', '/finding add 三重一大未集体决策 --unit 东关村 --cat 政治')).text).toContain('F-1');
    expect((await ok(h, '副组长', '/finding add 第二条 --unit 城关镇 --cat 组织')).text).toContain('F-2');
    expect((await ok(h, '组员二', '/finding add 第三条 --unit 城关镇 --cat 反腐败')).text).toContain('F-3');
    const f1 = await get(h, teamId, 1);
    expect([f1.source, f1.severity, f1.category, f1.author, f1.state]).toEqual(['其他', '一般', '政治建设', 'console:组长', 'draft']);
    expect((await get(h, teamId, 2)).author).toBe('console:副组长');
    expect((await get(h, teamId, 3)).category).toBe('反腐败');
    // A second team starts again at F-1.
    await ok(h, 'admin', '/team create 第二巡察组', 'second');
    await ok(h, 'admin', '/team unit add 西关村', 'second');
    await ok(h, 'admin', '/team add 乙组员 member', 'second');
    expect((await ok(h, '乙组员', '/finding add 另一组的问题 --unit 西关村 --cat 作风', 'second')).text).toContain('F-1');
    expect(await h.bot.services.findings.list(teamId)).toHaveLength(3);
  });

  it('accepts text of exactly 2000 characters', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', `/finding add ${'问'.repeat(2000)} --unit 城关镇 --cat 作风`);
    expect((await get(h, teamId, 1)).text).toHaveLength(2000);
  });

  it.each([
    ['missing text', '/finding add --unit 城关镇 --cat 作风', ['缺少问题描述', ADD_USAGE]],
    ['missing --unit', '/finding add 违规发放津贴 --cat 作风', ['缺少单位', ADD_USAGE]],
    ['missing --cat', '/finding add 违规发放津贴 --unit 城关镇', ['缺少类别', ADD_USAGE]],
    ['--unit without a value', '/finding add 违规发放津贴 --cat 作风 --unit', ['--unit 后面缺少值', ADD_USAGE]],
    ['repeated option', '/finding add 违规发放津贴 --unit 城关镇 --unit 东关村 --cat 作风', ['--unit 重复', ADD_USAGE]],
    ['unknown option', '/finding add 违规发放津贴 --unit 城关镇 --cat 作风 --owner 张三', ['不认识选项 --owner', ADD_USAGE]],
    ['text over 2000 characters', `/finding add ${'问'.repeat(2001)} --unit 城关镇 --cat 作风`, ['问题描述太长：最多 2000 个字符', ADD_USAGE]],
    ['blank quoted text', '/finding add “　 ” --unit 城关镇 --cat 作风', ['问题描述不能为空', ADD_USAGE]],
    ['unknown unit', '/finding add 违规发放津贴 --unit 西关村 --cat 作风', ['「西关村」', '城关镇、东关村']],
    ['unknown category', '/finding add 违规发放津贴 --unit 城关镇 --cat 经济建设', ['--cat', '「经济建设」', '政治建设、思想建设、组织建设、作风建设、纪律建设、反腐败']],
    ['bad severity', '/finding add 违规发放津贴 --unit 城关镇 --cat 作风 --severity 很重', ['--severity', '「很重」', '一般、较重、严重']],
    ['bad source', '/finding add 违规发放津贴 --unit 城关镇 --cat 作风 --source 电话', ['--source', '「电话」', '听取汇报']],
    ['bad tag', '/finding add 违规发放津贴 --unit 城关镇 --cat 作风 --tag 四风、腐败', ['--tag', '「腐败」', '群众身边腐败']],
  ])('refuses %s with a clear reply and saves nothing', async (_name, line, parts) => {
    const { h, teamId } = await setup();
    const r = await refused(h, '组员', line);
    for (const part of parts) expect(r.text).toContain(part);
    expect(await h.bot.services.findings.list(teamId)).toEqual([]);
    // No reference was burnt: the next good one is F-1.
    expect((await ok(h, '组员', '/finding add 正常问题 --unit 城关镇 --cat 作风')).text).toContain('F-1');
  });

  it.each([
    ['full-width spaces and IME dashes', '/finding add　村务公开不及时　——unit　城关镇　——cat　作风', '村务公开不及时', '城关镇', '作风建设'],
    ['Chinese double quotes, --unit= and a full-width colon', '/finding add “村务 公开 不及时” --unit=东关村 --cat：作风', '村务 公开 不及时', '东关村', '作风建设'],
    ['corner quotes and full-width dashes', '/finding add 「财务 报销　不规范」 －－unit “城关镇” —cat 纪律', '财务 报销　不规范', '城关镇', '纪律建设'],
    ['ASCII quotes and options before the text', '/finding add --cat 作风 --unit 城关镇 "公车 私用"', '公车 私用', '城关镇', '作风建设'],
  ])('understands %s', async (_name, line, text, unit, category) => {
    const { h, teamId } = await setup();
    expect((await ok(h, '组员', line)).text).toContain('F-1');
    const f = await get(h, teamId, 1);
    expect([f.text, f.unit, f.category]).toEqual([text, unit, category]);
  });
});

describe('references', () => {
  it.each(['F-3', 'f3', '3', 'F－3', 'f-3', 'F-003'])('/finding show %s finds F-3', async (input) => {
    const { h } = await setup();
    for (const text of ['第一条问题', '第二条问题', '第三条问题']) await ok(h, '组员', `/finding add ${text} --unit 城关镇 --cat 作风`);
    const r = await ok(h, '组员二', `/finding show ${input}`);
    expect(r.text.split('\n')[0]).toMatch(/^F-3［/);
    expect(r.text).toContain('第三条问题');
    expect(r.text).not.toContain('第二条问题');
  });

  it.each(['show', 'edit', 'review', 'confirm', 'clue', 'handover', 'receipt', 'result'])('/finding %s refuses a bad and an unknown reference', async (sub) => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 第一条问题 --unit 城关镇 --cat 作风');
    const extra = { edit: ' --severity 严重', handover: ' --to 纪委', receipt: ' --by 张三', result: ' 初步核实' }[sub] ?? '';
    for (const bad of ['F-x', 'F-0', 'R-1']) {
      const r = await refused(h, '组长', `/finding ${sub} ${bad}${extra}`);
      expect(r.text).toContain(`「${bad}」`);
      expect(r.text).toContain('F-3');
    }
    const r = await refused(h, '组长', `/finding ${sub} F-99${extra}`);
    expect(r.text).toContain('F-99');
    expect(await get(h, teamId, 1)).toMatchObject({ state: 'draft', severity: '一般', history: [] });
    expect((await get(h, teamId, 1)).clue).toBeUndefined();
  });

  it.each(['show', 'edit', 'review', 'confirm', 'clue', 'handover', 'receipt', 'result'])('/finding %s without a reference gives the usage', async (sub) => {
    const { h } = await setup();
    const r = await refused(h, '组长', `/finding ${sub}`);
    expect(r.text).toContain('缺少编号');
    expect(r.text).toContain(`用法：/finding ${sub} <F编号>`);
  });
});

describe('/finding list', () => {
  async function twelve(h: Harness) {
    // F-1..F-12: odd numbers at 城关镇/作风建设, even at 东关村/纪律建设.
    for (let i = 1; i <= 12; i++) {
      const [unit, cat] = i % 2 ? ['城关镇', '作风'] : ['东关村', '纪律'];
      await ok(h, '组员', `/finding add 第${i}条问题 --unit ${unit} --cat ${cat}`);
    }
  }

  it('lists newest first, 10 a page, with a hint for the next page', async () => {
    const { h } = await setup();
    await twelve(h);
    const first = await ok(h, '组员二', '/finding list');
    expect(first.visibility).toBe('asker');
    expect(first.text).toContain('共 12 条（第 1/2 页）');
    expect(refsIn(first.text)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(first.text).toContain('/finding list --page 2');
    expect(first.text).toContain('第12条问题');
    const second = await ok(h, '组员二', '/finding list --page 2');
    expect(second.text).toContain('第 2/2 页');
    expect(refsIn(second.text)).toEqual([2, 1]);
    expect(second.text).not.toContain('--page 3');
  });

  it('keeps the filters in the next-page hint', async () => {
    const { h } = await setup();
    for (let i = 1; i <= 23; i++) {
      const unit = i % 2 ? '城关镇' : '东关村';
      await ok(h, '组员', `/finding add 第${i}条问题 --unit ${unit} --cat 作风`);
    }
    const first = await ok(h, '组员', '/finding list --unit 城关镇 --status 草稿 --cat 作风');
    expect(first.text).toContain('共 12 条（第 1/2 页）');
    expect(refsIn(first.text)).toEqual([23, 21, 19, 17, 15, 13, 11, 9, 7, 5]);
    const hint = /(\/finding list --page 2.*)$/m.exec(first.text)?.[1];
    expect(hint).toBe('/finding list --page 2 --unit 城关镇 --cat 作风建设 --status draft');
    const second = await ok(h, '组员', hint!);
    expect(refsIn(second.text)).toEqual([3, 1]);

    for (let i = 1; i <= 11; i++) await ok(h, '组长', `/finding clue F-${i}`);
    const clues = await ok(h, '组长', '/finding list --clues');
    expect(refsIn(clues.text)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(clues.text).toContain('/finding list --page 2 --clues');
    const rest = await ok(h, '组长', '/finding list --page 2 --clues');
    expect(rest.visibility).toBe('asker');
    expect(refsIn(rest.text)).toEqual([1]);
  });

  it('refuses a page beyond the end, saying how many there are', async () => {
    const { h } = await setup();
    await twelve(h);
    expect((await refused(h, '组员', '/finding list --page 9')).text).toBe('没有第 9 页：这份清单共 2 页。请用 --page 1 到 --page 2。');
  });

  it('refuses a bad page number with the usage', async () => {
    const { h } = await setup();
    await twelve(h);
    for (const page of ['0', '-1', 'abc']) {
      const r = await refused(h, '组员', `/finding list --page ${page}`);
      expect(r.text).toContain('用法：/finding list');
    }
  });

  it('says so when there is nothing to list', async () => {
    const { h } = await setup();
    const r = await ok(h, '组员', '/finding list');
    expect(r.text).toContain('共 0 条');
    expect(r.text).toContain('暂无');
    expect(refsIn(r.text)).toEqual([]);
  });

  it('filters by unit, category and state (English and Chinese names)', async () => {
    const { h } = await setup();
    await twelve(h);
    for (const ref of ['F-2', 'F-3', 'F-4']) await signOff(h, ref);
    await ok(h, '组长', '/finding handover F-4 --to 单位');
    expect(refsIn((await ok(h, '组员', '/finding list --unit 东关村')).text)).toEqual([12, 10, 8, 6, 4, 2]);
    expect(refsIn((await ok(h, '组员', '/finding list --cat 作风')).text)).toEqual([11, 9, 7, 5, 3, 1]);
    expect(refsIn((await ok(h, '组员', '/finding list --cat 纪律建设 --unit 城关镇')).text)).toEqual([]);
    expect(refsIn((await ok(h, '组员', '/finding list --status confirmed')).text)).toEqual([3, 2]);
    expect(refsIn((await ok(h, '组员', '/finding list --status 已审签')).text)).toEqual([3, 2]);
    expect(refsIn((await ok(h, '组员', '/finding list --status handedOver')).text)).toEqual([4]);
    expect(refsIn((await ok(h, '组员', '/finding list --status 已移交')).text)).toEqual([4]);
    expect(refsIn((await ok(h, '组员', '/finding list --status 草稿 --unit 城关镇')).text)).toEqual([11, 9, 7, 5, 1]);
    const drafts = await ok(h, '组员', '/finding list --status Draft');
    expect(drafts.text).toContain('共 9 条（第 1/1 页）');
  });

  it('refuses an unknown unit, category, state or option', async () => {
    const { h } = await setup();
    await twelve(h);
    expect((await refused(h, '组员', '/finding list --unit 西关村')).text).toContain('「西关村」');
    expect((await refused(h, '组员', '/finding list --cat 经济')).text).toContain('「经济」');
    const state = await refused(h, '组员', '/finding list --status 已办结');
    expect(state.text).toContain('「已办结」');
    expect(state.text).toContain('草稿、已复核、已审签、已移交、已签收');
    const option = await refused(h, '组员', '/finding list --owner 张三');
    expect(option.text).toContain('--owner');
    expect(option.text).toContain('用法：/finding list');
    expect((await refused(h, '组员', '/finding list 多余')).text).toContain('用法：/finding list');
  });
});

describe('/finding show', () => {
  it('shows one finding with its fields and history, to the asker while a liaison reads the group', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风 --source 走访调研 --severity 较重');
    h.clock.set('2026-11-26T10:30:00+08:00');
    await ok(h, '副组长', '/finding review F-1');
    const r = await ok(h, '组员二', '/finding show F-1');
    expect(r.visibility).toBe('asker');
    const lines = r.text.split('\n');
    expect(lines[0]).toBe('F-1［已复核］');
    expect(lines[1]).toBe('村务公开不及时');
    expect(r.text).toContain('单位：城关镇');
    expect(r.text).toContain('来源：走访调研');
    expect(r.text).toContain('程度：较重');
    expect(r.text).toContain('登记：组员 · 2026-11-25');
    expect(r.text).toContain('证据材料：尚未注明');
    expect(r.text).toContain('· 2026-11-26 10:30 副组长：状态 草稿 → 已复核');
    // The next step, as a button: the leader's sign-off.
    expect(r.actions?.map((a) => [a.label, a.command])).toEqual([['审签', '/finding confirm F-1']]);
  });

  it('offers in a direct message only the step its reader may take; in the group, the step for whoever may', async () => {
    const { h } = await setup();
    await ok(h, '副组长', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    const buttons = async (user: string, chat?: ChatRef) => (await ok(h, user, '/finding show F-1', chat)).actions?.map((a) => a.command) ?? [];
    // A draft: reviewed by a leader or deputy, never by its own 经办人.
    expect(await buttons('组员', dm('组员'))).toEqual([]);
    expect(await buttons('副组长', dm('副组长'))).toEqual([]);
    expect(await buttons('组长', dm('组长'))).toEqual(['/finding review F-1']);
    expect(await buttons('组员')).toEqual(['/finding review F-1']);
    // Reviewed: signed by the leader alone.
    await ok(h, '组长', '/finding review F-1');
    expect(await buttons('副组长', dm('副组长'))).toEqual([]);
    expect(await buttons('组长', dm('组长'))).toEqual(['/finding confirm F-1']);
    expect(await buttons('组员')).toEqual(['/finding confirm F-1']);
  });
});

describe('/finding edit', () => {
  it('changes fields, keeps old values in history, audits each field and does not echo the text', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 原始描述 --unit 城关镇 --cat 作风');
    h.clock.set('2026-11-27T15:00:00+08:00');
    const r = await ok(h, '组员', '/finding edit F-1 --text 新的机密描述 --unit 东关村 --severity 严重 --tag 四风');
    expect(r.visibility).toBe('asker');
    expect(r.text).toContain('F-1');
    expect(r.text).not.toContain('新的机密描述');
    expect(r.text).not.toContain('原始描述');
    expect(r.text).toContain('单位 城关镇 → 东关村');
    expect(r.text).toContain('严重程度 一般 → 严重');
    const at = '2026-11-27T07:00:00.000Z';
    const f = await get(h, teamId, 1);
    expect(f).toMatchObject({ text: '新的机密描述', unit: '东关村', severity: '严重', tags: ['四风'], category: '作风建设', state: 'draft' });
    expect(f.history).toEqual([
      { at, by: 'console:组员', field: 'text', from: '原始描述', to: '新的机密描述' },
      { at, by: 'console:组员', field: 'unit', from: '城关镇', to: '东关村' },
      { at, by: 'console:组员', field: 'severity', from: '一般', to: '严重' },
      { at, by: 'console:组员', field: 'tags', to: '四风' },
    ]);
    const edits = await audits(h, teamId, 'edit');
    expect(edits).toEqual(['text', 'unit', 'severity', 'tags'].map((field) => ({ at, user: 'console:组员', action: 'edit', ref: 'F-1', field })));
    expect(JSON.stringify(edits)).not.toContain('描述');
    const card = await ok(h, '组长', '/finding show F-1');
    expect(card.text).toContain('· 2026-11-27 15:00 组员：问题描述 原始描述 → 新的机密描述');
  });

  it('lets leader and deputy edit anyone’s finding, and records who did it', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    await ok(h, '组长', '/finding edit 1 --cat 纪律');
    await ok(h, '副组长', '/finding edit f1 --source 调阅材料');
    const f = await get(h, teamId, 1);
    expect([f.category, f.source]).toEqual(['纪律建设', '调阅材料']);
    expect(f.history.map((c) => [c.by, c.field, c.from, c.to])).toEqual([
      ['console:组长', 'category', '作风建设', '纪律建设'],
      ['console:副组长', 'source', '其他', '调阅材料'],
    ]);
  });

  it('answers an edit to the same values without writing history', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    const r = await ok(h, '组员', '/finding edit F-1 --unit 城关镇 --severity 一般');
    expect(r.text).toContain('F-1');
    expect(r.text).toContain('没有变化');
    expect((await get(h, teamId, 1)).history).toEqual([]);
    expect(await audits(h, teamId, 'edit')).toEqual([]);
  });

  it.each([
    ['nothing to change', '/finding edit F-1', ['没有要修改的内容']],
    ['unknown option', '/finding edit F-1 --owner 张三', ['--owner', '用法：/finding edit']],
    ['text over 2000 characters', `/finding edit F-1 --text ${'改'.repeat(2001)}`, ['问题描述太长', '用法：/finding edit']],
    ['empty text', '/finding edit F-1 --text “”', ['--text 不能为空。请在 --text 后面写上问题描述，或去掉 --text。', '用法：/finding edit']],
    ['unknown unit with a good text', '/finding edit F-1 --text 新描述 --unit 西关村', ['「西关村」']],
    ['bad category with a good severity', '/finding edit F-1 --severity 严重 --cat 经济', ['「经济」']],
    ['bad severity', '/finding edit F-1 --severity 特别严重', ['「特别严重」']],
    ['bad source', '/finding edit F-1 --source 网络', ['「网络」']],
    ['bad tag', '/finding edit F-1 --tag 不存在的标签', ['「不存在的标签」']],
  ])('refuses %s and changes nothing', async (_name, line, parts) => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    const before = await get(h, teamId, 1);
    const r = await refused(h, '组员', line);
    for (const part of parts) expect(r.text).toContain(part);
    expect(await get(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'edit')).toEqual([]);
  });
});

describe('/finding handover', () => {
  it('needs the confirmed state', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    const r = await refused(h, '组长', '/finding handover F-1 --to 单位');
    expect(r.text).toContain('草稿');
    expect(r.text).toContain('/finding confirm F-1');
    const f = await get(h, teamId, 1);
    expect(f.state).toBe('draft');
    expect(f.handover).toBeUndefined();
  });

  it('records date, recipient, note and who, once', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    await signOff(h, 'F-1');
    h.clock.set('2026-12-01T16:00:00+08:00');
    const at = '2026-12-01T08:00:00.000Z';
    const r = await ok(h, '组长', '/finding handover F-1 --to 单位 --note “转镇党委书记 督办”');
    expect(r.visibility).toBe('asker');
    expect(r.text).toContain('F-1');
    expect(r.text).toContain('被巡察单位党组织主要负责人');
    expect(r.text).toContain('2026-12-01');
    const f = await get(h, teamId, 1);
    expect(f.state).toBe('handedOver');
    expect(f.handover).toEqual({ to: '单位', at, by: 'console:组长', note: '转镇党委书记 督办' });
    expect(f.history.at(-1)).toEqual({ at, by: 'console:组长', field: 'state', from: 'confirmed', to: 'handedOver' });
    expect(await audits(h, teamId, 'handover')).toEqual([{ at, user: 'console:组长', action: 'handover', ref: 'F-1' }]);
    const card = await ok(h, '组员', '/finding show F-1');
    expect(card.text).toContain('已移交被巡察单位党组织主要负责人：2026-12-01，经办 组长；备注：转镇党委书记 督办');

    h.clock.set('2026-12-02T09:00:00+08:00');
    const again = await refused(h, '组长', '/finding handover F-1 --to 纪委');
    expect(again.text).toContain('F-1 已移交被巡察单位党组织主要负责人：2026-12-01，经办 组长');
    expect(again.text).not.toContain('/finding confirm');
    expect(await get(h, teamId, 1)).toEqual(f);
    expect(await audits(h, teamId, 'handover')).toHaveLength(1);
  });

  it('records only one of two concurrent handovers', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    await signOff(h, 'F-1');
    const [a, b] = await Promise.all([h.say('组长', '/finding handover F-1 --to 单位'), h.say('组长', '/finding handover F-1 --to 纪委')]);
    expect([a!.length, b!.length]).toEqual([1, 1]);
    expect([a![0]!.error, b![0]!.error].filter(Boolean)).toEqual([true]);
    const f = await get(h, teamId, 1);
    expect(f.handover?.to).toBe(a![0]!.error ? '纪委监委' : '单位');
    expect(f.history.filter((c) => c.to === 'handedOver')).toHaveLength(1);
    expect(await audits(h, teamId, 'handover')).toHaveLength(1);
  });

  it('accepts the commission by its full name and as 纪委', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    await ok(h, '组员', '/finding add 描述二 --unit 城关镇 --cat 作风');
    await signOff(h, 'F-1');
    await signOff(h, 'F-2');
    await ok(h, '组长', '/finding handover F-1 --to 纪委监委');
    await ok(h, '组长', '/finding handover F-2 --to 纪委');
    expect((await get(h, teamId, 1)).handover?.to).toBe('纪委监委');
    expect((await get(h, teamId, 2)).handover?.to).toBe('纪委监委');
  });

  it('reads a handover stored as 纪委 before 组织部 was a recipient as 纪委监委', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    const f = await get(h, teamId, 1);
    await h.store.set(`finding:${teamId}:1`, { ...f, state: 'handedOver', handover: { to: '纪委', at: T0, by: 'console:组长' } });
    expect((await get(h, teamId, 1)).handover?.to).toBe('纪委监委');
    expect((await ok(h, '组长', '/finding show F-1')).text).toContain('已移交纪委监委');
  });

  it('refuses an unknown or missing recipient with the choices or the usage', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    await signOff(h, 'F-1');
    const unknown = await refused(h, '组长', '/finding handover F-1 --to 公安局');
    expect(unknown.text).toContain('「公安局」');
    expect(unknown.text).toContain('纪委监委、组织部、单位');
    const missing = await refused(h, '组长', '/finding handover F-1');
    expect(missing.text).toContain('缺少移交对象');
    expect(missing.text).toContain('用法：/finding handover <F编号> --to 纪委监委|组织部|单位');
    expect((await get(h, teamId, 1)).state).toBe('confirmed');
  });

  it('hands a clue over only after its report to the leading group, and an important one only to the commission', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村干部优亲厚友 --unit 东关村 --cat 纪律');
    await signOff(h, 'F-1');
    await ok(h, '组长', '/finding clue F-1 --importance 重要');
    const unreported = await refused(h, '组长', '/finding handover F-1 --to 纪委监委');
    expect(unreported.text).toContain('领导小组');
    expect(unreported.text).toContain('--reported');
    const r = await refused(h, '组长', '/finding handover F-1 --to 单位 --reported 11-24');
    expect(r.text).toContain('F-1');
    expect(r.text).toContain('--to 纪委监委');
    const future = await refused(h, '组长', '/finding handover F-1 --to 纪委 --reported 11-26');
    expect(future.text).toContain('2026-11-26');
    const org = await refused(h, '组长', '/finding handover F-1 --to 组织部 --reported 11-24');
    expect(org.text).toContain('选人用人');
    expect((await get(h, teamId, 1)).state).toBe('confirmed');
    expect((await get(h, teamId, 1)).handover).toBeUndefined();
    expect(await audits(h, teamId, 'handover')).toEqual([]);
    const done = await ok(h, '组长', '/finding handover F-1 --to 纪委 --reported 11-24');
    expect(done.visibility).toBe('asker');
    expect(await get(h, teamId, 1)).toMatchObject({ state: 'handedOver', handover: { to: '纪委监委', at: T0, by: 'console:组长', reported: '2026-11-24' } });
  });

  it('sends a selection-and-appointment clue to the organisation department', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 违规提拔干部 --unit 东关村 --cat 组织 --tag 选人用人');
    await signOff(h, 'F-1');
    await ok(h, '组长', '/finding clue F-1 --importance 重要');
    await ok(h, '组长', '/finding handover F-1 --to 组织部 --reported 今天');
    expect((await get(h, teamId, 1)).handover).toMatchObject({ to: '组织部', reported: '2026-11-25' });
  });

  it('never hands a clue about the unit’s own leadership to the unit, nor one whose subject’s post is unknown', async () => {
    const { h, teamId } = await setup();
    for (const text of ['书记违规收受礼金', '一般干部优亲厚友']) {
      await ok(h, '组员', `/finding add ${text} --unit 东关村 --cat 纪律`);
    }
    await signOff(h, 'F-1');
    await signOff(h, 'F-2');
    await ok(h, '组长', '/finding clue F-1 --importance 一般 --subject 东关村书记 --post 主要负责人', dm('组长'));
    await ok(h, '组长', '/finding clue F-2 --importance 一般');
    const leadership = await refused(h, '组长', '/finding handover F-1 --to 单位 --reported 11-24');
    expect(leadership.text).toContain('主要负责人或班子成员');
    expect(leadership.text).not.toContain('东关村书记');
    const unknown = await refused(h, '组长', '/finding handover F-2 --to 单位 --reported 11-24');
    expect(unknown.text).toContain('--post 其他');
    expect((await get(h, teamId, 1)).handover).toBeUndefined();
    expect((await get(h, teamId, 2)).handover).toBeUndefined();
    // The subject's post on record as 其他: a general clue may go to the unit's main leader.
    await ok(h, '副组长', '/finding clue F-2 --post 其他', dm('副组长'));
    const r = await ok(h, '组长', '/finding handover F-2 --to 单位 --reported 11-24');
    expect(r.visibility).toBe('asker');
    expect((await get(h, teamId, 2)).handover?.to).toBe('单位');
    await ok(h, '组长', '/finding handover F-1 --to 纪委监委 --reported 11-24');
    expect((await get(h, teamId, 1)).handover?.to).toBe('纪委监委');
  });
});

describe('roles', () => {
  it('refuses a liaison add, list and show, naming the roles needed', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 城关镇账目不清 --unit 城关镇 --cat 作风');
    for (const [line, roles] of [
      ['/finding add 联络员写的 --unit 城关镇 --cat 作风', '组长、副组长、组员'],
      ['/finding list', '巡察办、组长、副组长、组员'],
      ['/finding list --unit 城关镇', '巡察办、组长、副组长、组员'],
      ['/finding show F-1', '巡察办、组长、副组长、组员'],
      ['/finding list --clues', '巡察办、组长、副组长、组员'],
    ] as const) {
      for (const chat of [undefined, dm('联络员')]) {
        const r = await refused(h, '联络员', line, chat);
        expect(r.text).toContain(`需要以下角色之一：${roles}`);
        expect(r.text).toContain('你的角色：联络员');
        expect(r.text).not.toContain('账目不清');
      }
    }
    expect(await h.bot.services.findings.list(teamId)).toHaveLength(1);
  });

  it('refuses a member review, confirm, clue and handover', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    const before = await get(h, teamId, 1);
    expect((await refused(h, '组员二', '/finding review F-1')).text).toContain('需要以下角色之一：组长、副组长（你的角色：组员）');
    expect((await refused(h, '组员', '/finding confirm F-1')).text).toContain('需要以下角色之一：组长（你的角色：组员）');
    expect((await refused(h, '组员', '/finding clue F-1')).text).toContain('需要以下角色之一：组长、副组长（你的角色：组员）');
    await signOff(h, 'F-1');
    const confirmed = await get(h, teamId, 1);
    expect(before.state).toBe('draft');
    expect((await refused(h, '组员', '/finding handover F-1 --to 单位')).text).toContain('需要以下角色之一：组长（你的角色：组员）');
    expect((await refused(h, '副组长', '/finding handover F-1 --to 单位')).text).toContain('需要以下角色之一：组长（你的角色：副组长）');
    expect(await get(h, teamId, 1)).toEqual(confirmed);
    expect(await audits(h, teamId, 'flag-clue')).toEqual([]);
  });

  it('lets only the author among members edit', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    const r = await refused(h, '组员二', '/finding edit F-1 --severity 严重');
    expect(r.text).toContain('需要以下角色之一：经办人、组长、副组长（你的角色：组员）');
    expect((await get(h, teamId, 1)).severity).toBe('一般');
    const liaison = await refused(h, '联络员', '/finding edit F-1 --severity 严重');
    expect(liaison.text).toContain('你的角色：联络员');
    await ok(h, '组员', '/finding edit F-1 --severity 严重');
    expect((await get(h, teamId, 1)).severity).toBe('严重');
  });

  it('refuses a non-member in the bound group and in a direct message', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述保密 --unit 城关镇 --cat 作风');
    for (const line of ['/finding add 外人 --unit 城关镇 --cat 作风', '/finding list', '/finding show F-1', '/finding confirm F-1', '/finding edit F-1 --severity 严重']) {
      const group = await refused(h, '路人', line);
      expect(group.text).toContain('需要以下角色之一');
      expect(group.text).toContain('你不是本组成员');
      expect(group.text).not.toContain('描述保密');
      const direct = await refused(h, '路人', line, dm('路人'));
      expect(direct.text).not.toContain('描述保密');
      expect(direct.text).not.toContain('F-1［');
    }
    expect(await h.bot.services.findings.list(teamId)).toHaveLength(1);
    expect((await get(h, teamId, 1)).history).toEqual([]);
  });

  it('lets the office read the list', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    expect(refsIn((await ok(h, 'admin', '/finding list')).text)).toEqual([1]);
    expect(refsIn((await ok(h, 'admin', '/finding list', dm('admin'))).text)).toEqual([1]);
  });
});

describe('problem clues', () => {
  async function withClue() {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村支书虚报冒领补贴 --unit 东关村 --cat 反腐败');
    await ok(h, '组员二', '/finding add 会议记录不全 --unit 城关镇 --cat 组织');
    const r = await ok(h, '组长', '/finding clue F-1');
    expect(r.visibility).toBe('asker');
    expect(r.text).toContain('F-1');
    return { h, teamId };
  }

  it('flags the finding, with history and audit', async () => {
    const { h, teamId } = await withClue();
    const f = await get(h, teamId, 1);
    expect(f.clue).toEqual({ flaggedAt: T0, flaggedBy: 'console:组长' });
    expect(f.state).toBe('draft');
    expect(f.history).toEqual([{ at: T0, by: 'console:组长', field: 'clue', to: '线索' }]);
    expect(await audits(h, teamId, 'flag-clue')).toEqual([{ at: T0, user: 'console:组长', action: 'flag-clue', ref: 'F-1' }]);
  });

  it('hides the clue from the group list, saying how many are hidden', async () => {
    const { h } = await withClue();
    for (const user of ['组员', '组员二', '组长', '副组长', 'admin']) {
      const r = await ok(h, user, '/finding list');
      expect(r.visibility).toBe('asker');
      expect(refsIn(r.text)).toEqual([2]);
      expect(r.text).not.toContain('村支书虚报冒领补贴');
      expect(r.text).not.toMatch(/F-1\D/);
      expect(r.text).toContain('另有问题线索 1 条');
    }
    const filtered = await ok(h, '组长', '/finding list --unit 东关村');
    expect(refsIn(filtered.text)).toEqual([]);
    expect(filtered.text).toContain('另有问题线索 1 条');
  });

  it('shows the clue only to leader, deputy, office and author, only to them, and audits every read', async () => {
    const { h, teamId } = await withClue();
    const denied = await refused(h, '组员二', '/finding show F-1');
    expect(denied.text).toContain('需要以下角色之一：组长、副组长、巡察办、经办人（你的角色：组员）');
    expect(denied.text).not.toContain('村支书');
    expect(await refused(h, '组员二', '/finding show F-1', dm('组员二'))).toMatchObject({ error: true });
    expect(await audits(h, teamId, 'read-clue')).toEqual([]);

    const readers = ['组长', '副组长', 'admin', '组员'];
    for (const user of readers) {
      const r = await ok(h, user, '/finding show F-1');
      expect(r.visibility).toBe('asker');
      expect(r.text).toContain('村支书虚报冒领补贴');
      expect(r.text).toContain('问题线索');
    }
    // In the bot's own DM, a reply for the chat is for the asker alone.
    const inDm = await ok(h, '组长', '/finding show 1', dm('组长'));
    expect(inDm.visibility).toBe('chat');

    const all = await ok(h, '副组长', '/finding list --clues');
    expect(all.visibility).toBe('asker');
    expect(refsIn(all.text)).toEqual([1]);
    const own = await ok(h, '组员', '/finding list --clues');
    expect(own.visibility).toBe('asker');
    expect(refsIn(own.text)).toEqual([1]);
    const other = await refused(h, '组员二', '/finding list --clues');
    expect(other.text).not.toContain('村支书');

    const reads = await audits(h, teamId, 'read-clue');
    expect(reads.map((e) => [e.user, e.ref])).toEqual([
      ['console:组长', 'F-1'],
      ['console:副组长', 'F-1'],
      ['console:admin', 'F-1'],
      ['console:组员', 'F-1'],
      ['console:组长', 'F-1'],
      ['console:副组长', 'F-1'],
      ['console:组员', 'F-1'],
    ]);
    expect(reads.every((e) => e.at === T0)).toBe(true);
  });

  it('audits each clue a clue list shows', async () => {
    const { h, teamId } = await withClue();
    await ok(h, '组长', '/finding clue F-2');
    const r = await ok(h, '组长', '/finding list --clues');
    expect(refsIn(r.text)).toEqual([2, 1]);
    expect((await audits(h, teamId, 'read-clue')).map((e) => e.ref).sort()).toEqual(['F-1', 'F-2']);
    expect((await ok(h, '组员', '/finding list')).text).toContain('另有问题线索 2 条');
  });

  it('keeps replies about a clue out of the group and edits to the author, leader and deputy', async () => {
    const { h, teamId } = await withClue();
    const denied = await refused(h, '组员二', '/finding edit F-1 --severity 严重');
    expect(denied.text).not.toContain('村支书');
    expect((await get(h, teamId, 1)).severity).toBe('一般');
    const edit = await ok(h, '组员', '/finding edit F-1 --severity 严重');
    expect(edit.visibility).toBe('asker');
    await ok(h, '组员', '/finding edit F-1 --evidence 补贴发放表');
    const review = await ok(h, '副组长', '/finding review F-1');
    expect(review.visibility).toBe('asker');
    const confirm = await ok(h, '组长', '/finding confirm F-1');
    expect(confirm.visibility).toBe('asker');
    const handover = await ok(h, '组长', '/finding handover F-1 --to 纪委 --reported 11-24');
    expect(handover.visibility).toBe('asker');
    expect(await get(h, teamId, 1)).toMatchObject({ severity: '严重', state: 'handedOver' });
  });

  it('takes a subject only in a direct message and never shows it to the group', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村支书虚报冒领补贴 --unit 东关村 --cat 反腐败');
    await ok(h, '组员', '/finding add 会议记录不全 --unit 城关镇 --cat 组织');
    const before = await get(h, teamId, 1);
    const inGroup = await refused(h, '组长', '/finding clue F-1 --subject 王某某 --importance 重要');
    expect(inGroup.text).toContain('私聊');
    expect(inGroup.text).not.toContain('王某某');
    expect(await get(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'flag-clue')).toEqual([]);

    const inDm = await ok(h, '组长', '/finding clue F-1 --subject 王某某 --importance 重要', dm('组长'));
    expect(inDm.visibility).toBe('chat');
    expect((await get(h, teamId, 1)).clue).toEqual({ flaggedAt: T0, flaggedBy: 'console:组长', subject: '王某某', importance: '重要' });

    const seen: Reply[] = [];
    const run = async (user: string, line: string, chat?: ChatRef | string) => {
      const replies = await h.say(user, line, chat);
      seen.push(...replies);
      return replies;
    };
    for (const user of ['组长', '副组长', '组员', '组员二', 'admin', '联络员']) {
      await run(user, '/finding list');
      await run(user, '/finding list --clues');
      await run(user, '/finding show F-1');
      await run(user, '/finding show F-2');
    }
    await run('组员', '/finding edit F-1 --severity 较重 --evidence 补贴发放表');
    await run('副组长', '/finding review F-1');
    await run('组长', '/finding confirm F-1');
    await run('组长', '/finding clue F-1 --importance 重要');
    await run('组长', '/finding handover F-1 --to 纪委 --reported 11-24');
    await run('组长', '/finding list --status 已移交');
    const leaderCard = (await run('组长', '/finding show F-1'))[0]!;
    expect(leaderCard.visibility).toBe('asker');
    expect(leaderCard.text).toContain('被反映人：王某某');
    const groupVisible = seen.filter((r) => r.visibility === 'chat');
    expect(groupVisible.length).toBeGreaterThan(0);
    for (const r of groupVisible) {
      expect(r.text).not.toContain('王某某');
      expect(r.text).not.toContain('村支书虚报冒领补贴');
    }
    // The subject survives a later flag without one.
    expect((await get(h, teamId, 1)).clue?.subject).toBe('王某某');
  });

  it('refuses a bad importance and an unknown option with the usage, flagging nothing', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 描述 --unit 城关镇 --cat 作风');
    for (const line of ['/finding clue F-1 --importance 特别重要', '/finding clue F-1 --level 重要', '/finding clue F-1 F-2']) {
      const r = await refused(h, '组长', line, dm('组长'));
      expect(r.text).toContain('用法：/finding clue <F编号>');
    }
    expect((await get(h, teamId, 1)).clue).toBeUndefined();
    expect(await audits(h, teamId, 'flag-clue')).toEqual([]);
  });

  it('lets the author read an own clue in a direct message', async () => {
    const { h } = await withClue();
    const r = await ok(h, '组员', '/finding show F-1', dm('组员'));
    expect(r.visibility).toBe('chat');
    expect(r.text).toContain('村支书虚报冒领补贴');
  });
});

describe('where finding data may appear', () => {
  it('shows nothing in a group chat not bound to the team', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    for (const user of ['组员', '组长', 'admin']) {
      for (const line of ['/finding list', '/finding show F-1', '/finding list --clues', '/finding add 别处 --unit 城关镇 --cat 作风', '/finding confirm F-1']) {
        const r = await refused(h, user, line, 'other');
        expect(r.text).toContain('未绑定');
        expect(r.text).not.toContain('村务公开不及时');
        expect(r.text).not.toContain('F-1');
      }
    }
    const teamOption = await refused(h, '组员', '/finding list --team 第一巡察组', 'other');
    expect(teamOption.text).not.toContain('村务公开不及时');
    expect(await h.bot.services.findings.list(teamId)).toHaveLength(1);
    expect((await get(h, teamId, 1)).state).toBe('draft');
  });

  it('shows a member their team’s findings in a direct message', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    const list = await ok(h, '组员二', '/finding list', dm('组员二'));
    expect(refsIn(list.text)).toEqual([1]);
    expect(list.text).toContain('村务公开不及时');
    const show = await ok(h, '组员二', '/finding show F-1', dm('组员二'));
    expect(show.text).toContain('村务公开不及时');
    const add = await ok(h, '组员二', '/finding add 私聊登记的问题 --unit 东关村 --cat 作风', dm('组员二'));
    expect(add.text).toContain('F-2');
    expect((await get(h, teamId, 2)).author).toBe('console:组员二');
    const named = await ok(h, '组员二', '/finding show F-2 --team 第一巡察组', dm('组员二'));
    expect(named.text).toContain('私聊登记的问题');
  });
});

describe('robustness', () => {
  it.each([
    ['a 10,000-character line', `/finding add ${'长'.repeat(10_000)} --unit 城关镇 --cat 作风`, true],
    ['a 10,000-character line of words', `/finding add ${'词 '.repeat(5_000)}`, true],
    ['an empty add', '/finding add', true],
    ['the bare family', '/finding', true],
    ['an unknown subcommand', '/finding delete F-1', true],
    ['only control characters as text', '/finding add \u0000\u0007 --unit 城关镇 --cat 作风', true],
    ['emoji', '/finding add 🚨宴请超标👀🇨🇳 --unit 城关镇 --cat 作风', false],
    ['control characters', '/finding add 报销\u0000单据\u0007缺失 --unit 城关镇 --cat 作风', false],
    ['a right-to-left override', '/finding add 报销\u202e单据缺失 --unit 城关镇 --cat 作风', false],
    ['emoji and controls in an option value', '/finding add 描述 --unit 城关镇🚨 --cat 作风\u0000', true],
  ])('answers %s with exactly one reply and no crash', async (_name, line, isError) => {
    const { h, teamId } = await setup();
    const replies = await h.say('组员', line);
    expect(replies).toHaveLength(1);
    const r = replies[0]!;
    expect(r.text.length).toBeGreaterThan(0);
    // At most the family's usage lines, one per command.
    expect(r.text.length).toBeLessThan(800);
    expect(r.text).not.toMatch(/undefined|处理时出错/);
    expect(Boolean(r.error)).toBe(isError);
    if (isError) expect(await h.bot.services.findings.list(teamId)).toEqual([]);
    else expect(r.text).toContain('F-1');
    noCrash(h);
  });

  it('stores emoji as typed and control characters as spaces', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 🚨宴请超标👀 --unit 城关镇 --cat 作风');
    await ok(h, '组员', '/finding add 报销\u0000单据\u0007缺失 --unit 城关镇 --cat 作风');
    expect((await get(h, teamId, 1)).text).toBe('🚨宴请超标👀');
    expect((await get(h, teamId, 2)).text).toBe('报销 单据 缺失');
    const list = await ok(h, '组员', '/finding list');
    expect(list.text).toContain('🚨宴请超标👀');
    expect(list.text).not.toMatch(/[\u0000\u0007]/);
  });
});

describe('concurrency', () => {
  it('gives 200 concurrent adds from 20 members 200 distinct references and 200 stored findings', async () => {
    const { h, teamId } = await setup();
    const members = Array.from({ length: 20 }, (_, i) => `巡察员${String(i + 1).padStart(2, '0')}`);
    for (const m of members) await ok(h, 'admin', `/team add ${m} member`);
    const texts = Array.from({ length: 200 }, (_, i) => `并发登记的问题${i + 1}号`);
    const replies = await Promise.all(texts.map((text, i) => h.say(members[i % 20]!, `/finding add ${text} --unit 城关镇 --cat 作风`)));
    expect(replies.every((r) => r.length === 1 && !r[0]!.error)).toBe(true);
    const refs = replies.map((r) => Number(/F-(\d+)/.exec(r[0]!.text)?.[1]));
    expect(new Set(refs).size).toBe(200);
    expect([...refs].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await h.bot.services.findings.list(teamId);
    expect(stored).toHaveLength(200);
    expect(stored.map((f) => f.n)).toEqual(Array.from({ length: 200 }, (_, i) => 200 - i));
    // Each reference names the finding its author typed.
    const byN = new Map(stored.map((f) => [f.n, f]));
    refs.forEach((n, i) => {
      expect(byN.get(n)?.text).toBe(texts[i]);
      expect(byN.get(n)?.author).toBe(`console:${members[i % 20]}`);
    });
    expect((await ok(h, '组员', '/finding add 之后的一条 --unit 城关镇 --cat 作风')).text).toContain('F-201');
    noCrash(h);
  });
});

describe('restart', () => {
  it('keeps findings, states and history on disk and never reuses a reference', async () => {
    const h = await createHarness();
    let h2: Harness | undefined;
    try {
      await withTeam(h);
      const teamId = (await h.bot.services.teams.byName('第一巡察组'))!.id;
      await ok(h, '组员', '/finding add 第一条 --unit 城关镇 --cat 作风');
      await ok(h, '组员', '/finding add 第二条 --unit 东关村 --cat 纪律 --severity 严重');
      await ok(h, '组员二', '/finding add 第三条 --unit 城关镇 --cat 组织');
      await signOff(h, 'F-1');
      await ok(h, '组长', '/finding handover F-1 --to 单位');
      await ok(h, '组员', '/finding edit F-2 --text 第二条改后');
      await ok(h, '组长', '/finding clue F-3 --subject 李某 --importance 一般', dm('组长'));
      const before = await h.bot.services.findings.list(teamId);
      const auditBefore = await h.bot.services.audit.list(teamId);
      await h.close();

      h2 = await createHarness({ file: h.file });
      expect(await h2.bot.services.findings.list(teamId)).toEqual(before);
      expect(await h2.bot.services.audit.list(teamId)).toEqual(auditBefore);
      expect((await get(h2, teamId, 1)).state).toBe('handedOver');
      expect((await get(h2, teamId, 2)).history.map((c) => [c.field, c.from, c.to])).toEqual([['text', '第二条', '第二条改后']]);
      const list = await ok(h2, '组员', '/finding list');
      expect(refsIn(list.text)).toEqual([2, 1]);
      expect(list.text).toContain('另有问题线索 1 条');
      const card = await ok(h2, '组长', '/finding show F-3');
      expect(card.visibility).toBe('asker');
      expect(card.text).toContain('被反映人：李某');
      expect((await ok(h2, '组员二', '/finding add 重启后的一条 --unit 城关镇 --cat 作风')).text).toContain('F-4');
      expect((await h2.bot.services.findings.list(teamId)).map((f) => f.n)).toEqual([4, 3, 2, 1]);
      expect((await get(h2, teamId, 4)).text).toBe('重启后的一条');
    } finally {
      if (h2) await h2.dispose();
      else await h.close().catch(() => undefined);
      rmSync(dirname(h.file), { recursive: true, force: true });
    }
  });
});
