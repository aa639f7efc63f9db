import fs from 'node:fs';
import { z } from 'zod';
import { startupEn, type StartupTexts, type Words } from '../i18n/startup.ts';
import builtInRules from './rules.json' with { type: 'json' };

/** Rule categories (domain.md §3.1), in display order. */
export const RULE_CATEGORIES = ['保密', '工作', '廉洁', '配合', '线索', '整改', '处分'] as const;

/** One of RULE_CATEGORIES. */
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

const text = z.string().trim().min(1);

/**
 * One rulebook entry; unknown fields are rejected so that typos in an office file surface.
 *
 * `document`, `year` and `article` cite the text an entry rests on (《中国共产党纪律处分条例》, 2023,
 * 第一百四十四条); `source` says where else it comes from (a speech, a county's practice, a press
 * answer). An office file in the older shape, `source` alone, still loads; an entry needs one of the two.
 * `verified` means someone checked the summary against the current text of the document and article
 * named: the built-in rulebook's tests hold it to that, an office file answers for its own entries.
 */
export const RuleSchema = z
  .strictObject({
    id: z.string().regex(/^[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*$/u),
    title: text,
    category: z.enum(RULE_CATEGORIES),
    summary: text,
    document: text.optional(),
    // The version cited: the year the text was adopted or last revised (2024 for the 巡视工作条例).
    year: z.number().int().min(1921).max(2100).optional(),
    article: text.optional(),
    source: text.optional(),
    verified: z.boolean(),
    keywords: z.array(text),
  })
  .refine((rule) => rule.source !== undefined || rule.document !== undefined, { path: ['source'], message: 'source is missing' });

/** A validated rulebook entry. */
export type Rule = z.infer<typeof RuleSchema>;

/** Thrown by loadRulebook; its words name the file, the entry and the field, in either language; the message is the English words. */
export class RulebookError extends Error {
  override readonly name = 'RulebookError';
  readonly code: 'RULEBOOK_INVALID' | 'RULEBOOK_UNREADABLE';

  constructor(code: RulebookError['code'], readonly words: Words, options?: ErrorOptions) {
    super(words(startupEn), options);
    this.code = code;
  }
}

/** What is wrong in the file, in the texts of either language. */
type Problem = (texts: StartupTexts['rulebook']) => string;

/** A rulebook file's mistake, named with the file. */
const wrong = (code: RulebookError['code'], file: string, problem: Problem, options?: ErrorOptions) =>
  new RulebookError(code, (t) => t.rulebook.at(file, problem(t.rulebook)), options);

/** The built-in entries, part of the module (and of the bundle `npm start` runs), checked like an office's file. */
const builtIn = () => parseRules(builtInRules, 'src/rulebook/rules.json');

/** Built-in rules, plus the office's file if given ('extend': same id replaces, new ids append; 'replace': the file only). */
export function loadRulebook(options: { file?: string; mode?: 'extend' | 'replace' } = {}): Rule[] {
  const { file, mode = 'extend' } = options;
  if (file === undefined) return builtIn();
  const office = readRuleFile(file);
  if (mode === 'replace') return office;
  const merged = new Map(builtIn().map((rule) => [idKey(rule.id), rule]));
  for (const rule of office) merged.set(idKey(rule.id), rule);
  return [...merged.values()];
}

function readRuleFile(file: string): Rule[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw wrong('RULEBOOK_UNREADABLE', file, (r) => r.unreadable((err as Error).message), { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw.replace(/^\uFEFF/, '')); // Windows editors add a BOM
  } catch (err) {
    throw wrong('RULEBOOK_INVALID', file, (r) => r.notJson((err as Error).message), { cause: err });
  }
  return parseRules(data, file);
}

/** Validate a rulebook's entries; errors name `file`, the entry and the field. */
function parseRules(data: unknown, file: string): Rule[] {
  if (!Array.isArray(data)) throw wrong('RULEBOOK_INVALID', file, (r) => r.notArray);

  const firstIndexByKey = new Map<string, number>();
  return data.map((entry: unknown, i) => {
    const rawId = (entry as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId : undefined;
    const inEntry = (problem: Problem) => wrong('RULEBOOK_INVALID', file, (r) => r.entry(i + 1, id, problem(r)));
    const parsed = RuleSchema.safeParse(entry, { reportInput: true });
    if (!parsed.success) throw inEntry(describeIssue(parsed.error.issues[0]));
    const key = idKey(parsed.data.id);
    const first = firstIndexByKey.get(key);
    if (first !== undefined) throw inEntry((r) => r.duplicate(first + 1));
    firstIndexByKey.set(key, i);
    return parsed.data;
  });
}

/** What is wrong with an entry, from zod's first issue, in the rulebook's words. */
function describeIssue(issue: z.core.$ZodIssue | undefined): Problem {
  if (!issue) return (r) => r.invalid('entry', 'invalid');
  if (issue.code === 'unrecognized_keys') return (r) => r.unknownField(issue.keys.join(', '));
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'entry';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? (r) => r.missing(field) : (r) => r.notType(field, issue.expected);
    case 'invalid_value':
      return (r) => r.notOneOf(field, issue.values.join(', '));
    case 'too_small':
      return issue.origin === 'number' ? (r) => r.atLeast(field, String(issue.minimum)) : (r) => r.empty(field);
    case 'invalid_format':
      return (r) => r.badId(field);
    case 'too_big':
      return (r) => r.atMost(field, String(issue.maximum));
    case 'custom':
      // The one refinement: an entry needs its source or the document it cites.
      return (r) => r.missing(field);
    default:
      return (r) => r.invalid(field, issue.message);
  }
}

/** Canonical id for lookups: "BM-01", "bm01" and "bm-1" all become "bm1". */
function idKey(id: string): string {
  return id
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[-_\s]/g, '')
    .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, ''));
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN_RUN = /\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;
/**
 * Text in which the segmenter may find a word the bigrams miss: a letter or digit outside Han script, a
 * Han run longer than a bigram, or one of the punctuation marks ICU counts as part of a word (connector
 * punctuation such as _, ゠, punctuation of another script such as Armenian ՚, U+FEFF).
 */
