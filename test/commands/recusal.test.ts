import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry as AuditEntry } from '../../src/audit.ts';
import type { Team } from '../../src/team.ts';
import type { Outgoing } from '../../src/types.ts';
import { dm, type Harness, useTeamHarness } from '../helpers/harness.ts';
import { ok, refused } from '../helpers/replies.ts';

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';
const DECLARE_USAGE = '用法：/recusal declare <理由> --unit <单位>';
const RECUSED = '你已申报与「城关镇」存在利害关系（回避），不能登记、修改或查看该单位的问题。请交由未回避的组员办理。';
const REASON = '配偶在城关镇财政所任职';

/** A fresh team harness per call, disposed after each test. */
const setup = useTeamHarness();

/** The standard team with the round's dates set. */
async function withRound(): Promise<{ h: Harness; teamId: string; sent: Outgoing[] }> {
  const t = await setup();
  await ok(t.h, 'admin', '/team period 2026-11-20 2026-12-20');
  return t;
}

async function team(h: Harness): Promise<Team> {
  return (await h.bot.services.teams.byName('第一巡察组'))!;
}
const audits = async (h: Harness, teamId: string, action: string): Promise<AuditEntry[]> =>
  (await h.bot.services.audit.list(teamId)).filter((e) => e.action === action);
async function delivered(h: Harness, sent: Outgoing[]): Promise<Outgoing[]> {
  await h.bot.flush();
  return sent;
}

/** 组员 declares a conflict with 城关镇, in the DM with the bot. */
const declare = (h: Harness, user = '组员') => ok(h, user, `/recusal declare --unit 城关镇 ${REASON}`, dm(user));

describe('/recusal ack', () => {
  it('declares no conflict with every unit of the round, in the group, audited; a second ack changes nothing', async () => {
    const { h, teamId } = await withRound();
    const r = await ok(h, '组员', '/recusal ack');
    expect(r.visibility).toBe('chat');
    expect(r.text).toBe('已申报：本轮（进驻 2026-11-20）与城关镇、东关村无利害关系，无须回避。');
    expect((await team(h)).recusals).toEqual([{ kind: 'none', user: 'console:组员', round: '2026-11-20', at: T0, units: ['城关镇', '东关村'] }]);
    expect(await audits(h, teamId, 'recusal-none')).toEqual([{ at: T0, user: 'console:组员', action: 'recusal-none', ref: '', field: '2026-11-20' }]);
    expect((await ok(h, '组员', '/recusal ack')).text).toBe('你已于 2026-11-25 申报与城关镇、东关村无利害关系，无须重复申报。');
    expect((await team(h)).recusals).toHaveLength(1);
    expect(await audits(h, teamId, 'recusal-none')).toHaveLength(1);
  });

  it('is asked again for a unit added since, and covers only the units without a declared conflict', async () => {
    const { h } = await withRound();
    await ok(h, '组员', '/recusal ack');
    await ok(h, 'admin', '/team unit add 西关村');
    expect((await ok(h, '组员', '/recusal ack')).text).toBe('已申报：本轮（进驻 2026-11-20）与城关镇、东关村、西关村无利害关系，无须回避。');
    await declare(h, '组员二');
    // The conflict of one's own is not for the group: the answer that names it is the asker's alone.
    const r = await ok(h, '组员二', '/recusal ack');
    expect(r.visibility).toBe('asker');
    expect(r.text).toBe('已申报：本轮（进驻 2026-11-20）与东关村、西关村无利害关系，无须回避。（已申报回避：城关镇）');
  });

  it('refuses without the round’s dates, without units, and for whoever does not inspect; nothing saved', async () => {
    const { h } = await setup();
    const before = await team(h);
    expect((await refused(h, '组员', '/recusal ack')).text).toBe('本组尚未设置巡察期间，回避按轮次申报。请先用 /team period <进驻日期> <结束日期> 设置。');
    expect((await refused(h, '联络员', '/recusal ack')).text).toBe('需要以下角色之一：组长、副组长、组员（你的角色：联络员）。请由组长、副组长或组员办理。');
    expect((await refused(h, 'admin', '/recusal ack')).text).toBe('需要以下角色之一：组长、副组长、组员（你的角色：巡察办）。请由组长、副组长或组员办理。');
    expect((await refused(h, '组员', '/recusal ack 多余')).text).toContain('多余的参数：多余');
    expect((await team(h)).recusals).toEqual(before.recusals);
    await ok(h, 'admin', '/team create 第二巡察组', 'second');
    await ok(h, 'admin', '/team add 乙组员 member', 'second');
    await ok(h, 'admin', '/team period 2026-11-20 2026-12-20', 'second');
    expect((await refused(h, '乙组员', '/recusal ack', 'second')).text).toBe('本组尚未添加被巡察单位，暂无须申报。请在添加单位（/team unit add <单位>）后再申报。');
  });

  it('refuses one who declared a conflict with every unit', async () => {
    const { h } = await withRound();
    await declare(h);
    await ok(h, '组员', '/recusal declare --unit 东关村 曾在该村任职', dm('组员'));
    expect((await refused(h, '组员', '/recusal ack')).text).toBe('你已申报与本轮全部被巡察单位存在利害关系，没有可申报无利害关系的单位。无需再发送 /recusal ack。');
  });
});

