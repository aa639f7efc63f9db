import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES, SOURCES, TAGS } from '../src/finding.ts';
import { BUILT_IN_TAXONOMY, loadTaxonomy, TaxonomyError } from '../src/taxonomy.ts';
import { createHarness, createTeamHarness, dm, incoming, tempDir, type Harness } from './helpers/harness.ts';
import { figures, ok, refused } from './helpers/replies.ts';
import { START } from './helpers/start.ts';

/**
 * The four areas political inspection has reported by since the 2024 条例 (四个落实), as an office's file
 * that replaces the six built-in categories would give them.
 */
const FOUR = ['落实党的路线方针政策和党中央重大决策部署', '落实全面从严治党战略部署', '落实新时代党的组织路线', '落实巡视巡察整改'];

const dirs: Array<ReturnType<typeof tempDir>> = [];
const opened: Harness[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.dispose();
  dirs.splice(0).forEach((d) => d.cleanup());
});

/** `text` written as a taxonomy file in a fresh folder; its path. */
function taxonomyFile(text: string): string {
  const d = tempDir();
  dirs.push(d);
  const file = join(d.dir, 'taxonomy.json');
  writeFileSync(file, text);
  return file;
}

/** The standard team (harness.ts withTeam) on a bot that reads `file` as XC_TAXONOMY. */
async function teamWith(file: string) {
  const t = await createTeamHarness({ XC_TAXONOMY: file });
  opened.push(t.h);
  return t;
}

describe('loadTaxonomy', () => {
  it('without a file is the glossary\'s lists, 四个落实 among the tags', () => {
    expect(loadTaxonomy()).toBe(BUILT_IN_TAXONOMY);
    expect(BUILT_IN_TAXONOMY).toEqual({ categories: CATEGORIES, tags: TAGS, sources: SOURCES });
    expect(TAGS).toContain('四个落实');
    expect(TAGS).toContain('选人用人');
  });

  it('extends the built-in lists with the office\'s names, after them; lists the file leaves out stay built in', () => {
    const file = taxonomyFile(JSON.stringify({ mode: 'extend', tags: ['违反政治纪律', '领导干部腐败'], sources: [' 专项检查 '] }));
    const taxonomy = loadTaxonomy(file);
    expect(taxonomy.categories).toEqual(CATEGORIES);
    expect(taxonomy.tags).toEqual([...TAGS, '违反政治纪律', '领导干部腐败']);
    // Spaces around a name are the file's typing, not the name.
    expect(taxonomy.sources).toEqual([...SOURCES, '专项检查']);
    expect(Object.isFrozen(taxonomy) && Object.isFrozen(taxonomy.tags)).toBe(true);
    // Extend is the default.
    expect(loadTaxonomy(taxonomyFile('{"tags": ["违反政治纪律"]}')).tags).toEqual([...TAGS, '违反政治纪律']);
  });

  it('replaces a list, all at once or one by one', () => {
    const all = loadTaxonomy(taxonomyFile(JSON.stringify({ mode: 'replace', categories: FOUR, tags: ['选人用人', '违反政治纪律'] })));
    expect(all).toEqual({ categories: FOUR, tags: ['选人用人', '违反政治纪律'], sources: SOURCES });
    const one = loadTaxonomy(taxonomyFile(JSON.stringify({ mode: { categories: 'replace' }, categories: FOUR, tags: ['领导干部腐败'] })));
    expect(one).toEqual({ categories: FOUR, tags: [...TAGS, '领导干部腐败'], sources: SOURCES });
  });

  // Each mistake: the file's text, and the sentence after "Taxonomy <file>".
  it.each([
    ['not JSON', '{\n  "tags": ["违反政治纪律",]\n}', /^ line 2: is not valid JSON$/],
    ['a list at the top', '["违反政治纪律"]', /^: the top level must be an object such as \{"mode": "extend", "tags": \["违反政治纪律"\]\}$/],
    ['a misspelt field', '{\n  "catgories": ["巡察整改"]\n}', /^ line 2: unknown field "catgories" \(the fields are mode, categories, tags, sources\)$/],
    ['a misspelt field of any characters', '{\n  "tags": ["违反政治纪律"],\n  "tags(": []\n}', /^ line 3: unknown field "tags\(" /],
    ['no list at all', '{"mode": "replace"}', /^: names none of categories, tags, sources$/],
    ['a wrong mode', '{\n  "mode": "append",\n  "tags": ["违反政治纪律"]\n}', /^ line 2: mode must be "extend" or "replace", or one per list such as \{"tags": "replace"\}, not "append"$/],
    ['a mode for no list', '{\n  "mode": {"tag": "replace"},\n  "tags": ["违反政治纪律"]\n}', /^ line 2: mode names "tag", which is not one of categories, tags, sources$/],
    ['a list that is not a list', '{\n  "tags": "违反政治纪律"\n}', /^ line 2: tags must be a list of names such as \["违反政治纪律"\]$/],
    ['a number for a name', '{\n  "tags": [\n    "违反政治纪律",\n    7\n  ]\n}', /^ line 4: tags\[2\] must be a name in quotes, not 7$/],
    ['a blank name', '{\n  "sources": [\n    "专项检查",\n    "  "\n  ]\n}', /^ line 4: sources\[2\] is blank$/],
    ['a name with a space', '{\n  "categories": ["巡察 整改"]\n}', /^ line 2: categories\[1\] "巡察 整改" has a space in it: a name is typed after --cat as one word$/],
    ['a tag holding a separator', '{\n  "tags": ["违反政治纪律、组织纪律"]\n}', /^ line 2: tags\[1\] "违反政治纪律、组织纪律" holds a separator .+, which splits the tags typed after --tag$/],
    ['a name too long', `{"tags": ["${'违'.repeat(31)}"]}`, /^ line 1: tags\[1\] "违+" is longer than 30 characters$/],
    ['a name twice', '{\n  "tags": [\n    "违反政治纪律",\n    "领导干部腐败",\n    "违反政治纪律"\n  ]\n}', /^ line 5: tags has "违反政治纪律" twice$/],
    ['a built-in name under extend', '{\n  "mode": "extend",\n  "tags": [\n    "四风"\n  ]\n}', /^ line 4: tags has "四风", which is built in already: leave it out, or set "mode" to "replace" to give the whole list$/],
    ['an empty list under replace', '{\n  "mode": "replace",\n  "categories": []\n}', /^ line 3: categories would replace the built-in list with an empty one: give its names, or leave categories out$/],
    ['tags without 选人用人', '{\n  "mode": {"tags": "replace"},\n  "tags": ["违反政治纪律"]\n}', /^ line 3: tags must keep "选人用人": the clue channel hands findings with it to 组织部$/],
  ])('refuses %s with one sentence naming the file, the line and what is wrong', (_, text, problem) => {
    const file = taxonomyFile(text);
    let thrown: unknown;
    try {
      loadTaxonomy(file);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TaxonomyError);
    const { message, code } = thrown as TaxonomyError;
    expect(code).toBe('TAXONOMY_INVALID');
    expect(message.startsWith(`Taxonomy ${file}`)).toBe(true);
    expect(message.slice(`Taxonomy ${file}`.length)).toMatch(problem);
    expect(message).not.toContain('\n');
  });

  it('refuses a file that cannot be read, naming it', () => {
    const d = tempDir();
    dirs.push(d);
    const file = join(d.dir, 'missing.json');
    expect(() => loadTaxonomy(file)).toThrow(new TaxonomyError('TAXONOMY_UNREADABLE', `Taxonomy ${file}: cannot be read (ENOENT)`));
  });
});

