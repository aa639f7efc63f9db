/**
 * Property-based tests (fast-check): the argument parser, and every command through the real
 * dispatcher on a real SQLite store. 10,000 generated inputs in all, every property from one fixed
 * seed; a failure prints the seed, path and shrunk counterexample. XC_FUZZ_SEED=<n> runs another
 * seed (the dispatcher properties share one store, so replay the whole file, not one test).
 */
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { cleanText, collect, tokenize, typedText, type ArgSpec, type Token } from '../src/args.ts';
import { parseRef } from '../src/refs.ts';
import { CATEGORIES, CLUE_RESULTS, FINDING_STATES, HANDOVER_TARGETS, SEVERITIES, SOURCES, TAGS } from '../src/finding.ts';
import { FOLLOW_UP_RESULTS } from '../src/rectification.ts';
import type { AnyCommand } from '../src/command.ts';
import type { ChatRef, Incoming, Platform, Reply } from '../src/types.ts';
import { createHarness, GROUP, rules, withTeam, type Harness } from './helpers/harness.ts';
import { PNG_SIGNATURE } from './helpers/replies.ts';

const SEED = Number(process.env.XC_FUZZ_SEED ?? 20261125);
const run = (numRuns: number) => ({ numRuns, seed: SEED });
// The dispatcher properties share one store that each success changes: shrinking would replay inputs on
// a different store and report a symptom (any command failing after a corrupt write), not the cause.
const runStateful = (numRuns: number) => ({ ...run(numRuns), endOnFailure: true });

/** Runs per property; they add up to the 10,000 inputs the issue asks for. */
const RUNS = { cleanText: 500, tokenize: 1000, quoted: 500, collect: 1000, parseRef: 1000, fitting: 3000, commands: 2000, strays: 1000 };

// ---------------------------------------------------------------------------------------------
// Generators

/** Characters people and platforms put in chat text that trip parsers: every one is here on purpose. */
const NASTY_CHARS = [
  ' ', '\u3000', '\u00a0', '\u2002', '\u2009', '\u202f', '\u205f', '\u1680', '\t', '\n', '\r', '\v', '\f',
  '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\u2028', '\u2029',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad',
  '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
  '"', '“', '”', '「', '」', '『', '』', '«', '»', "'", '`', '\\',
  '-', '—', '–', '－', '=', ':', '：', ',', '，', '、', ';', '；', '@', '＠', '<', '>', '|', '/', '$', '{', '}',
  '问', '题', '城', '关', '镇', '𠮷', '🚨', '👨‍👩‍👧', '🏛️', 'é', 'e\u0301', 'Ａ', '１', '٣',
];
const nastyChar = fc.constantFrom(...NASTY_CHARS);

/** Random text: any code point (lone surrogates included), graphemes, or the nasty characters mixed in. */
const randomText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: nastyChar, maxLength: 40 }),
  fc.string({ unit: fc.oneof(nastyChar, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), maxLength: 40 }),
);

/** 1,000 to 10,000 characters: one repeated, or random. */
const hugeText = fc.oneof(
  fc.tuple(fc.constantFrom('问', 'a', ' ', '"', '“', '--x ', '🚨', '\u202e', 'F-1 ', '\u0000'), fc.integer({ min: 1000, max: 10_000 }))
    .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)),
  fc.string({ unit: 'binary', minLength: 1000, maxLength: 10_000 }),
);

