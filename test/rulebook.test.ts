import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RULE_CATEGORIES, RulebookError, createRuleIndex, loadRulebook, textTokens, type Rule } from '../src/rulebook/rulebook.ts';

const builtIn = loadRulebook();
const index = createRuleIndex(builtIn);
const ids = (query: string, limit?: number) => index.search(query, limit).map((hit) => hit.rule.id);

function rule(id: string, overrides: Partial<Rule> = {}): Rule {
  return { id, title: `规则${id}`, category: '工作', summary: '本地规定摘要。', source: '本县实施办法', verified: false, keywords: [], ...overrides };
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-'));
  tempDirs.push(dir);
  return dir;
}

function officeFile(content: unknown): string {
  const dir = tempDir();
  const file = path.join(dir, 'rules.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function loadError(options: Parameters<typeof loadRulebook>[0]): RulebookError {
  try {
    loadRulebook(options);
  } catch (err) {
    expect(err).toBeInstanceOf(RulebookError);
    return err as RulebookError;
  }
  throw new Error('expected loadRulebook to throw');
}

/** The ids before issue 14. Stored findings cite ids as their 定性依据 (`--basis LJ-03`): never remove or renumber one. */
const STABLE_IDS = [
  'BM-01', 'BM-02', 'BM-03', 'BM-04', 'BM-05', 'BM-06',
  'GZ-01', 'GZ-02', 'GZ-03', 'GZ-04', 'GZ-05', 'GZ-06', 'GZ-07', 'GZ-08',
  'LJ-01', 'LJ-02', 'LJ-03', 'LJ-04',
  'PH-01', 'PH-02', 'PH-03',
  'XS-01', 'XS-02', 'XS-03',
  'ZG-01', 'ZG-02', 'ZG-03', 'ZG-04', 'ZG-05',
  'CF-01',
];

/** The texts `verified` may rest on, each in its current version: what was checked with the search tool. */
const CURRENT_TEXTS: Record<string, number> = {
  '《中国共产党巡视工作条例》': 2024,
  '《中国共产党纪律处分条例》': 2023,
  '《中华人民共和国保守国家秘密法》': 2024,
};

describe('built-in rulebook', () => {
  it('loads at least 60 entries with unique ids in the house style and valid categories', () => {
    expect(builtIn.length).toBeGreaterThanOrEqual(60);
    expect(new Set(builtIn.map((r) => r.id)).size).toBe(builtIn.length);
    for (const r of builtIn) expect(r.id).toMatch(/^(BM|GZ|LJ|PH|XS|ZG|CF)-\d{2}$/);
    for (const r of builtIn) expect(RULE_CATEGORIES).toContain(r.category);
    expect(index.size).toBe(builtIn.length);
  });

  it('keeps every id it ever had', () => {
    const ids = new Set(builtIn.map((r) => r.id));
    for (const id of STABLE_IDS) expect(ids.has(id), id).toBe(true);
  });

  it('gives every entry a source: the document it rests on, a note of where it comes from, or both', () => {
    for (const r of builtIn) expect(Boolean(r.document?.trim() || r.source?.trim()), r.id).toBe(true);
    // An article or a year means nothing without the document it belongs to.
    for (const r of builtIn.filter((r) => r.article !== undefined || r.year !== undefined)) expect(r.document, r.id).toBeDefined();
  });

  it('marks verified only entries that name an article of a current text, checked in its current version', () => {
    const verified = builtIn.filter((r) => r.verified);
    expect(verified.length).toBeGreaterThan(0);
    for (const r of verified) {
      expect(r.article, r.id).toMatch(/^第[一二三四五六七八九十百零]+条/);
      expect(Object.keys(CURRENT_TEXTS), r.id).toContain(r.document);
      expect(r.year, r.id).toBe(CURRENT_TEXTS[r.document!]);
    }
    // What rests on practice, a speech or a secondary document alone is shown as unverified.
    for (const r of builtIn.filter((r) => r.document === undefined)) expect(r.verified, r.id).toBe(false);
    for (const id of ['BM-03', 'BM-05', 'GZ-04', 'GZ-05', 'GZ-06', 'GZ-08', 'LJ-03']) expect(index.byId(id)?.verified, id).toBe(false);
  });

  it('cites the 巡视工作条例 in its 2024 revision only: the 2015/2017 text is history in a note, never the document', () => {
    for (const r of builtIn.filter((r) => r.document === '《中国共产党巡视工作条例》')) expect(r.year, r.id).toBe(2024);
    // A note that mentions the old text says in the same breath where the 2024 text stands.
    const old = builtIn.filter((r) => /(?:2015|2017)年(?:文本|巡视工作条例)|2015\/2017年/.test(r.source ?? ''));
    expect(old.length).toBeGreaterThan(0);
    for (const r of old) expect(r.source, r.id).toMatch(/2024年修订文本/);
  });

  it('cites the 纪律处分条例 articles the issue names: 泄露巡察秘密 is 第一百四十四条, 干扰巡察 第六十二条', () => {
    expect(index.byId('BM-08')).toMatchObject({ document: '《中国共产党纪律处分条例》', year: 2023, article: '第一百四十四条', verified: true });
    expect(index.byId('BM-01')).toMatchObject({ article: '第一百四十四条', verified: true });
    expect(index.byId('PH-03')).toMatchObject({ article: '第六十二条', verified: true });
    expect(index.byId('LJ-06')).toMatchObject({ article: '第一百一十七条', verified: true });
  });

  it('files 形式主义 and 官僚主义 under 工作 (工作纪律), not 廉洁', () => {
    const about = builtIn.filter((r) => /形式主义|官僚主义/.test(r.title + r.keywords.join()));
    expect(about.map((r) => r.id)).toEqual(expect.arrayContaining(['GZ-13', 'LJ-04']));
    for (const r of about) expect(r.category, r.id).toBe('工作');
  });

  it('covers the subjects issue 14 found missing', () => {
    const has = (id: string, words: RegExp) => expect(`${index.byId(id)?.title} ${index.byId(id)?.summary} ${index.byId(id)?.document}`, id).toMatch(words);
    has('LJ-05', /实施细则/);
    has('GZ-11', /关于市县党委建立巡察制度的意见/);
    has('GZ-10', /不查办案件.*不处理问题/);
    has('XS-04', /谈话函询.*初步核实.*暂存待查.*予以了结/);
    has('XS-05', /立案审查/);
    has('CF-02', /四种形态|四个层次/);
    has('ZG-06', /问责条例/);
    has('CF-04', /选拔任用|选人用人/);
    has('CF-05', /村（居）务/);
    has('LJ-11', /村民委员会组织法/);
    has('BM-07', /涉密不上网/);
  });

  it('keeps unverified deadlines flagged', () => {
    expect(index.byId('ZG-02')?.verified).toBe(false);
    for (const r of builtIn.filter((r) => ['ZG-02', 'ZG-04', 'ZG-05', 'XS-03'].includes(r.id))) expect(r.verified).toBe(false);
  });

  it('groups rules by category in the fixed order', () => {
    const groups = index.categories();
    expect(groups.map((g) => g.category)).toEqual([...RULE_CATEGORIES]);
    expect(groups.reduce((n, g) => n + g.rules.length, 0)).toBe(builtIn.length);
  });
});

describe('held-out questions (test/fixtures/rule-questions.json)', () => {
  const { questions } = JSON.parse(fs.readFileSync(new URL('./fixtures/rule-questions.json', import.meta.url), 'utf8')) as { questions: Array<{ q: string; ids: string[] }> };

  it('are at least 40 plain questions, each answered by entries the rulebook has', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    for (const { q, ids } of questions) {
      expect(ids.length, q).toBeGreaterThan(0);
      for (const id of ids) expect(index.byId(id)?.id, `${q} → ${id}`).toBe(id);
    }
  });

  it('find their answer in the top three at least 90% of the time', () => {
    const missed = questions.filter(({ q, ids }) => !index.search(q, 3).some((hit) => ids.includes(hit.rule.id)));
    const rate = 1 - missed.length / questions.length;
    expect(rate, `missed: ${missed.map((m) => m.q).join('、')}`).toBeGreaterThanOrEqual(0.9);
  });
});