const NEEDS_SEGMENTER = /[^\p{Script=Han}\s\p{P}]|[\p{Pc}\u30a0\ufeff]|(?=\p{P})\P{Script=Common}|\p{Script=Han}{3}/u;
const ID_LIKE = /[a-z]+[-_]?\d+/g;
// Removed from queries only; replaced by a space so no bigram spans the gap.
// 怎么处理 and 怎么定性 ask how a case is judged, which every rule with a sanction answers: 处理 and 定性
// alone would only match rules that happen to use the words (组织处理, 定性依据).
const QUESTION_WORDS =
  /能不能|可不可以|可以|是不是|是否|有没有|要不要|应不应该|应该|(?:怎么|如何|怎样)(?:处理|定性)|怎么办|怎么样|怎么|如何|什么|多久|多长时间|哪些|请问|[吗呢吧啊呀]/g;

/**
 * Han bigrams (the segmenter splits domain words such as 整改 into 整|改), segmenter words longer
 * than a bigram as a whole-phrase bonus, and other words lowercased. A Set keeps term frequency at 1
 * so a rule cannot win by repeating a keyword.
 */
export function textTokens(input: string): Set<string> {
  const text = input.normalize('NFKC'); // full-width letters, digits and spaces
  const tokens = new Set<string>();
  for (const [run] of text.matchAll(HAN_RUN)) {
    if (run.length === 1) tokens.add(run);
    for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
  }
  // The segmenter (ICU, about 5 µs a call) adds only words outside Han script and Han words longer
  // than a bigram: a query such as 宴请 or 收礼 has neither, and its tokens are complete already.
  if (!NEEDS_SEGMENTER.test(text)) return tokens;
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike) continue;
    if (!HAN.test(segment)) tokens.add(segment.toLowerCase());
    else if (segment.length > 2) tokens.add(segment);
  }
  return tokens;
}

/**
 * Removed from queries too: the setting of nearly every rule. As bigrams 被巡察单位 is four terms
 * (被巡, 巡察, 察单, 单位) that every rule mentioning the unit matches at once, and the score's
 * factor for terms matched lets them outweigh the one word that says what is asked (请吃饭).
 */
const SETTING_WORDS = /被巡察(?:党组织|单位)|巡察组|巡察干部/g;

function queryTokens(query: string): string[] {
  const stripped = textTokens(query.replace(QUESTION_WORDS, ' ').replace(SETTING_WORDS, ' '));
  // A query made only of question words ("应该") is still worth searching as typed.
  const tokens = stripped.size > 0 ? stripped : textTokens(query);
  for (const [id] of query.normalize('NFKC').toLowerCase().matchAll(ID_LIKE)) tokens.add(idKey(id));
  return [...tokens];
}

/** A searchable view of a rulebook. */
export interface RuleIndex {
  /** Best matches first; [] for an empty or punctuation-only query. */
  search(query: string, limit?: number): Array<{ rule: Rule; score: number }>;
  /** Case- and dash-insensitive lookup: "bm-01", "BM01" and "bm-1" find BM-01. */
  byId(id: string): Rule | undefined;
  /** Rules grouped in RULE_CATEGORIES order, empty categories left out. */
  categories(): Array<{ category: RuleCategory; rules: Rule[] }>;
  /** Number of rules. */
  size: number;
}

const FIELD_BOOSTS = { id: 20, title: 3, keywords: 3, summary: 1, category: 1, citation: 1 } as const;
const BM25 = { k: 1.2, b: 0.7, d: 0.5 }; // BM25+ parameters, as MiniSearch uses them
// A lone Han character ("礼") also matches the bigrams it starts, at MiniSearch's prefix weight.
const PREFIX_WEIGHT = 0.375 * (2 / 2.3);

/** The text of one searchable field; `citation` is the document and article, so 第六十二条 or 保守国家秘密法 finds its entries. */
function fieldText(rule: Rule, field: Exclude<keyof typeof FIELD_BOOSTS, 'id'>): string {
  switch (field) {
    case 'keywords':
      return rule.keywords.join(' ');
    case 'citation':
      return [rule.document, rule.article].filter(Boolean).join(' ');
    default:
      return rule[field];
  }
}