const INJECTIONS = [
  "'; DROP TABLE keyv; --", '" OR 1=1 --', "1'); DELETE FROM keyv WHERE ('1'='1", 'xc:team:T1', '%', '_',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<b>粗体</b>', '&amp;&lt;', '*粗*_斜_`码`', '[链接](http://x)',
  '${process.exit(1)}', '`${1+1}`', '{{7*7}}', '#{7*7}', '%s%n%x', '\\u0000',
  '../../../etc/passwd', '..\\..\\windows\\win.ini', '/dev/null', 'file:///etc/passwd',
  '{"__proto__":{"admin":true}}', '[]', '{}', 'null', 'true', '0', '-0', '1e309', '0x10', '9'.repeat(30),
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '<@U0FUZZ>', '<@U0FUZZ|路人>', '<!channel>', '@组长', '＠组员', 'console:组员', 'slack:U0FUZZ', 'telegram:42', 'console:a:b',
];

/** Values the commands expect, so that many inputs get past the parser into the handlers. */
const GOOD_VALUES = [
  '城关镇', '东关村', '乡政府', '城关', ...CATEGORIES, '作风', '纪律', ...SOURCES, ...SEVERITIES, ...TAGS, '四风,形式主义', '四风，不存在',
  '重要', '一般', '纪委', '单位', 'draft', 'confirmed', '草稿', '已审签', '公开', '即知即改',
  '2026-12-31', '2026-11-25', '2026-11-24', '12-31', '2026/12/01', '2026年12月1日', '明天', '+7d', '15工作日', '2026-02-30', '9999-12-31', '0000-01-01', '99999天',
  '8:30', '08：30', '24:00', '7:5', '1', '2', '0', '-1', '1.5', '100001', 'abc', '1e309', 'Infinity',
  'leader', 'deputy', 'member', 'liaison', '组长', '副组长', '组员', '联络员', 'LEADER', 'admin',
  '组员二', '责任人', '路人', '第一巡察组', '不存在的组', 'A-1', 'B-2', 'a1',
];

const REFS = [
  'F-1', 'F-2', 'F-3', 'f3', '3', 'F－2', ' f-03 ', 'R-1', 'R-2', 'R-3', 'r2', 'D-1', 'D-2', 'D-3', 'd-1',
  'F-0', 'F-4', 'F-999999999', 'R-999999999999', 'D--1', 'f3x', 'F-', '-', 'F-1.5', 'F-1e3', 'F-٣', 'F-３', 'F-+1', 'F 1', 'FF-1', 'X-1',
];

const OPTION_NAMES = [
  ...new Set(allCommands.flatMap((def) => Object.keys(def.spec.options))), 'team', 'x', 'Unit', 'UNIT', 'due-soon', 'onsite-end',
  'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'a-', 'a--b', 'z9',
];

/** Things that look like options: every dash an input method makes, inline values after = : ：, or none. */
const optionToken = fc
  .tuple(
    fc.constantFrom('--', '——', '－－', '—', '–', '-', '---', '— '),
    fc.oneof(fc.constantFrom(...OPTION_NAMES), fc.string({ unit: 'grapheme-ascii', maxLength: 8 })),
    fc.constantFrom('', '=', ':', '：', ' ', '\u3000'),
    fc.oneof(fc.constant(''), fc.constantFrom(...GOOD_VALUES), randomText),
  )
  .map(([dash, name, sep, value]) => `${dash}${name}${sep}${value}`);

const QUOTE_CHARS = ['"', '“', '”', '「', '」', '『', '』', '«', '»'];

/** A fragment wrapped in quotes that may not match or close. */
const quoted = fc
  .tuple(fc.constantFrom(...QUOTE_CHARS, ''), fc.oneof(fc.constantFrom(...GOOD_VALUES, ...INJECTIONS), randomText), fc.constantFrom(...QUOTE_CHARS, ''))
  .map(([open, inner, close]) => `${open}${inner}${close}`);

/** One piece of an argument line. */
const fragment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...GOOD_VALUES) },
  { weight: 4, arbitrary: fc.constantFrom(...REFS) },
  { weight: 4, arbitrary: optionToken },
  { weight: 3, arbitrary: randomText },
  { weight: 3, arbitrary: quoted },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 1, arbitrary: hugeText },
);

const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\u3000', '\u00a0', '\t', '\n', '', '\u200b');

