/** Rule search over a 5,000-entry rulebook: the built-in entries plus generated local rules. */
import { createRuleIndex, loadRulebook, RULE_CATEGORIES, type Rule } from '../src/rulebook/rulebook.ts';
import { pick, prng } from './data.ts';

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
