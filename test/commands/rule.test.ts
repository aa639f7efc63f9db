import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { zh } from '../../src/i18n/zh.ts';
import { RULE_CATEGORIES } from '../../src/rulebook/rulebook.ts';
import type { ChatRef, Reply } from '../../src/types.ts';
import { createHarness, dm, rules, withTeam, type Harness } from '../helpers/harness.ts';

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.dispose());

/** The single reply to a line. */
async function one(user: string, line: string, chat?: ChatRef | string): Promise<Reply> {
  const replies = await h.say(user, line, chat);
  expect(replies, line).toHaveLength(1);
  return replies[0]!;
}

/** A line that must succeed: a chat reply without the error flag. */
async function ok(user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const r = await one(user, line, chat);
  expect(r.error, `${line} → ${r.text}`).toBeUndefined();
  expect(r.visibility).toBe('chat');
  return r.text;
}

/** A line that must be refused: an error to the asker only. */
async function refused(user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const r = await one(user, line, chat);
  expect(r.error, `${line} → ${r.text}`).toBe(true);
  expect(r.visibility).toBe('asker');
  expect(r.text).not.toContain('undefined');
  return r.text;
}

/** The rule ids of a search reply, in order (each entry starts a paragraph with `ID title〔category〕`). */
function hitIds(text: string): string[] {
  return text
    .split('\n\n')
    .slice(1)
    .map((entry) => /^([A-Z]+-\d+) /.exec(entry)?.[1] ?? `?${entry.slice(0, 20)}`);
}

describe('/rule (categories)', () => {
  it('lists every category with its rules and a hint', async () => {
    const text = await ok('路人', '/rule');
    const lines = text.split('\n');
    expect(lines[0]).toBe(`纪律规定（共 ${rules.size} 条），按分类：`);
    const categoryLines = lines.filter((l) => /^\p{Script=Han}+（\d+）：/u.test(l));
    expect(categoryLines.map((l) => l.slice(0, 2))).toEqual([...RULE_CATEGORIES]);
    expect(text).toContain('保密（12）：BM-01 守口如瓶、BM-02 保密承诺');
    expect(text).toContain('廉洁（10）：LJ-01 四个决不允许');
    // 形式主义 and 官僚主义 are 工作纪律: 四风 is filed under 工作, not 廉洁.
    expect(text).toMatch(/^工作（\d+）：.*LJ-04 四风/m);
    // Every rule appears once, by id.
    for (const { rules: list } of rules.categories()) for (const r of list) expect(text).toContain(`${r.id} ${r.title}`);
    expect(lines.at(-1)).toContain('/rule show');
  });
});

describe('/rule <words>', () => {
  it('宴请 finds LJ-01 first, with its source', async () => {
    const text = await ok('路人', '/rule 宴请');
    expect(text.split('\n')[0]).toBe('与「宴请」相关的规定：');
    expect(hitIds(text)[0]).toBe('LJ-01');
    const first = text.split('\n\n')[1]!;
    expect(first).toContain('LJ-01 四个决不允许〔廉洁〕');
    expect(first).toContain('不接受宴请');
    expect(first).toMatch(/^出处：.+/m);
  });

  it('a question as people ask it, 能不能收礼, finds LJ-01 first', async () => {
    expect(hitIds(await ok('路人', '/rule 能不能收礼'))[0]).toBe('LJ-01');
  });

  it('保密 finds the confidentiality rules, BM-01 among them, at most five', async () => {
    const ids = hitIds(await ok('路人', '/rule 保密'));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(5);
    expect(ids).toContain('BM-01');
    for (const id of ids) expect(id).toMatch(/^BM-/);
  });

  it('an unverified rule is marked as such', async () => {
    // LJ-01's source is not verified in the built-in rulebook.
    expect(rules.byId('LJ-01')?.verified).toBe(false);
    expect(await ok('路人', '/rule 宴请')).toContain('（待核实，以本地实施办法为准）');
  });

  it('公车私用怎么处理 finds the car rule first, citing its document, year and article as checked', async () => {
    const text = await ok('路人', '/rule 公车私用怎么处理');
    // The car rule, then the eight rules whose common breaches it belongs to; 处理 alone matches nothing.
    expect(hitIds(text)).toEqual(['LJ-06', 'LJ-03']);
    const first = text.split('\n\n')[1]!;
    expect(first).toContain('LJ-06 公车私用〔廉洁〕');
    expect(first).toContain('公务交通工具');
    expect(first).toMatch(/^出处：《中国共产党纪律处分条例》（2023年版）第一百一十七条.*（已核对条文）$/m);
  });

  it('every answer says whether its entry was checked against the text, one way or the other', async () => {
    for (const query of ['公车私用', '线索怎么移交', '保密', '整改不到位要问责吗', '村务不公开']) {
      const entries = (await ok('路人', `/rule ${query}`)).split('\n\n').slice(1);
      expect(entries.length, query).toBeGreaterThan(0);
      for (const entry of entries) {
        const id = /^([A-Z]+-\d+) /.exec(entry)![1]!;
        const marker = rules.byId(id)!.verified ? '（已核对条文）' : '（待核实，以本地实施办法为准）';
        expect(entry.split('\n')[2], id).toMatch(new RegExp(`^出处：.+${marker.replace(/[()（）]/g, '\\$&')}$`));
      }
    }
  });

  it('an office entry in the older shape (source only) shows its source, and a citation is shown in full', () => {
    // The harness serves the built-in rulebook; loading an office file is tested in rulebook.test.ts.
    expect(zh.rule.source({ source: '本县公务用车管理办法', verified: false })).toBe('出处：本县公务用车管理办法（待核实，以本地实施办法为准）');
    expect(zh.rule.source({ document: '《本县巡察工作实施办法》', year: 2025, article: '第十条', verified: true })).toBe('出处：《本县巡察工作实施办法》（2025年版）第十条（已核对条文）');
    expect(zh.rule.source({ document: '《中国共产党巡视工作条例》', year: 2024, source: '巡察动员讲话', verified: false })).toBe('出处：《中国共产党巡视工作条例》（2024年版）；巡察动员讲话（待核实，以本地实施办法为准）');
    expect(en.rule.source({ document: '《中国共产党纪律处分条例》', year: 2023, article: '第六十二条', source: '湖北日报解读', verified: true })).toBe('Source: 《中国共产党纪律处分条例》 (2023) 第六十二条; 湖北日报解读 (checked against the text)');
  });

  it('a query with no hits says so and suggests words', async () => {
    const text = await ok('路人', '/rule 量子力学');
    expect(text).toContain('没有找到与「量子力学」相关的规定');
    expect(text).toContain('/rule');
    expect(await ok('路人', '/rule xyzzy')).toContain('没有找到与「xyzzy」相关的规定');
  });

  it('words separated by full-width spaces are one query', async () => {
    const text = await ok('路人', '/rule 宴请　收礼');
    expect(text.split('\n')[0]).toBe('与「宴请 收礼」相关的规定：');
    expect(hitIds(text)[0]).toBe('LJ-01');
  });

  it('a 10,000-character query gets a clear error, not a crash', async () => {
    const text = await refused('路人', `/rule ${'宴请'.repeat(5000)}`);
    expect(text).toBe('关键词太长：最多 200 个字符。请删减后再发。\n用法：/rule [关键词]');
    expect(h.logs.some((l) => l.msg === 'command refused' && l.outcome === 'INVALID_ARGS')).toBe(true);
    expect(h.logs.some((l) => l.msg === 'command failed')).toBe(false);
    // The bot still answers afterwards.
    expect(hitIds(await ok('路人', '/rule 宴请'))[0]).toBe('LJ-01');
  });
});

