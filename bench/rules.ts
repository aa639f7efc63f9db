/**
 * Rule search over a 5,000-entry rulebook (the built-in entries plus generated local rules), and how
 * often the built-in rulebook answers the held-out questions of test/fixtures/rule-questions.json.
 * Run alone with `npx tsx bench/rules.ts`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRuleIndex, loadRulebook, RULE_CATEGORIES, type Rule } from '../src/rulebook/rulebook.ts';
import { pick, prng } from './data.ts';
import { percentile, round } from './stats.ts';

const SIZE = 5000;

/** The built-in rules plus generated ones made of the built-ins' own words, `SIZE` in all. */
export function bigRulebook(): Rule[] {
  const builtIn = loadRulebook();
  const rand = prng(11);
  const words = [...new Set(builtIn.flatMap((r) => [r.title, ...r.keywords]))];
  const generated = Array.from({ length: SIZE - builtIn.length }, (_, i): Rule => {
    const some = (n: number) => Array.from({ length: n }, () => pick(rand, words));
    return {
      id: `LOC-${i + 1}`,
      title: some(2).join(''),
      category: pick(rand, RULE_CATEGORIES),
      summary: `${some(4).join('、')}方面的第${i + 1}条本地规定。`,
      source: '某县巡察工作实施细则（本地）',
      verified: false,
      keywords: some(2 + Math.floor(rand() * 4)),
    };
  });
  return [...builtIn, ...generated];
}

/** Milliseconds per search, for typed questions, ids and generated titles, after a warm-up. */
export function measureRuleSearch(count: number): number[] {
  const rules = bigRulebook();
  const index = createRuleIndex(rules);
  if (index.size !== SIZE) throw new Error(`the rulebook has ${index.size} entries, not ${SIZE}`);
  const rand = prng(13);
  const typed = ['宴请', '能不能收礼', '保密', '谈话内容可以告诉家人吗', '整改期限多久', '线索怎么移交', '公车私用', '收了红包怎么办', '礼', 'BM-01', 'loc-1234', '巡察组能不能接受被巡察单位的宴请'];
  const query = () => (rand() < 0.5 ? pick(rand, typed) : pick(rand, rules).title);
  for (let j = 0; j < 500; j++) index.search(query());
  const samples: number[] = [];
  for (let j = 0; j < count; j++) {
    const q = query();
    const started = performance.now();
    index.search(q);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** A question an inspector would type, and the entries any of which answers it. */
interface Question {
  q: string;
  ids: string[];
}

/** The share of held-out questions whose answer is among the built-in rulebook's top three hits. */
export function questionHitRate(): { rate: number; hits: number; total: number; misses: string[] } {
  const { questions } = JSON.parse(readFileSync(new URL('../test/fixtures/rule-questions.json', import.meta.url), 'utf8')) as { questions: Question[] };
  const index = createRuleIndex(loadRulebook());
  const misses = questions.filter(({ q, ids }) => !index.search(q, 3).some((hit) => ids.includes(hit.rule.id))).map(({ q }) => q);
  const hits = questions.length - misses.length;
  return { rate: hits / questions.length, hits, total: questions.length, misses };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const search = measureRuleSearch(5000);
  const questions = questionHitRate();
  console.log(`rule_search_p50_ms       ${round(percentile(search, 50), 4)}`);
  console.log(`rule_search_p99_ms       ${round(percentile(search, 99), 4)}  (target < 1)`);
  console.log(`rule_question_hit_rate   ${round(questions.rate, 3)}  (${questions.hits} of ${questions.total} in the top three; target ≥ 0.9)`);
  for (const q of questions.misses) console.log(`  missed: ${q}`);
}