describe('search', () => {
  it.each([
    ['宴请', 'LJ-01'],
    ['能不能收礼', 'LJ-01'],
    ['守口如瓶', 'BM-01'],
    ['回避', 'GZ-04'],
    ['六项纪律', 'CF-01'],
    ['BM-01', 'BM-01'],
  ])('%s → %s first', (query, id) => {
    expect(ids(query)[0]).toBe(id);
  });

  it('保密 → top 3 all in category 保密', () => {
    const top = index.search('保密', 3);
    expect(top).toHaveLength(3);
    for (const hit of top) expect(hit.rule.category).toBe('保密');
  });

  it('整改 → top result in category 整改', () => {
    expect(index.search('整改')[0]?.rule.category).toBe('整改');
  });

  it('a question about the report deadline finds a 整改 deadline entry in the top 2', () => {
    expect(ids('反馈意见多久报送整改报告', 2).some((id) => id === 'ZG-02' || id === 'ZG-04')).toBe(true);
  });

  it('looks past the setting every rule shares (被巡察单位, 巡察组) to the word that is asked about', () => {
    expect(ids('被巡察单位请吃饭能去吗')[0]).toBe('LJ-01');
    expect(ids('巡察组能不能接受被巡察单位的宴请')[0]).toBe('LJ-01');
    // A query of nothing else is still searched as typed.
    expect(ids('被巡察单位').length).toBeGreaterThan(0);
  });

  it('finds entries by the document and article they cite', () => {
    expect(ids('第一百一十七条')[0]).toBe('LJ-06');
    expect(ids('第六十二条', 3)).toEqual(expect.arrayContaining(['PH-03', 'ZG-07']));
    expect(ids('保守国家秘密法', 5).every((id) => id.startsWith('BM-'))).toBe(true);
    expect(ids('问责条例', 2)).toEqual(expect.arrayContaining(['ZG-06', 'CF-07']));
  });

  it('returns [] for empty or punctuation-only queries', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('？？')).toEqual([]);
    expect(index.search('　 ，。')).toEqual([]);
  });

  it('respects the limit', () => {
    expect(index.search('整改', 2)).toHaveLength(2);
  });
});

