/**
 * The office's taxonomy: the categories a finding is filed under, the tags added to it and the sources
 * it came from. Built in from the glossary; an office's file (XC_TAXONOMY) extends the built-in lists
 * or replaces them, per list or all at once:
 *
 *   {"mode": {"tags": "extend", "categories": "replace"}, "categories": ["违反政治纪律", …], "tags": ["领导干部腐败"]}
 *
 * Read once at start-up, like the rulebook; a mistake stops the start with one sentence naming the
 * file, its line and what is wrong, since a wrong list would be typed against by every team. Findings
 * keep what they were filed under: a category a later file drops still loads, lists and exports.
 */
import { readFileSync } from 'node:fs';
import { CATEGORIES, SELECTION_TAG, SOURCES, TAGS } from './finding.ts';
import { startupEn, type StartupTexts, type Words } from './i18n/startup.ts';
import { lineAt, syntaxErrorAt } from './json-text.ts';

/** The taxonomy's lists, as its file names them. */
export const TAXONOMY_LISTS = ['categories', 'tags', 'sources'] as const;
export type TaxonomyList = (typeof TAXONOMY_LISTS)[number];

/** The names a finding may be filed under now, each list in display order. */
export type Taxonomy = Readonly<Record<TaxonomyList, readonly string[]>>;

/** The glossary's lists: what an office without a file, or a file that extends them, starts from. */
export const BUILT_IN_TAXONOMY: Taxonomy = Object.freeze({ categories: CATEGORIES, tags: TAGS, sources: SOURCES });

const MODES = ['extend', 'replace'] as const;
type Mode = (typeof MODES)[number];

/** Long enough for 违反中央八项规定精神 twice over; a whole sentence is a mistake, not a name. */
const NAME_MAX = 30;
/** The option each list is typed after. */
const OPTIONS: Record<TaxonomyList, string> = { categories: '--cat', tags: '--tag', sources: '--source' };
/** What splits `--tag 四风、形式主义` into tags: a tag holding one could never be typed. */
const TAG_SEPARATORS = /[,，、;；]/;

/** `s` matched as it is in a RegExp: a misspelt field may hold any character. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Thrown by loadTaxonomy; its words name the file, the line where there is one, and what is wrong, in
 * either language; the message is the English words.
 */
export class TaxonomyError extends Error {
  override readonly name = 'TaxonomyError';
  readonly code: 'TAXONOMY_INVALID' | 'TAXONOMY_UNREADABLE';

  constructor(code: TaxonomyError['code'], readonly words: Words, options?: ErrorOptions) {
    super(words(startupEn), options);
    this.code = code;
  }
}

/** What is wrong in the file, in the texts of either language. */
type Problem = (texts: StartupTexts['taxonomy']) => string;

/** The built-in taxonomy, or the office's file applied to it. */
export function loadTaxonomy(file?: string): Taxonomy {
  if (file === undefined) return BUILT_IN_TAXONOMY;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, ''); // Windows editors add a BOM
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new TaxonomyError('TAXONOMY_UNREADABLE', (t) => t.taxonomy.at(file, undefined, t.taxonomy.unreadable(code)), { cause: err });
  }
  return parseTaxonomy(text, file);
}