/** Fragments glued with random separators (an empty one glues two fragments together). */
const argLine = fc
  .array(fc.tuple(separator, fragment), { maxLength: 8 })
  .map((parts) => parts.map(([sep, part]) => sep + part).join(''));

// ---------------------------------------------------------------------------------------------
// The argument parser

/** What cleanText promises: no controls, no zero-width or direction marks, no space but U+0020. */
const UNCLEAN = /[\p{Cc}\p{Bidi_Control}\u200b-\u200d\u2060-\u2069\ufeff]|[^\S ]/u;

describe('argument parser, generated input', () => {
  const anyText = fc.oneof(randomText, argLine, hugeText);

  it('cleanText leaves no control, invisible or odd-space character, keeps the rest, and is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const clean = cleanText(text);
        expect(clean).not.toMatch(UNCLEAN);
        expect(cleanText(clean)).toBe(clean);
        // Every other character survives in order: only spaces were added and invisibles dropped.
        const visible = (s: string) => s.replace(new RegExp(UNCLEAN.source, 'gu'), '').replaceAll(' ', '');
        expect(visible(clean)).toBe(visible(text));
      }),
      run(RUNS.cleanText),
    );
  });

  /** What typedText promises: no invisible mark and no control but tab and line breaks. */
  const UNTYPED = /[\p{Bidi_Control}\u200b-\u200d\u2060-\u2069\ufeff]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

  it('typedText keeps every visible character and space in order, drops only invisible marks and controls, and is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const typed = typedText(text);
        expect(typed).not.toMatch(UNTYPED);
        expect(typedText(typed)).toBe(typed);
        const visible = (s: string) => s.replace(new RegExp(UNTYPED.source, 'gu'), '').replace(/\s/g, '');
        expect(visible(typed)).toBe(visible(text));
      }),
      run(RUNS.cleanText),
    );
  });

  it('tokenize never throws, names options in lower case, and each word is a piece of the text as typed', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const typed = typedText(text);
        const tokens = tokenize(typed);
        for (const token of tokens) {
          if (token.kind === 'option') {
            expect(token.name).toMatch(/^[a-z][a-z0-9-]*$/);
          } else {
            expect(token.value).not.toMatch(UNTYPED);
            const piece = typed.slice(token.start, token.end);
            // A word is what stands there, or what stands between the quotes that wrap it.
            expect(token.wrapped ? [...piece].slice(1, -1).join('') : piece).toBe(token.value);
          }
        }
      }),
      run(RUNS.tokenize),
    );
  });

  // Words without spaces, quotes or a leading dash, between any whitespace people paste.
  const plainWord = fc
    .string({ unit: fc.constantFrom('问', '题', '镇', 'a', 'Z', '7', '🚨', '𠮷', '.', '=', '-', '：', '@', '#'), minLength: 1, maxLength: 12 })
    .filter((w) => !/^[-—–－]/.test(w));
  const gap = fc.string({ unit: fc.constantFrom(' ', '\u3000', '\u00a0', '\t', '\n', '\r', '\u2028', '\u0000', '\u200b\u3000'), minLength: 1, maxLength: 3 });

  it('tokenize gives back plain words split by any whitespace, and a closed quote as one word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(plainWord, gap), { maxLength: 10 }),
        fc.constantFrom(['"', '"'], ['“', '”'], ['「', '」'], ['『', '』'], ['«', '»']),
        fc.oneof(randomText, fc.constantFrom(...INJECTIONS, '--unit 城关镇', '—cat x')),
        (words, [open, close], inner) => {
          const line = typedText(words.map(([w, g]) => g + w).join('') + ' ');
          const values = (tokens: Token[]) => tokens.map((t) => (t.kind === 'word' ? t.value : `--${t.name}`));
          expect(values(tokenize(line))).toEqual(words.map(([w]) => w));
          const body = typedText(inner).replaceAll(close, '');
          expect(values(tokenize(`${line}${open}${body}${close}`))).toEqual([...words.map(([w]) => w), body]);
        },
      ),
      run(RUNS.quoted),
    );
  });

  const spec: fc.Arbitrary<ArgSpec> = fc
    .record({
      positionals: fc.array(fc.constantFrom('ref', 'text', 'user', 'role'), { maxLength: 3 }),
      rest: fc.boolean(),
      options: fc.dictionary(fc.constantFrom('unit', 'cat', 'due', 'clues', 'page', 'team', 'due-soon'), fc.constantFrom('value' as const, 'flag' as const), { maxKeys: 5 }),
    })
    .map(({ positionals, rest, options }) => ({
      positionals: [...new Set(positionals)].map((name, i, all) => ({ name, rest: rest && i === all.length - 1 })),
      options,
    }));

  it('collect reports a problem or returns only the arguments the spec names, typed as it says', () => {
    fc.assert(
      fc.property(argLine, spec, (line, argSpec) => {
        const tokens = tokenize(line);
        const { args, problem } = collect(tokens, argSpec, line);
        const optionsNamed = (name: string) => tokens.filter((t) => t.kind === 'option' && t.name === name).length;
        if (problem?.kind === 'unknownOption') expect(Object.hasOwn(argSpec.options, problem.name), problem.name).toBe(false);
        if (problem?.kind === 'repeated') expect(optionsNamed(problem.name)).toBeGreaterThan(1);
        if (problem?.kind === 'missingValue') expect(argSpec.options[problem.name]).toBe('value');
        // Words alone always fit a spec whose last positional takes the rest.
        if (argSpec.positionals.at(-1)?.rest && tokens.every((t) => t.kind === 'word')) expect(problem).toBeUndefined();
        if (problem) return;
        const positionals = new Map(argSpec.positionals.map((p) => [p.name, p]));
        for (const [name, value] of Object.entries(args)) {
          if (Object.hasOwn(argSpec.options, name)) {
            expect(typeof value).toBe(argSpec.options[name] === 'flag' ? 'boolean' : 'string');
          } else {
            expect(positionals.has(name), `${name} is in the spec`).toBe(true);
            expect(value).toEqual(expect.any(String));
            expect(value).not.toBe('');
          }
        }
      }),
      run(RUNS.collect),
    );
  });

  it('parseRef reads F-n, fn, F－n and n with any zeros and case, and nothing else', () => {
    const n = fc.integer({ min: 1, max: 999_999_999 });
    const written = fc
      .tuple(n, fc.constantFrom('F-', 'f-', 'F', 'f', '', 'F－'), fc.nat({ max: 3 }), fc.constantFrom('', ' ', '\u3000', '\t'))
      .map(([value, prefix, zeros, pad]) => ({ value, input: `${pad}${prefix}${'0'.repeat(zeros)}${value}${pad}` }));
    fc.assert(
      fc.property(written, fc.oneof(anyText, fc.constantFrom(...REFS)), ({ value, input }, junk) => {
        expect(parseRef(input, 'finding')).toBe(value);
        expect(parseRef(input.replace(/[fF]/, 'R'), 'finding')).toBe(/[fF]/.test(input) ? undefined : value);
        const read = parseRef(junk, 'finding');
        if (read === undefined) return;
        expect(Number.isSafeInteger(read) && read >= 1 && read <= 999_999_999).toBe(true);
        const digits = /^(?:F[-－]?)?(\d+)$/i.exec(junk.trim());
        expect(Number(digits?.[1])).toBe(read);
      }),
      run(RUNS.parseRef),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Every command through the dispatcher

/** The team's people (withTeam), the task owner from outside the team, the office, and a stranger. */
const CONSOLE_USERS = ['组长', '副组长', '组员', '组员二', '联络员', '责任人', 'admin', '路人'];

/** Findings, tasks and document requests in every state, so that references resolve. */
const SEED_LINES: Array<[string, string]> = [
  ['admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-11-20'],
  ['组员', `/finding add 村务公开不及时群众反映强烈${'🚨'.repeat(15)} --unit 城关镇 --cat 作风 --tag 四风 --evidence 公开栏照片`],
  ['组员二', '/finding add 超标接待 --unit 东关村 --cat 纪律 --severity 严重 --evidence 接待清单'],
  ['组员', '/finding add 工程款去向不明 --unit 东关村 --cat 反腐败'],
  ['副组长', '/finding review F-1'],
  ['副组长', '/finding review F-2'],
  ['组长', '/finding confirm F-1'],
  ['组长', '/finding confirm F-2'],
  ['组长', '/finding handover F-2 --to 单位'],
  ['组长', '/finding receipt F-2 --by 镇党委书记'],
  ['组长', '/finding clue F-3 --importance 重要'],
  ['组长', '/rectify add F-1 完善村务公开制度 --owner 责任人 --due 2026-12-10'],
  ['组长', '/rectify add F-1 补公开近三年账目 --owner 组员 --due 2026-12-20'],
  ['组员', '/rectify done R-2 已公开近三年账目，附公开栏照片'],
  ['组长', '/rectify add F-2 退还超标费用 --owner 组员二 --due 2026-12-01 --immediate'],
  ['组员二', '/rectify done R-3 已退还超标费用，附退款凭证'],
  ['组长', '/rectify verify R-3'],
  ['组员', '/docs request 2025年会议记录 --unit 城关镇 --due 2026-12-01'],
  ['组员', '/docs request 工程合同 --unit 东关村 --due 2026-11-30'],
  ['联络员', '/docs provided D-1 已交'],
  ['组员', '/docs request 财务凭证 --unit 城关镇 --due 2026-12-05'],
  ['联络员', '/docs provided D-3'],
  ['组员', '/docs returned D-3'],
  ['组员', '/secrecy ack'],
];

const FAMILIES = [...new Set(allCommands.map((def) => def.family))];
const SUBWORDS = [...new Set(allCommands.flatMap((def) => def.words))];

/** Who types, where: a console user in the bound group, an unbound group or a DM, or a stranger from Slack or Telegram. */
const speaker = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(fc.constantFrom(...CONSOLE_USERS, '组长', '组员'), fc.constantFrom('bound', 'bound', 'bound', 'bound', 'unbound', 'dm', 'dm'), fc.nat({ max: 3 }), fc.constantFrom('name', 'name', 'none', 'odd'))
      .map(([name, where, n, naming]) => {
        const chat: ChatRef = where === 'bound' ? GROUP : where === 'unbound' ? { id: `console:g${n}`, kind: 'group' } : { id: `console:dm:${name}`, kind: 'dm' };
        const userName = naming === 'name' ? name : naming === 'odd' ? `${name}\u202e🚨` : undefined;
        return { platform: 'console' as Platform, user: `console:${name}`, userName, chat };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Omit<Incoming, 'command' | 'text'>>(
      { platform: 'slack', user: 'slack:U0FUZZ', userName: '路人', chat: { id: 'slack:C0FUZZ', kind: 'group' } },
      { platform: 'slack', user: 'slack:U0FUZZ', chat: { id: 'slack:D0FUZZ', kind: 'dm' } },
      { platform: 'telegram', user: 'telegram:42', userName: 'stranger', chat: { id: 'telegram:-10042', kind: 'group' } },
      { platform: 'telegram', user: 'telegram:42', chat: { id: 'telegram:42', kind: 'dm' } },
    ),
  },
);

/** Mix the case of a word as people (and phone keyboards) do. */
const anyCase = (word: string) => fc.constantFrom(word, word.toUpperCase(), word.charAt(0).toUpperCase() + word.slice(1));

/** A command every family and subcommand knows, with random words and arguments after it. */
const commandLine = fc
  .tuple(
    fc.constantFrom(...allCommands).chain((def) => fc.tuple(anyCase(def.family), fc.tuple(...def.words.map(anyCase)))),
    fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...SUBWORDS), { maxLength: 2 }) }),
    argLine,
  )
  .map(([[command, words], extra, args]) => ({ command, text: [...words, ...extra].join(' ') + (args && !/^\s/.test(args) ? ' ' : '') + args }));