describe('/recusal declare', () => {
  it('records the conflict and its reason, audited, and tells the leader and the office, not the deputy', async () => {
    const { h, teamId, sent } = await withRound();
    const r = await declare(h);
    expect(r.text).toBe('已登记回避：你与「城关镇」存在利害关系。自即日起你不能登记、修改或查看该单位的问题。已私信通知：组长、巡察办。理由仅组长、副组长和巡察办可见。');
    expect(r.text).not.toContain(REASON);
    expect((await team(h)).recusals).toEqual([{ kind: 'conflict', user: 'console:组员', round: '2026-11-20', at: T0, unit: '城关镇', reason: REASON }]);
    // The audit log names the unit, never the reason; nor does the team's history.
    expect(await audits(h, teamId, 'recusal-conflict')).toEqual([{ at: T0, user: 'console:组员', action: 'recusal-conflict', ref: '', field: '城关镇' }]);
    expect(JSON.stringify((await team(h)).history)).not.toContain(REASON);
    const notices = await delivered(h, sent);
    expect(notices.map((o) => o.to)).toEqual([{ user: 'console:组长' }, { user: 'console:admin' }]);
    for (const o of notices) {
      expect(o.reply.visibility).toBe('dm');
      expect(o.reply.text).toBe(
        `【回避申报】巡察组「第一巡察组」组员 于 2026-11-25 申报与「城关镇」存在利害关系，须回避。\n理由：${REASON}\n此后 组员 不能登记、修改或查看该单位的问题；如需调整分工请及时安排。`,
      );
    }
  });

  it('needs no period, and the leader declaring tells only the office', async () => {
    const { h, sent } = await setup();
    expect((await declare(h, '组长')).text).toContain('已私信通知：巡察办。');
    expect((await delivered(h, sent)).map((o) => o.to)).toEqual([{ user: 'console:admin' }]);
  });

  it('is taken only in the DM with the bot, where the reason sits in nobody else’s history', async () => {
    const { h, sent } = await withRound();
    for (const chat of ['main', 'other'] as const) {
      const r = await refused(h, '组员', `/recusal declare --unit 城关镇 ${REASON}`, chat === 'main' ? undefined : chat);
      if (chat === 'main') expect(r.text).toBe('回避理由涉及个人情况，只能在与我的私聊中申报。请私聊我发送 /recusal declare --unit <单位> <理由>。');
      expect(r.text).not.toContain(REASON);
    }
    expect((await team(h)).recusals).toEqual([]);
    expect(await delivered(h, sent)).toEqual([]);
  });

  it('refuses bad input, a second declaration for the unit, and those who do not inspect; nothing saved', async () => {
    const { h } = await withRound();
    const here = dm('组员');
    expect((await refused(h, '组员', '/recusal declare --unit 城关镇', here)).text).toBe(`缺少回避理由。请按下面的用法补上。\n${DECLARE_USAGE}`);
    expect((await refused(h, '组员', `/recusal declare ${REASON}`, here)).text).toBe(`缺少单位。请按下面的用法补上。\n${DECLARE_USAGE}`);
    expect((await refused(h, '组员', `/recusal declare --unit 南关村 ${REASON}`, here)).text).toBe('没有被巡察单位「南关村」。请从以下单位中选：城关镇、东关村。');
    expect((await refused(h, '组员', `/recusal declare --unit 城关镇 ${'长'.repeat(501)}`, here)).text).toBe(`回避理由太长：最多 500 个字符。请删减后再发。\n${DECLARE_USAGE}`);
    expect((await refused(h, '联络员', `/recusal declare --unit 城关镇 ${REASON}`, dm('联络员'))).text).toBe('需要以下角色之一：组长、副组长、组员（你的角色：联络员）。请由组长、副组长或组员办理。');
    expect((await team(h)).recusals).toEqual([]);
    await declare(h);
    expect((await refused(h, '组员', '/recusal declare --unit 城关镇 另一理由', here)).text).toBe('你已于 2026-11-25 申报与「城关镇」回避，无须重复申报。');
    expect((await team(h)).recusals).toHaveLength(1);
  });
});