describe('byId', () => {
  it('is case- and dash-insensitive', () => {
    expect(index.byId('bm-01')?.id).toBe('BM-01');
    expect(index.byId('BM01')?.id).toBe('BM-01');
    expect(index.byId('bm-1')?.id).toBe('BM-01');
    expect(index.byId('XX-99')).toBeUndefined();
  });
});

describe('office rulebook', () => {
  it('extend mode adds entries and overrides built-ins by id', () => {
    const file = officeFile([
      rule('BD-01', { title: '公车使用登记', keywords: ['公车', '用车'] }),
      rule('gz-04', { title: '回避（本县）', summary: '本县回避规定。' }),
    ]);
    const rules = loadRulebook({ file });
    expect(rules).toHaveLength(builtIn.length + 1);
    const office = createRuleIndex(rules);
    expect(office.byId('GZ-04')?.summary).toBe('本县回避规定。');
    expect(office.search('用车')[0]?.rule.id).toBe('BD-01');
  });

  it('loads entries citing a document, year and article, and entries with a document and no source note', () => {
    const file = officeFile([
      rule('BD-01', { document: '《本县巡察工作实施办法》', year: 2025, article: '第十条', verified: true }),
      { ...rule('BD-02', { document: '《本县巡察工作实施办法》' }), source: undefined },
    ]);
    const rules = loadRulebook({ file });
    expect(rules.find((r) => r.id === 'BD-01')).toMatchObject({ document: '《本县巡察工作实施办法》', year: 2025, article: '第十条' });
    expect(rules.find((r) => r.id === 'BD-02')?.source).toBeUndefined();
  });

  it('replace mode uses only the office file', () => {
    const file = officeFile([rule('BD-01'), rule('BD-02', { category: '廉洁' })]);
    expect(loadRulebook({ file, mode: 'replace' }).map((r) => r.id)).toEqual(['BD-01', 'BD-02']);
  });

  it.each([
    ['bad category', [rule('BD-01'), { ...rule('BD-02'), category: '其他' }], /entry 2 \(BD-02\): category must be one of 保密, 工作/],
    ['missing summary', [{ ...rule('BD-01'), summary: undefined }], /entry 1 \(BD-01\): summary is missing/],
    ['empty title', [rule('BD-01', { title: '  ' })], /entry 1 \(BD-01\): title must not be empty/],
    ['duplicate id', [rule('BD-01'), rule('bd-1')], /entry 2 \(bd-1\): id duplicates entry 1/],
    ['unknown field', [{ ...rule('BD-01'), sumary: 'x' }], /entry 1 \(BD-01\): unknown field sumary/],
    ['neither source nor document', [{ ...rule('BD-01'), source: undefined }], /entry 1 \(BD-01\): source is missing/],
    ['a year as text', [{ ...rule('BD-01'), document: '《办法》', year: '2023' }], /entry 1 \(BD-01\): year must be a number/],
    ['a year out of range', [{ ...rule('BD-01'), document: '《办法》', year: 23 }], /entry 1 \(BD-01\): year must be at least 1921/],
    ['not an array', { id: 'BD-01' }, /top level must be a JSON array/],
    ['not JSON', '[{"id": "BD-01",', /is not valid JSON/],
  ])('rejects %s', (_name, content, message) => {
    const file = officeFile(content);
    const err = loadError({ file });
    expect(err.code).toBe('RULEBOOK_INVALID');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(message);
  });

  it('reports a missing file as unreadable', () => {
    const file = path.join(tempDir(), 'missing.json');
    const err = loadError({ file });
    expect(err.code).toBe('RULEBOOK_UNREADABLE');
    expect(err.message).toContain(file);
  });
});

