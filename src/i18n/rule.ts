/** Texts of the /rule commands (纪律规定), Chinese and English. */
import type { Rule } from '../rulebook/rulebook.ts';
import { argTexts, commandTexts, listEn, listZh as list } from './texts.ts';

/** What a source line is made of. */
type Cited = Pick<Rule, 'document' | 'year' | 'article' | 'source' | 'verified'>;

/** The document, its version and article, then the other sources: 《…》（2023年版）第一百四十四条；巡察动员讲话. */
function citationZh({ document, year, article, source }: Cited): string {
  const cited = document ? `${document}${year ? `（${year}年版）` : ''}${article ?? ''}` : '';
  return [cited, source].filter(Boolean).join('；');
}

function citationEn({ document, year, article, source }: Cited): string {
  const cited = document ? `${document}${year ? ` (${year})` : ''}${article ? ` ${article}` : ''}` : '';
  return [cited, source].filter(Boolean).join('; ');
}

export const ruleZh = {
  summary: '查找纪律规定',
  commands: commandTexts({
    rule: { summary: '查找纪律规定；不带关键词时列出分类' },
    'rule show': { summary: '查看一条规定全文及出处' },
  }),
  args: argTexts({
    query: { name: '关键词' },
    id: { name: '编号', usage: '规定编号' },
  }),
  messages: {
    categoryLine: (category: string, entries: string[]) => `${category}（${entries.length}）：${list(entries)}`,
    categoriesTitle: (n: number) => `纪律规定（共 ${n} 条），按分类：`,
    hint: '发送 /rule <关键词> 查找，例如 /rule 宴请；/rule show <编号> 查看全文。',
    resultsTitle: (q: string) => `与「${q}」相关的规定：`,
    noMatch: (q: string) => `没有找到与「${q}」相关的规定。试试：保密、宴请、整改、回避；或发送 /rule 查看分类。`,
    // Unverified entries say so wherever they are shown: /rule, /rule show, the secrecy reminder.
    source: (rule: Cited) => `出处：${citationZh(rule)}${rule.verified ? '（已核对条文）' : '（待核实，以本地实施办法为准）'}`,
    keywords: (words: string[]) => `关键词：${list(words)}`,
  },
};

export const ruleEn: typeof ruleZh = {
  summary: 'look up discipline rules',
  commands: {
    rule: { summary: 'find discipline rules; without words, the categories' },
    'rule show': { summary: 'one rule in full, with its source' },
  },
  args: {
    query: { name: 'the search words', usage: 'words' },
    id: { name: 'the id', usage: 'id' },
  },
  messages: {
    categoryLine: (category, entries) => `${category} (${entries.length}): ${listEn(entries)}`,
    categoriesTitle: (n) => `Discipline rules (${n}), by category:`,
    hint: 'Send /rule <words> to search, e.g. /rule 宴请; /rule show <id> for one rule in full.',
    resultsTitle: (q) => `Rules matching “${q}”:`,
    noMatch: (q) => `No rule matches “${q}”. Try 保密, 宴请, 整改, 回避, or send /rule for the categories.`,
    source: (rule) => `Source: ${citationEn(rule)}${rule.verified ? ' (checked against the text)' : ' (not verified; local rules prevail)'}`,
    keywords: (words) => `Keywords: ${listEn(words)}`,
  },
};