/** Check the text of a taxonomy file and apply it to the built-in lists; errors name `file` and the line. */
export function parseTaxonomy(text: string, file: string): Taxonomy {
  const fail = (problem: Problem, at?: number): never => {
    const line = at === undefined || at < 0 ? undefined : lineAt(text, at);
    throw new TaxonomyError('TAXONOMY_INVALID', (t) => t.taxonomy.at(file, line, problem(t.taxonomy)));
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // Node's message quotes the text around the mistake, line breaks and all: the line says it in one sentence.
    const at = syntaxErrorAt(text, (err as Error).message);
    const detail = at === undefined ? (err as Error).message.replace(/\s+/g, ' ') : undefined;
    fail((x) => x.notJson(detail), at);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail((x) => x.notObject);
  }
  const fields = data as Record<string, unknown>;
  // Where a field's key stands: the line a mistake in its value is reported on.
  const keyAt = (key: string, opening = '') => new RegExp(`${literal(JSON.stringify(key))}\\s*:\\s*${opening}`).exec(text)?.index;
  const unknown = Object.keys(fields).find((key) => key !== 'mode' && !(TAXONOMY_LISTS as readonly string[]).includes(key));
  if (unknown !== undefined) fail((x) => x.unknownField(unknown, TAXONOMY_LISTS), keyAt(unknown));
  if (!TAXONOMY_LISTS.some((list) => Object.hasOwn(fields, list))) fail((x) => x.namesNone(TAXONOMY_LISTS));

  const modes = readModes(fields.mode, fail, keyAt('mode'));
  const taxonomy = { ...BUILT_IN_TAXONOMY };
  for (const list of TAXONOMY_LISTS) {
    if (!Object.hasOwn(fields, list)) continue;
    const values = fields[list];
    const listAt = keyAt(list, '\\[') ?? keyAt(list);
    if (!Array.isArray(values)) fail((x) => x.notList(list), listAt);
    // Each value's place in the text, found in order after the list's key: a name twice is reported where it is repeated.
    let cursor = listAt ?? 0;
    const seen = new Set<string>();
    const names: string[] = [];
    for (const [i, value] of (values as unknown[]).entries()) {
      const found = text.indexOf(JSON.stringify(value), cursor);
      const at = found < 0 ? listAt : found;
      if (found >= 0) cursor = found + 1;
      const where = `${list}[${i + 1}]`;
      if (typeof value !== 'string') fail((x) => x.notName(where, JSON.stringify(value)), at);
      const name = (value as string).trim();
      if (name === '') fail((x) => x.blank(where), at);
      if (/\s/.test(name)) fail((x) => x.space(where, name, OPTIONS[list]), at);
      if ([...name].length > NAME_MAX) fail((x) => x.tooLong(where, name, NAME_MAX), at);
      if (list === 'tags' && TAG_SEPARATORS.test(name)) fail((x) => x.separator(where, name), at);
      if (seen.has(name)) fail((x) => x.twice(list, name), at);
      if (modes[list] === 'extend' && BUILT_IN_TAXONOMY[list].includes(name)) fail((x) => x.builtIn(list, name), at);
      seen.add(name);
      names.push(name);
    }
    if (modes[list] === 'replace' && names.length === 0) fail((x) => x.emptyReplace(list), listAt);
    taxonomy[list] = Object.freeze(modes[list] === 'replace' ? names : [...BUILT_IN_TAXONOMY[list], ...names]);
  }
  // The clue channel sends 选人用人 matters to 组织部 by this tag: without it no clue could go there.
  if (!taxonomy.tags.includes(SELECTION_TAG)) fail((x) => x.keepTag(SELECTION_TAG), keyAt('tags', '\\['));
  return Object.freeze(taxonomy);
}

/** The mode of each list: one for all ("replace"), or one per list ({"tags": "replace"}), extend where unsaid. */
function readModes(mode: unknown, fail: (problem: Problem, at?: number) => never, at: number | undefined): Record<TaxonomyList, Mode> {
  const isMode = (value: unknown): value is Mode => (MODES as readonly unknown[]).includes(value);
  const all = (m: Mode) => Object.fromEntries(TAXONOMY_LISTS.map((list) => [list, m])) as Record<TaxonomyList, Mode>;
  if (mode === undefined) return all('extend');
  if (isMode(mode)) return all(mode);
  if (typeof mode !== 'object' || mode === null || Array.isArray(mode)) {
    return fail((x) => x.badMode(JSON.stringify(mode)), at);
  }
  const modes = all('extend');
  for (const [list, value] of Object.entries(mode)) {
    if (!(TAXONOMY_LISTS as readonly string[]).includes(list)) fail((x) => x.modeList(list, TAXONOMY_LISTS), at);
    if (!isMode(value)) fail((x) => x.modeValue(list, JSON.stringify(value)), at);
    modes[list as TaxonomyList] = value as Mode;
  }
  return modes;
}