describe('a declared conflict closes the unit’s findings to the declarant', () => {
  /** Two findings: F-1 on 城关镇 (by 组员, before the declaration), F-2 on 东关村. */
  async function withFindings(): Promise<{ h: Harness; teamId: string; sent: Outgoing[] }> {
    const t = await withRound();
    await ok(t.h, '组员', '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风');
    await ok(t.h, '组员', '/finding add 村务公开不及时 --unit 东关村 --cat 作风');
    await declare(t.h);
    return t;
  }

  it('refuses adding, editing, moving to, showing and acting on them; nothing changes', async () => {
    const { h, teamId } = await withFindings();
    const before = await h.bot.services.findings.list(teamId);
    expect((await refused(h, '组员', '/finding add 另一条问题 --unit 城关镇 --cat 作风')).text).toBe(RECUSED);
    expect((await refused(h, '组员', '/finding show F-1', dm('组员'))).text).toBe(RECUSED);
    expect((await refused(h, '组员', '/finding edit F-1 --text 改写的描述')).text).toBe(RECUSED);
    expect((await refused(h, '组员', '/finding edit F-2 --unit 城关镇')).text).toBe(RECUSED);
    expect((await refused(h, '组员', '/finding list --unit 城关镇')).text).toBe(RECUSED);
    expect(await h.bot.services.findings.list(teamId)).toEqual(before);
    // Their other unit's findings stay theirs.
    expect((await ok(h, '组员', '/finding show F-2', dm('组员'))).text).toContain('村务公开不及时');
    await ok(h, '组员', '/finding add 另一条问题 --unit 东关村 --cat 作风');
  });

  it('keeps a leader who declared from the unit’s findings, tasks and matters, and from carrying out an instruction on them', async () => {
    const { h, sent } = await withFindings();
    await declare(h, '副组长');
    expect((await refused(h, '副组长', '/finding review F-1')).text).toBe(RECUSED);
    expect((await refused(h, '副组长', '/finding clue F-1')).text).toBe(RECUSED);
    expect((await refused(h, '副组长', '/rectify add F-1 退还超标准费用 --owner 组员二 --due +7d')).text).toBe(RECUSED);
    expect((await refused(h, '组长', '/rectify add F-1 退还超标准费用 --owner 副组长 --due +7d')).text).toBe(
      '副组长 已申报与「城关镇」存在利害关系（回避），不能担任该单位问题的整改责任人。请另选责任人。',
    );
    await ok(h, '组长', '/rectify add F-1 退还超标准费用 --owner 组员二 --due +7d');
    expect((await refused(h, '副组长', '/rectify show R-1', dm('副组长'))).text).toBe(RECUSED);
    expect((await ok(h, '副组长', '/rectify list', dm('副组长'))).text).not.toContain('R-1');
    expect((await refused(h, '副组长', '/report add 请示 --finding F-1')).text).toBe(RECUSED);
    await ok(h, '组长', '/report add 关于城关镇问题的请示 --finding F-1');
    expect((await ok(h, '副组长', '/report list', dm('副组长'))).text).toBe(
      ['请示报告：共 0 件，待批示 0 件（第 1/1 页，仅你可见）', '暂无请示报告。', '另有关联你已申报回避单位的请示报告，不在此显示。'].join('\n'),
    );
    expect((await refused(h, '副组长', '/report show M-1', dm('副组长'))).text).toBe('本组没有 M-1。请用 /report list 查看现有编号。');
    await delivered(h, sent);
    sent.length = 0;
    expect((await ok(h, 'admin', '/report answer M-1 同意')).text).toBe('已登记 M-1 的领导小组批示。已私信通知：组长。');
    expect((await delivered(h, sent)).map((o) => o.to)).toEqual([{ user: 'console:组长' }]);
  });

  it('lists the rest to the declarant alone, with a note, and counts clues whole', async () => {
    const { h } = await withFindings();
    await ok(h, '组员', '/finding add 某局长亲属违规承揽工程 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-3');
    const r = await ok(h, '组员', '/finding list');
    expect(r.visibility).toBe('asker');
    expect(r.text).toBe(
      [
        '问题清单：共 1 条（第 1/1 页）',
        'F-2［草稿］东关村 · 作风建设 · 一般：村务公开不及时（组员 · 2026-11-25）',
        '另有问题线索 1 条，不在群内显示。',
        '你已申报回避的单位（城关镇）的问题不在此显示。',
      ].join('\n'),
    );
  });

  it('takes the unit’s findings out of the group the declarant reads: there they go to the asker alone', async () => {
    const { h } = await withFindings();
    // Without a liaison on the roster the group would read every finding; with the declarant in it, not those of 城关镇.
    await ok(h, 'admin', '/team remove 联络员');
    const east = await ok(h, '组长', '/finding show F-2');
    expect(east.visibility).toBe('chat');
    const town = await ok(h, '组长', '/finding show F-1');
    expect(town.visibility).toBe('asker');
    expect(town.text).toContain('食堂超标准采购茶叶');
    const list = await ok(h, '组长', '/finding list');
    expect(list.visibility).toBe('asker');
    expect(list.text).toContain('F-1');
  });

  it('leaves the unit out of the forms the declarant sees', async () => {
    const { h } = await withFindings();
    await declare(h, '副组长');
    const done = await h.bot.handle({ platform: 'console', user: 'console:副组长', userName: '副组长', chat: dm('副组长'), command: 'rectify', text: 'add' });
    const refs = ('form' in done ? done.form!.fields.find((f) => f.name === 'ref')?.options ?? [] : []).map((o) => o.value);
    expect(refs).toEqual(['F-2']);
  });

  it('refuses the export to a deputy who declared a conflict with a unit that has findings', async () => {
    const { h } = await withFindings();
    await declare(h, '副组长');
    expect((await refused(h, '副组长', '/export')).text).toBe('你已申报与城关镇回避，导出文件包含该单位的问题，不能由你导出。请由组长、副组长或巡察办中未回避的人导出。');
    const r = await ok(h, '组长', '/export');
    expect(r.file).toBeDefined();
  });

  it('holds back the unit’s tasks from the declarant’s digest', async () => {
    const { h } = await withFindings();
    await ok(h, '组长', '/rectify add F-1 退还超标准费用 --owner 组员二 --due +2d');
    await ok(h, '组长', '/rectify add F-2 公开栏按月更新 --owner 组员二 --due +2d');
    const own = (await ok(h, '组员', '/digest', dm('组员'))).text;
    expect(own).toContain('R-2');
    expect(own).not.toMatch(/R-1|退还超标准费用/);
    expect((await ok(h, '组长', '/digest', dm('组长'))).text).toContain('退还超标准费用');
  });
});