/** Command names no one defined, and text arriving the way no adapter should send it. */
const strayLine = fc.record({
  command: fc.oneof(fc.constantFrom(...FAMILIES, ...SUBWORDS, '', ' ', 'help me', '/finding', 'finding@xuncha_bot', '发现'), randomText, hugeText),
  text: fc.oneof(argLine, hugeText, fc.constantFrom(...SUBWORDS).chain((w) => argLine.map((a) => `${w} ${a}`))),
});

const TEXTS = ['村务公开不及时', '超标 接待 问题', '“带引号”的描述', '整改 --unit 城关镇', `问${'🚨'.repeat(30)}`, '问'.repeat(2001), 'x'.repeat(61), '🚨'.repeat(21)];
const USERS = [
  '组长', '副组长', '组员', '组员二', '联络员', '责任人', '路人', '新来的', 'admin', '@组员', '＠组长', 'console:组员', 'console:新来的',
  'slack:U0FUZZ', '<@U0FUZZ>', '<@U0FUZZ|路人>', '<@UBAD|>', 'telegram:42', '@', 'a:b:c', 'x'.repeat(65),
];
// Object.prototype's names too: a role is looked up by name.
const ROLES = ['leader', 'deputy', 'member', 'liaison', '组长', '副组长', '组员', '联络员', 'LEADER', 'Liaison', 'owner', 'admin', 'constructor', '__proto__', 'toString'];
const DATES = ['2026-12-31', '2026-11-25', '2026-11-24', '2026-11-01', '2027-01-15', '12-31', '11-20', '2026/12/01', '2026年12月1日', '12月5号', '明天', '今天', '+7d', '7天', '15工作日', '2026-02-30', '9999-12-31', '0000-01-01', '99999天', '0天'];
const NUMBERS = ['1', '2', '3', '0', '-1', '1.5', 'abc', '1e309', '0x10', '７', '7天', '30d', '100000', '100001', '3651', ' '];
const RULE_IDS = rules.categories().flatMap((c) => c.rules.slice(0, 2).map((r) => r.id));
const REF_PREFIX: Record<string, string> = { finding: 'F', rectify: 'R', docs: 'D' };