interface Postings {
  docs: Int32Array;
  weights: Float64Array;
}

/** Builds the search index once; rules must have distinct ids (as loadRulebook guarantees). */
export function createRuleIndex(rules: Rule[]): RuleIndex {
  const n = rules.length;
  const byKey = new Map(rules.map((rule) => [idKey(rule.id), rule]));
  const grouped = RULE_CATEGORIES.map((category) => ({ category, rules: rules.filter((r) => r.category === category) })).filter(
    (group) => group.rules.length > 0,
  );

  // Scores exactly as MiniSearch would (BM25+ per field x boost, x number of query terms matched), but
  // sums each term's per-field weights at build time: MiniSearch's per-query Maps and result objects
  // took 3-9 ms p99 over 5,000 repetitive rules; this typed-array loop stays well under 1 ms.
  const fields = Object.entries(FIELD_BOOSTS).map(([field, boost]) => {
    const docTokens = rules.map((rule) =>
      field === 'id' ? [idKey(rule.id)] : [...textTokens(fieldText(rule, field as Exclude<keyof typeof FIELD_BOOSTS, 'id'>))],
    );
    const docFreq = new Map<string, number>();
    let totalLength = 0;
    for (const tokens of docTokens) {
      totalLength += tokens.length;
      for (const token of tokens) docFreq.set(token, (docFreq.get(token) ?? 0) + 1);
    }
    return { boost, docTokens, docFreq, avgLength: totalLength / n || 1 };
  });

  const lists = new Map<string, { docs: number[]; weights: number[] }>();
  const docWeights = new Map<string, number>();
  for (let doc = 0; doc < n; doc++) {
    for (const { boost, docTokens, docFreq, avgLength } of fields) {
      const tokens = docTokens[doc] ?? [];
      // Tokens are distinct per field, so term frequency is 1.
      const tfPart = (BM25.k + 1) / (1 + BM25.k * (1 - BM25.b + (BM25.b * tokens.length) / avgLength));
      for (const token of tokens) {
        const df = docFreq.get(token) ?? 1;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        docWeights.set(token, (docWeights.get(token) ?? 0) + boost * idf * (BM25.d + tfPart));
      }
    }
    for (const [term, weight] of docWeights) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = { docs: [], weights: [] }));
      list.docs.push(doc);
      list.weights.push(weight);
    }
    docWeights.clear();
  }

  const postings = new Map<string, Postings>();
  const bigramsByFirstChar = new Map<string, string[]>();
  for (const [term, list] of lists) {
    postings.set(term, { docs: Int32Array.from(list.docs), weights: Float64Array.from(list.weights) });
    const first = term[0] ?? '';
    if (term.length !== 2 || !HAN.test(first)) continue;
    const bigrams = bigramsByFirstChar.get(first);
    if (bigrams) bigrams.push(term);
    else bigramsByFirstChar.set(first, [term]);
  }

  // Reused by every query (search is synchronous); only the touched slots are reset afterwards.
  const scores = new Float64Array(n);
  const matchedTerms = new Int32Array(n);
  const lastTerm = new Int32Array(n).fill(-1);
  const touched = new Int32Array(n);

  return {
    search(query, limit = 5) {
      let touchedCount = 0;
      const add = (term: string, termIndex: number, weight: number) => {
        const list = postings.get(term);
        if (!list) return;
        for (let i = 0; i < list.docs.length; i++) {
          const doc = list.docs[i]!;
          if (lastTerm[doc] === -1) touched[touchedCount++] = doc;
          if (lastTerm[doc] !== termIndex) {
            lastTerm[doc] = termIndex;
            matchedTerms[doc]!++;
          }
          scores[doc]! += weight * list.weights[i]!;
        }
      };
      queryTokens(query).forEach((term, termIndex) => {
        add(term, termIndex, 1);
        if (term.length === 1) for (const bigram of bigramsByFirstChar.get(term) ?? []) add(bigram, termIndex, PREFIX_WEIGHT);
      });

      // Top `limit` by insertion; ties keep rulebook order.
      const top: Array<{ doc: number; score: number }> = [];
      for (let i = 0; i < touchedCount; i++) {
        const doc = touched[i]!;
        const score = scores[doc]! * matchedTerms[doc]!;
        scores[doc] = 0;
        matchedTerms[doc] = 0;
        lastTerm[doc] = -1;
        if (top.length >= limit && score <= (top[top.length - 1]?.score ?? 0)) continue;
        let at = top.length;
        while (at > 0 && (top[at - 1]!.score < score || (top[at - 1]!.score === score && top[at - 1]!.doc > doc))) at--;
        top.splice(at, 0, { doc, score });
        if (top.length > limit) top.pop();
      }
      return top.map(({ doc, score }) => ({ rule: rules[doc]!, score }));
    },
    byId: (id) => byKey.get(idKey(id.trim())),
    categories: () => grouped,
    size: n,
  };
}