describe('/recusal status', () => {
  it('shows the leaders and the office who declared what, with reasons, and who has not, to the asker alone', async () => {
    const { h } = await withRound();
    await declare(h);
    await ok(h, '组员二', '/recusal ack');
    await ok(h, '组员', '/recusal ack');
    h.clock.set('2026-11-26T09:00:00+08:00');
    await ok(h, '副组长', '/recusal ack');
    const expected = [
      '本轮（进驻 2026-11-20）回避申报：已申报 3/4 人（仅你可见）',
      '申报回避：',
      `· 组员：「城关镇」（2026-11-25）理由：${REASON}`,
      '无利害关系：副组长（2026-11-26）、组员（2026-11-25）、组员二（2026-11-25）',
      '未申报：组长（城关镇、东关村）',
    ].join('\n');
    for (const [user, chat] of [['组长', undefined], ['副组长', dm('副组长')], ['admin', undefined]] as const) {
      const r = await ok(h, user, '/recusal status', chat);
      expect(r.visibility, user).toBe('asker');
      expect(r.text, user).toBe(expected);
    }
  });

  it('refuses members and liaisons, who never see a reason', async () => {
    const { h } = await withRound();
    await declare(h, '组员二');
    for (const [user, role] of [['组员', '组员'], ['联络员', '联络员']]) {
      const r = await refused(h, user!, '/recusal status');
      expect(r.text).toBe(`需要以下角色之一：巡察办、组长、副组长（你的角色：${role}）。请由巡察办、组长或副组长办理。`);
    }
  });
});