/** Values that fit what an argument asks for, mostly right and sometimes just wrong, with a random one now and then. */
function valueFor(name: string, def: AnyCommand): fc.Arbitrary<string> {
  const prefix = def.id === 'rectify add' ? 'F' : (REF_PREFIX[def.family] ?? 'F');
  const pools: Record<string, readonly string[]> = {
    ref: [1, 2, 3, 4, 5].map((n) => `${prefix}-${n}`).concat(REFS),
    user: USERS, owner: USERS, role: ROLES, name: ['第一巡察组', '第二巡察组', '第一巡察组 ', '新组'],
    unit: ['城关镇', '东关村', '城关', '乡政府', '城关镇 '], cat: CATEGORIES, source: SOURCES, severity: SEVERITIES,
    tag: [...TAGS, '四风,形式主义', '四风，不存在', ',', '、、'], status: [...FINDING_STATES, '草稿', '已复核', '已审签', '已移交'],
    importance: ['重要', '一般', '紧急'], to: [...HANDOVER_TARGETS, '公安'], result: [...FOLLOW_UP_RESULTS, ' 巩固 ', '好', ...CLUE_RESULTS, '初步'],
    evidence: TEXTS, basis: [...RULE_IDS, 'LJ-03、GZ-01', 'X-1、LJ-03', ''], by: TEXTS, date: DATES,
    entry: DATES, end: DATES, 'onsite-end': DATES, feedback: DATES, due: DATES, time: ['08:30', '8:30', '08：30', '24:00', '7:5', '23:59', 'noon'],
    page: NUMBERS, days: NUMBERS, id: [...RULE_IDS, 'X-1', ''], query: ['宴请', '保密', '整改', 'zzz'], topic: ['finding', 'finding add', '/team unit', 'team x y', 'nosuch'],
    text: TEXTS, measure: TEXTS, progress: TEXTS, completion: TEXTS, reason: TEXTS, note: TEXTS, what: TEXTS, subject: TEXTS,
  };
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(pools[name] ?? GOOD_VALUES)) },
    { weight: 1, arbitrary: fc.constantFrom(...INJECTIONS) },
    { weight: 1, arbitrary: randomText },
  );
}

