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

/** Thrown by loadTaxonomy; the message names the file, the line where there is one, and what is wrong. */
export class TaxonomyError extends Error {
  override readonly name = 'TaxonomyError';
  readonly code: 'TAXONOMY_INVALID' | 'TAXONOMY_UNREADABLE';

  constructor(code: TaxonomyError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** The built-in taxonomy, or the office's file applied to it. */
export function loadTaxonomy(file?: string): Taxonomy {
  if (file === undefined) return BUILT_IN_TAXONOMY;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, ''); // Windows editors add a BOM
  } catch (err) {
    throw new TaxonomyError('TAXONOMY_UNREADABLE', `Taxonomy ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  return parseTaxonomy(text, file);
}

/** Check the text of a taxonomy file and apply it to the built-in lists; errors name `file` and the line. */
export function parseTaxonomy(text: string, file: string): Taxonomy {
  const fail = (problem: string, at?: number): never => {
    throw new TaxonomyError('TAXONOMY_INVALID', `Taxonomy ${file}${at === undefined || at < 0 ? '' : ` line ${lineAt(text, at)}`}: ${problem}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // Node's message quotes the text around the mistake, line breaks and all: the line says it in one sentence.
    const at = syntaxErrorAt(text, (err as Error).message);
    fail(at === undefined ? `is not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')})` : 'is not valid JSON', at);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail('the top level must be an object such as {"mode": "extend", "tags": ["违反政治纪律"]}');
  }
  const fields = data as Record<string, unknown>;
  // Where a field's key stands: the line a mistake in its value is reported on.
  const keyAt = (key: string, opening = '') => new RegExp(`${literal(JSON.stringify(key))}\\s*:\\s*${opening}`).exec(text)?.index;
  const unknown = Object.keys(fields).find((key) => key !== 'mode' && !(TAXONOMY_LISTS as readonly string[]).includes(key));
  if (unknown !== undefined) fail(`unknown field "${unknown}" (the fields are mode, ${TAXONOMY_LISTS.join(', ')})`, keyAt(unknown));
  if (!TAXONOMY_LISTS.some((list) => Object.hasOwn(fields, list))) fail(`names none of ${TAXONOMY_LISTS.join(', ')}`);

  const modes = readModes(fields.mode, fail, keyAt('mode'));
  const taxonomy = { ...BUILT_IN_TAXONOMY };
  for (const list of TAXONOMY_LISTS) {
    if (!Object.hasOwn(fields, list)) continue;
    const values = fields[list];
    const listAt = keyAt(list, '\\[') ?? keyAt(list);
    if (!Array.isArray(values)) fail(`${list} must be a list of names such as ["违反政治纪律"]`, listAt);
    // Each value's place in the text, found in order after the list's key: a name twice is reported where it is repeated.
    let cursor = listAt ?? 0;
    const seen = new Set<string>();
    const names: string[] = [];
    for (const [i, value] of (values as unknown[]).entries()) {
      const found = text.indexOf(JSON.stringify(value), cursor);
      const at = found < 0 ? listAt : found;
      if (found >= 0) cursor = found + 1;
      const where = `${list}[${i + 1}]`;
      if (typeof value !== 'string') fail(`${where} must be a name in quotes, not ${JSON.stringify(value)}`, at);
      const name = (value as string).trim();
      if (name === '') fail(`${where} is blank`, at);
      if (/\s/.test(name)) fail(`${where} "${name}" has a space in it: a name is typed after ${OPTIONS[list]} as one word`, at);
      if ([...name].length > NAME_MAX) fail(`${where} "${name}" is longer than ${NAME_MAX} characters`, at);
      if (list === 'tags' && TAG_SEPARATORS.test(name)) fail(`${where} "${name}" holds a separator (, ， 、 ; ；), which splits the tags typed after --tag`, at);
      if (seen.has(name)) fail(`${list} has "${name}" twice`, at);
      if (modes[list] === 'extend' && BUILT_IN_TAXONOMY[list].includes(name)) {
        fail(`${list} has "${name}", which is built in already: leave it out, or set "mode" to "replace" to give the whole list`, at);
      }
      seen.add(name);
      names.push(name);
    }
    if (modes[list] === 'replace' && names.length === 0) fail(`${list} would replace the built-in list with an empty one: give its names, or leave ${list} out`, listAt);
    taxonomy[list] = Object.freeze(modes[list] === 'replace' ? names : [...BUILT_IN_TAXONOMY[list], ...names]);
  }
  // The clue channel sends 选人用人 matters to 组织部 by this tag: without it no clue could go there.
  if (!taxonomy.tags.includes(SELECTION_TAG)) fail(`tags must keep "${SELECTION_TAG}": the clue channel hands findings with it to 组织部`, keyAt('tags', '\\['));
  return Object.freeze(taxonomy);
}

/** The mode of each list: one for all ("replace"), or one per list ({"tags": "replace"}), extend where unsaid. */
function readModes(mode: unknown, fail: (problem: string, at?: number) => never, at: number | undefined): Record<TaxonomyList, Mode> {
  const isMode = (value: unknown): value is Mode => (MODES as readonly unknown[]).includes(value);
  const all = (m: Mode) => Object.fromEntries(TAXONOMY_LISTS.map((list) => [list, m])) as Record<TaxonomyList, Mode>;
  if (mode === undefined) return all('extend');
  if (isMode(mode)) return all(mode);
  if (typeof mode !== 'object' || mode === null || Array.isArray(mode)) {
    return fail(`mode must be "extend" or "replace", or one per list such as {"tags": "replace"}, not ${JSON.stringify(mode)}`, at);
  }
  const modes = all('extend');
  for (const [list, value] of Object.entries(mode)) {
    if (!(TAXONOMY_LISTS as readonly string[]).includes(list)) fail(`mode names "${list}", which is not one of ${TAXONOMY_LISTS.join(', ')}`, at);
    if (!isMode(value)) fail(`mode of ${list} must be "extend" or "replace", not ${JSON.stringify(value)}`, at);
    modes[list as TaxonomyList] = value as Mode;
  }
  return modes;
}