describe('findings under the office\'s taxonomy', () => {
  it('files a finding under an office category and office tags, matched by a unique beginning; refuses names outside the lists, saving nothing', async () => {
    const file = taxonomyFile(JSON.stringify({ mode: { categories: 'replace' }, categories: FOUR, tags: ['违反政治纪律', '领导干部腐败'] }));
    const { h, teamId } = await teamWith(file);
    const saved = await ok(h, '组员', '/finding add 贯彻上级决策部署打折扣 --unit 城关镇 --cat 落实党的路线 --tag 违反政治纪律、四个落实 --source 个别谈话');
    expect(saved.text).toBe('已保存 F-1（草稿）：城关镇 · 落实党的路线方针政策和党中央重大决策部署 · 一般');
    expect(await h.bot.services.findings.get(teamId, 1)).toMatchObject({ category: FOUR[0], tags: ['违反政治纪律', '四个落实'], source: '个别谈话' });
    const card = (await ok(h, '组员', '/finding show F-1')).text;
    expect(card).toContain('标签：违反政治纪律、四个落实');

    // A built-in category the office's file replaced is refused, with the office's list to choose from.
    const wrongCat = await refused(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
    expect(wrongCat.text).toBe(`--cat 不能是「作风建设」。可选：${FOUR.join('、')}`);
    const wrongTag = await refused(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 落实全面 --tag 腐败');
    expect(wrongTag.text).toMatch(/^--tag 不能是「腐败」。可选：党的领导弱化、.*、四个落实、违反政治纪律、领导干部腐败$/);
    await refused(h, '组员', '/finding edit F-1 --cat 政治建设');
    expect((await h.bot.services.findings.list(teamId)).map((f) => [f.n, f.category])).toEqual([[1, FOUR[0]]]);
    await ok(h, '组员', '/finding edit F-1 --cat 落实全面 --tag 领导干部腐败');
    expect(await h.bot.services.findings.get(teamId, 1)).toMatchObject({ category: FOUR[1], tags: ['领导干部腐败'] });
  });

  it('asks for --source when the office\'s sources have no 其他, and takes theirs', async () => {
    const file = taxonomyFile(JSON.stringify({ mode: 'replace', sources: ['听取汇报', '个别谈话', '专项检查'] }));
    const { h, teamId } = await teamWith(file);
    const asked = await refused(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风');
    expect(asked.text).toBe('缺少来源：本办的来源中没有「其他」，请用 --source 注明，可选：听取汇报、个别谈话、专项检查');
    await refused(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风 --source 其他');
    expect(await h.bot.services.findings.list(teamId)).toEqual([]);
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风 --source 专项');
    expect((await h.bot.services.findings.get(teamId, 1))?.source).toBe('专项检查');
  });

  it('offers the office\'s lists in the form; the usage line keeps its placeholders', async () => {
    const file = taxonomyFile(JSON.stringify({ mode: { categories: 'replace' }, categories: FOUR, sources: ['专项检查'] }));
    const { h } = await teamWith(file);
    const done = await h.bot.handle(incoming('组员', '/finding add'));
    expect('form' in done).toBe(true);
    const { form } = done as Extract<typeof done, { form: unknown }>;
    const options = (name: string) => form.fields.find((f) => f.name === name)?.options?.map((o) => o.value);
    expect(options('cat')).toEqual(FOUR);
    expect(options('source')).toEqual([...SOURCES, '专项检查']);
    expect(options('severity')).toEqual(['一般', '较重', '严重']);
    expect(form.usage).toContain('--cat <类别> [--source <来源>]');

    // Without a file: the built-in lists.
    const plain = await createTeamHarness();
    opened.push(plain.h);
    const builtIn = (await plain.h.bot.handle(incoming('组员', '/finding add'))) as typeof done & { form: typeof form };
    expect(builtIn.form.fields.find((f) => f.name === 'cat')?.options?.map((o) => o.value)).toEqual(CATEGORIES);
  });

  it('still loads, lists, counts and exports a finding whose category a replacing file has dropped', async () => {
    // Filed under the built-in taxonomy: 作风建设, a clue under 反腐败.
    const before = await createTeamHarness();
    await ok(before.h, '组员', '/finding add 公车私用 --unit 城关镇 --cat 作风建设 --source 个别谈话 --tag 四风');
    await ok(before.h, '组员', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
    await ok(before.h, '组长', '/finding clue F-2 --importance 重要', dm('组长'));
    await before.h.close();
    // The office replaces the categories with the four areas; the store is the same.
    const file = taxonomyFile(JSON.stringify({ mode: 'replace', categories: FOUR }));
    const h = await createHarness({ file: before.h.file, env: { XC_TAXONOMY: file } });
    opened.push(h, before.h);
    const { teamId } = before;
    await ok(h, '组员', `/finding add 巡视整改未到位 --unit 城关镇 --cat 落实巡视`);

    const stored = await h.bot.services.findings.list(teamId);
    expect(stored.map((f) => [f.n, f.category]).sort()).toEqual([[1, '作风建设'], [2, '反腐败'], [3, '落实巡视巡察整改']]);
    expect((await ok(h, '组员', '/finding show F-1')).text).toContain('类别：作风建设');
    const list = (await ok(h, '组员', '/finding list')).text;
    expect(list).toContain('F-1［草稿］城关镇·作风建设·一般：公车私用');
    expect(list).toContain('F-3［草稿］城关镇·落实巡视巡察整改·一般');
    // Filtered by the dropped category, typed in full: it is no longer offered, but its findings are still there.
    const byOld = (await ok(h, '组员', '/finding list --cat 作风建设')).text;
    expect(byOld).toContain('问题清单：共 1 条');
    expect(byOld).toContain('F-1');
    expect((await refused(h, '组员', '/finding list --cat 作风')).text).toBe(`--cat 不能是「作风」。可选：${FOUR.join('、')}`);
    // Editing another field leaves the category as filed.
    await ok(h, '组员', '/finding edit F-1 --severity 较重');
    expect((await h.bot.services.findings.get(teamId, 1))?.category).toBe('作风建设');

    // /stats: the office's categories, then the dropped one; the clue is not broken down.
    const stats = (await figures(h, '组长', '/stats')).text;
    expect(stats).toContain(`　按类别：${FOUR.map((c) => `${c} ${c === '落实巡视巡察整改' ? 1 : 0}`).join('、')}、作风建设 1\n`);
    expect(stats).not.toContain('反腐败');

    // /export: grouped by the office's categories, then the dropped ones in the order first filed.
    const exported = await ok(h, '组长', '/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(exported.file!.data) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('问题清单')!;
    expect([2, 3, 4].map((row) => [sheet.getCell(`A${row}`).value, sheet.getCell(`C${row}`).value])).toEqual([
      ['F-3', '落实巡视巡察整改'], ['F-1', '作风建设'], ['F-2', '反腐败'],
    ]);
  });
});

describe('npm start with XC_TAXONOMY', () => {
  it('stops with one sentence naming the file, the line and what is wrong, before anything runs', () => {
    const d = tempDir();
    dirs.push(d);
    const file = taxonomyFile('{\n  "mode": "extend",\n  "tags": [\n    "违反政治纪律",\n    ""\n  ]\n}');
    const { PATH, HOME } = process.env;
    const run = spawnSync(START.command, START.args, {
      input: '/help\n',
      env: { PATH, HOME, XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`, LOG_FILE: join(d.dir, 'x.log'), XC_TAXONOMY: file },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`xuncha: Taxonomy ${file} line 5: tags[2] is blank\n`);
    expect(run.stdout).toBe('');
  });
});