/** One token for a value: quoted with a pair it does not contain when it has spaces or is empty. */
function asToken(value: string, quote: readonly [string, string]): string {
  if (value !== '' && !/[\s\u3000]/.test(value)) return value;
  const [open, close] = [quote, ['「', '」'] as const, ['『', '』'] as const].find(([, c]) => !value.includes(c)) ?? quote;
  return `${open}${value}${close}`;
}

/** Whether the command's schema accepts the argument left out. */
function optional(def: AnyCommand, name: string): boolean {
  const shape = (def.schema as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
  return shape[name]?.safeParse(undefined).success ?? true;
}

/** `arb` in `present` out of `present + absent` runs, else nothing. */
function maybe<T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary: arb });
}

/** A command line that fits the command's spec: its words, most of its positionals, its required options, some others. */
const fittingLine = fc.constantFrom(...allCommands).chain((def) =>
  fc
    .record({
      positionals: fc.tuple(...def.spec.positionals.map((p) => maybe(valueFor(p.name, def), 7, 1))),
      options: fc.tuple(
        ...Object.entries(def.spec.options).map(([name, kind]) => {
          const option = fc.record({
            dash: fc.constantFrom('--', '--', '——', '－－'),
            value: kind === 'flag' ? fc.constant(undefined) : valueFor(name, def),
            sep: fc.constantFrom(' ', ' ', '=', '：'),
          });
          return (optional(def, name) ? maybe(option, 1, 2) : maybe(option, 9, 1)).map((o) => o && { name, ...o });
        }),
      ),
      // --team belongs in a direct message; now and then it is typed anyway, or names no team.
      team: maybe(fc.constantFrom('第一巡察组', '不存在的组', ''), 1, 7),
      quote: fc.constantFrom<[string, string]>(['“', '”'], ['"', '"'], ['「', '」']),
    })
    .map(({ positionals, options, team, quote }) => {
      const opts = options.flatMap((o) => (o ? [o.value === undefined ? `${o.dash}${o.name}` : `${o.dash}${o.name}${o.sep}${asToken(o.value, quote)}`] : []));
      const words = [...def.words, ...positionals.flatMap((v) => (v === undefined ? [] : [asToken(v, quote)])), ...opts];
      if (team !== undefined) words.push(`--team ${asToken(team, quote)}`);
      return { command: def.family, text: words.join(' ') };
    }),
);