describe('large rulebook', () => {
  it('still ranks the right entry among 5,000 generated rules', () => {
    const words = ['干部', '材料', '会议', '管理', '工作', '制度', '检查', '报告', '单位', '问题', '谈话', '整改', '监督', '责任', '落实', '考核', '审批', '经费', '项目', '程序'];
    const pick = (n: number) => words[n % words.length] ?? '';
    const generated = Array.from({ length: 5000 }, (_, i) =>
      rule(`T-${i + 1}`, {
        title: `${pick(i)}${pick(Math.floor(i / 20))}${pick(Math.floor(i / 400))}`,
        category: RULE_CATEGORIES[i % RULE_CATEGORIES.length],
        summary: `${pick(i * 7)}${pick(i * 3)}方面的第${i + 1}条本地规定。`,
        keywords: [pick(i * 11), pick(i * 13)],
      }),
    );
    const big = createRuleIndex([...builtIn, ...generated]);
    expect(big.size).toBe(builtIn.length + 5000);
    expect(big.search('宴请')[0]?.rule.id).toBe('LJ-01');
    expect(big.search('守口如瓶')[0]?.rule.id).toBe('BM-01');
    expect(big.search('T-1234')[0]?.rule.id).toBe('T-1234');
    const target = generated[1234];
    expect(big.search(target?.title ?? '')[0]?.rule.id).toBe(target?.id);
    expect(big.byId('t-4321')?.id).toBe('T-4321');
  });
});

describe('textTokens', () => {
  /** The tokens as defined: Han bigrams, then every word the segmenter finds, with no shortcut. */
  function reference(input: string): string[] {
    const text = input.normalize('NFKC');
    const tokens = new Set<string>();
    for (const [run] of text.matchAll(/\p{Script=Han}+/gu)) {
      if (run.length === 1) tokens.add(run);
      for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
    }
    for (const { segment, isWordLike } of new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)) {
      if (!isWordLike) continue;
      if (!/\p{Script=Han}/u.test(segment)) tokens.add(segment.toLowerCase());
      else if (segment.length > 2) tokens.add(segment);
    }
    return [...tokens].sort();
  }
  const sorted = (s: string) => [...textTokens(s)].sort();

  it('skips the segmenter only where it would add nothing: Han, spaces and punctuation, including the marks ICU joins to words', () => {
    // Every BMP punctuation mark and space, beside and between Han characters.
    const marks = Array.from({ length: 0xffff }, (_, c) => String.fromCharCode(c)).filter((ch) => /[\p{P}\s]/u.test(ch) && !/[\ud800-\udfff]/.test(ch));
    for (const mark of marks) for (const text of [mark, `宴${mark}`, `${mark}请`, `宴${mark}请`, `${mark}${mark}收礼`]) expect(sorted(text), JSON.stringify(text)).toEqual(reference(text));
    const pieces = ['宴', '请', '收', '礼', '整改', '保密纪律', '々', '〇', '，', '。', ' ', '　', '_', '＿', '゠', '՚', '\ufeff', 'a', 'Ｆ', '1', '-', '·', 'ー', '“', '》'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
      expect(sorted(parts.join(''))).toEqual(reference(parts.join('')));
    }), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 6 }), (text) => {
      expect(sorted(text)).toEqual(reference(text));
    }), { numRuns: 3000 });
  });
});