describe('/rule show <id>', () => {
  it('shows BM-01 in full: title, category, summary, source and keywords', async () => {
    const text = await ok('路人', '/rule show BM-01');
    const lines = text.split('\n');
    expect(lines[0]).toBe('BM-01 守口如瓶〔保密〕');
    expect(lines[1]).toBe(rules.byId('BM-01')!.summary);
    expect(lines[2]).toBe('出处：《中国共产党纪律处分条例》（2023年版）第一百四十四条；巡察动员讲话（守口如瓶的要求）（已核对条文）');
    expect(lines[3]).toMatch(/^关键词：保密、泄密/);
  });

  it('accepts the id in any case and without the dash', async () => {
    const full = await ok('路人', '/rule show BM-01');
    expect(await ok('路人', '/rule show bm01')).toBe(full);
    expect(await ok('路人', '/rule show bm-1')).toBe(full);
    expect(await ok('路人', '/rule SHOW Bm-01')).toBe(full);
  });

  it('an unknown id is a clear error', async () => {
    expect(await refused('路人', '/rule show XX-99')).toBe('没有编号为「XX-99」的规定。发送 /rule 查看分类。');
  });

  it('a missing or over-long id gets the usage line', async () => {
    expect(await refused('路人', '/rule show')).toBe('缺少编号。请按下面的用法补上。\n用法：/rule show <规定编号>');
    expect(await refused('路人', `/rule show ${'A'.repeat(10_000)}`)).toContain('用法：/rule show <规定编号>');
    expect(await refused('路人', '/rule show BM-01 BM-02')).toContain('用法：/rule show <规定编号>');
  });
});

describe('who may use /rule', () => {
  it('anyone, anywhere: an unbound group, a direct message, a user in no team', async () => {
    const categories = await ok('路人', '/rule');
    expect(await ok('路人', '/rule', 'other')).toBe(categories);
    expect(await ok('路人', '/rule', dm('路人'))).toBe(categories);
    expect(hitIds(await ok('路人', '/rule 宴请', 'other'))[0]).toBe('LJ-01');
    expect(hitIds(await ok('路人', '/rule 能不能收礼', dm('路人')))[0]).toBe('LJ-01');
    expect(await ok('路人', '/rule show BM-01', dm('路人'))).toMatch(/^BM-01 守口如瓶/);
  });

  it('team members and liaisons too, in the bound chat', async () => {
    await withTeam(h);
    for (const user of ['admin', '组长', '组员', '联络员', '路人']) {
      expect(await ok(user, '/rule show LJ-01')).toMatch(/^LJ-01 四个决不允许/);
    }
  });
});

describe('XC_LANG=en', () => {
  it('frames and errors are in English', async () => {
    await h.dispose();
    h = await createHarness({ env: { XC_LANG: 'en' } });
    expect((await ok('路人', '/rule')).split('\n')[0]).toBe(`Discipline rules (${rules.size}), by category:`);
    expect((await ok('路人', '/rule 宴请')).split('\n')[0]).toBe('Rules matching “宴请”:');
    expect(await refused('路人', '/rule show XX-99')).toBe('There is no rule “XX-99”. Send /rule for the categories.');
  });
});