describe('every command, generated input, through the dispatcher', () => {
  let h: Harness;
  let db: Database.Database;

  beforeAll(async () => {
    h = await createHarness();
    await withTeam(h);
    for (const [user, line] of SEED_LINES) {
      const [r] = await h.say(user, line);
      if (r?.error) throw new Error(`seeding failed at ${line}: ${r.text}`);
    }
    // Deliver every notice at once, so that a queued batch never changes the store between snapshots.
    for (const platform of ['console', 'slack', 'telegram'] as const) h.bot.services.outbox.register(platform, { send: async () => undefined });
    await h.bot.flush();
    db = new Database(h.file, { readonly: true });
  });
  afterAll(async () => {
    db.close();
    await h.dispose();
  });

  /**
   * Every row of the store but the display-name cache: dispatch refreshes the asker's before it parses,
   * and a Slack mention (`<@U1|bob>`) leaves its name there before the command may be refused.
   */
  function snapshot(): Map<string, string> {
    const rows = db.prepare<[], { key: string; value: string }>("SELECT key, value FROM keyv WHERE key NOT LIKE 'xc:user-name:%'").all();
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
    const keys = new Set([...before.keys(), ...after.keys()]);
    return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
  }

  /** Words that mean internals leaked, unless the asker typed them and the reply echoes them. */
  const LEAKS = ['undefined', '[object Object]', 'NaN'];
  /** No lone surrogate: half an emoji breaks a platform's JSON or UTF-8. */
  const wellFormed = (s: string) => !/\p{Cs}/u.test(s);
  const STACK = /\bat [^\n]*[(/\\][^\n]*\.[cm]?[jt]s:\d+|\b(?:Type|Reference|Range|Syntax|Store|Zod)?Error: /;

  /** Dispatch one generated command and check every property of its answer and of the store. */
  async function check(incoming: Incoming): Promise<void> {
    const before = snapshot();
    const logged = h.logs.length;
    const replies = await h.bot.dispatch(incoming);
    await h.bot.flush(); // waits for the flush dispatch started after a success
    const after = snapshot();

    const typed = `${incoming.command} ${incoming.text}`;
    // A reply may echo what was typed, or what earlier commands stored (a unit named "x NaN").
    const echoable = [typed, cleanText(typed), typedText(typed), ...before.values()].join('\n');
    expect(replies.length, 'at least one reply').toBeGreaterThan(0);
    for (const r of replies as Reply[]) {
      expect(typeof r.text).toBe('string');
      // A chart's picture has no words of its own: its PNG is what it says.
      if (r.file?.mime === 'image/png') expect([...r.file.data.subarray(0, 8)], 'a picture').toEqual(PNG_SIGNATURE);
      else expect(r.text.trim(), 'reply text').not.toBe('');
      expect(['chat', 'asker', 'dm']).toContain(r.visibility);
      expect(r.text).not.toMatch(STACK);
      for (const leak of LEAKS) if (!echoable.includes(leak)) expect(r.text, `no ${leak}`).not.toContain(leak);
      if (wellFormed(typed)) expect(wellFormed(r.text), 'no half of a surrogate pair').toBe(true);
      if (r.error) expect(r.visibility, 'a refusal goes to the asker only').toBe('asker');
      expect(r.text, 'no internal error').not.toBe(h.bot.t.errors.internal);
    }
    const failures = h.logs.slice(logged).filter((line) => Number(line.level) >= 50);
    expect(failures.map((line) => (line.err as { message?: string } | undefined)?.message ?? line.msg), 'nothing logged as an error').toEqual([]);
    if (replies.some((r) => r.error)) expect(changedKeys(before, after), 'a refused command changes nothing').toEqual([]);
  }

  it('answers well-formed commands with plausible and wrong values, from every user and chat', async () => {
    await fc.assert(
      fc.asyncProperty(speaker, fittingLine, (who, line) => check({ ...who, ...line })),
      runStateful(RUNS.fitting),
    );
  }, 300_000);

  it('answers every family and subcommand followed by random words, with clean replies', async () => {
    await fc.assert(
      fc.asyncProperty(speaker, commandLine, (who, line) => check({ ...who, ...line })),
      runStateful(RUNS.commands),
    );
  }, 300_000);

  it('answers unknown commands, stray words and huge text the same way', async () => {
    await fc.assert(
      fc.asyncProperty(speaker, strayLine, (who, line) => check({ ...who, ...line })),
      runStateful(RUNS.strays),
    );
  }, 300_000);
});