describe('the digest', () => {
  it('names who has not declared beside the unsigned pledges, until they have', async () => {
    const { h } = await withRound();
    const line = (names: string) => `🙋 尚未申报回避情况：${names}（/recusal ack；有利害关系的请私聊我 /recusal declare）`;
    const digest = async () => (await ok(h, '组员', '/digest')).text.split('\n');
    let lines = await digest();
    expect(lines[lines.indexOf('✍ 尚未签订保密承诺：组长、副组长、组员、组员二（/secrecy ack）') + 1]).toBe(line('组长、副组长、组员、组员二'));
    await ok(h, '组长', '/recusal ack');
    await ok(h, '副组长', '/recusal ack');
    await declare(h);
    await ok(h, '组员', '/recusal ack');
    expect(await digest()).toContain(line('组员二'));
    await ok(h, '组员二', '/recusal ack');
    lines = await digest();
    expect(lines.some((l) => l.startsWith('🙋'))).toBe(false);
    // A unit added later is one more to declare on.
    await ok(h, 'admin', '/team unit add 西关村');
    expect(await digest()).toContain(line('组长、副组长、组员、组员二'));
    // The group is never told of a conflict, nor its unit.
    expect((await digest()).join('\n')).not.toMatch(/回避：|城关镇」/);
  });

  it('says nothing about declarations before the round has started', async () => {
    const { h } = await setup();
    await ok(h, 'admin', '/team period 2026-12-01 2026-12-20');
    expect((await ok(h, '组员', '/digest')).text).not.toContain('🙋');
  });
});

describe('in English', () => {
  it('speaks the catalog', async () => {
    const { h } = await setup({ XC_LANG: 'en' });
    await ok(h, 'admin', '/team period 2026-11-20 2026-12-20');
    expect((await refused(h, '组员', `/recusal declare --unit 城关镇 ${REASON}`)).text).toBe(
      'The reason is personal: declare a conflict only in a direct message with me: /recusal declare --unit <unit> <reason>.',
    );
    expect((await declare(h)).text).toBe(
      'Conflict of interest with 城关镇 recorded. From now on you may not add, edit or read that unit\'s findings. Told by direct message: 组长, office admin. Only the leader, deputies and the office see the reason.',
    );
    expect((await ok(h, '组员', '/recusal ack')).text).toBe('Declared: no conflict of interest with 东关村 this round (entry 2026-11-20). (Conflict declared: 城关镇.)');
    expect((await refused(h, '组员', '/finding add 又一条 --unit 城关镇 --cat 作风')).text).toBe('You declared a conflict of interest with 城关镇: you may not add, edit or read its findings. Leave it to a member without a conflict.');
    expect((await ok(h, '组长', '/recusal status')).text).toBe(
      [
        'Conflict-of-interest declarations this round (entry 2026-11-20): 1 of 4 declared (shown only to you)',
        'Conflicts declared:',
        `- 组员: 城关镇 (2026-11-25) reason: ${REASON}`,
        'No conflict: 组员 (2026-11-25)',
        'Not declared: 组长 (城关镇, 东关村), 副组长 (城关镇, 东关村), 组员二 (城关镇, 东关村)',
      ].join('\n'),
    );
  });
});
