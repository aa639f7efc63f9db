import { describe, expect, it } from 'vitest';
import { cleanText, collect, tokenize, typedText } from '../src/args.ts';
import { parseRef, readRef, refOf } from '../src/refs.ts';

const words = (text: string) => tokenize(text).map((t) => (t.kind === 'word' ? t.value : `--${t.name}${t.inline !== undefined ? `=${t.inline}` : ''}`));

describe('tokenize', () => {
  it('splits on ASCII, full-width and no-break spaces', () => {
    expect(words('add\u3000村务公开\u00a0不及时  x')).toEqual(['add', '村务公开', '不及时', 'x']);
  });
  it('keeps quoted runs whole with ASCII, Chinese and corner quotes', () => {
    expect(words('"a b" “超标 接待” 「一 二」 『三 四』')).toEqual(['a b', '超标 接待', '一 二', '三 四']);
  });
  it('takes an unclosed quote for a character of the text, not for the start of an argument', () => {
    expect(words('add “未闭合 的 引号 --unit 城关镇')).toEqual(['add', '“未闭合', '的', '引号', '--unit', '城关镇']);
  });
  it('reads options typed through Chinese input methods and autocorrect', () => {
    expect(words('--unit a ——cat b －－source c —severity d –tag e')).toEqual([
      '--unit', 'a', '--cat', 'b', '--source', 'c', '--severity', 'd', '--tag', 'e',
    ]);
  });
  it('reads inline values after =, : and a full-width colon', () => {
    expect(words('--unit=城关镇 --cat：作风 --due:12-31')).toEqual(['--unit=城关镇', '--cat=作风', '--due=12-31']);
  });
  it('does not take Chinese dashes inside text for options', () => {
    expect(words('问题——整改 —— 2026-12-31')).toEqual(['问题——整改', '——', '2026-12-31']);
  });
  it('treats a quoted option-looking word as a word', () => {
    expect(tokenize('"--unit"')).toEqual([{ kind: 'word', value: '--unit', start: 0, end: 8, wrapped: true }]);
  });
  it('removes control and zero-width characters', () => {
    expect(cleanText('a\u0000b\u0007c\u200bd\ne')).toBe('a b cd e');
    expect(words('')).toEqual([]);
    expect(words('   ')).toEqual([]);
  });
});

describe('collect', () => {
  const spec = { positionals: [{ name: 'ref' }, { name: 'text', rest: true }], options: { unit: 'value', clues: 'flag' } } as const;
  it('names positionals, joins the rest and reads options anywhere', () => {
    const line = 'F-1 --unit 城关镇 两个 词 --clues';
    expect(collect(tokenize(line), spec, line)).toEqual({ args: { ref: 'F-1', text: '两个 词', unit: '城关镇', clues: true } });
  });
  it('reports unknown, repeated and valueless options', () => {
    const problem = (line: string) => collect(tokenize(line), spec, line).problem;
    expect(problem('--nope x')).toEqual({ kind: 'unknownOption', name: 'nope' });
    expect(problem('--unit a --unit b')).toEqual({ kind: 'repeated', name: 'unit' });
    expect(problem('x --unit')).toEqual({ kind: 'missingValue', name: 'unit' });
    expect(problem('x --unit --clues')).toEqual({ kind: 'missingValue', name: 'unit' });
  });
  it('reports extra words when no positional takes the rest', () => {
    const short = { positionals: [{ name: 'ref' }], options: {} };
    expect(collect(tokenize('F-1 F-2'), short, 'F-1 F-2').problem).toEqual({ kind: 'tooMany', extra: 'F-2' });
  });
});

describe('parseRef', () => {
  it('accepts the reference with or without prefix, any case', () => {
    for (const input of ['F-3', 'f3', '3', 'F－3', ' f-03 ']) expect(parseRef(input, 'finding')).toBe(3);
  });
  it('rejects other prefixes, zero and junk', () => {
    for (const input of ['R-3', 'F-0', 'F-x', '', '3.5', 'F-1234567890', '-3']) expect(parseRef(input, 'finding')).toBeUndefined();
  });
  it('reads each kind by its letter', () => {
    expect([parseRef('r2', 'task'), parseRef('D－1', 'doc'), parseRef('F-2', 'task')]).toEqual([2, 1, undefined]);
  });
});

describe('refOf and readRef', () => {
  it('write a reference as users see it, and read back one that names its kind', () => {
    expect([refOf('finding', 3), refOf('task', 2), refOf('doc', 1)]).toEqual(['F-3', 'R-2', 'D-1']);
    for (const [input, read] of [['f-03', { kind: 'finding', n: 3 }], ['R2', { kind: 'task', n: 2 }], [' d－1 ', { kind: 'doc', n: 1 }]] as const) {
      expect(readRef(input)).toEqual(read);
    }
  });
  it('read nothing from a bare number, another letter, zero or a user id', () => {
    for (const input of ['3', 'X-1', 'F-0', 'telegram:42', '', 'F-1234567890']) expect(readRef(input)).toBeUndefined();
  });
});

describe('tokenize quoted option values', () => {
  it('reads --name="a b" as an option with a quoted value', () => {
    expect(tokenize('--team="team three" --unit=“城关 镇”')).toEqual([
      { kind: 'option', name: 'team', inline: 'team three' },
      { kind: 'option', name: 'unit', inline: '城关 镇' },
    ]);
  });
});

describe('cleanText and text direction', () => {
  it('removes bidi overrides that could reverse a list line', () => {
    expect(cleanText('报销\u202e单据\u2066缺失\u200f')).toBe('报销单据缺失');
  });
});

describe('text exactly as typed', () => {
  const spec = { positionals: [{ name: 'ref' }, { name: 'text', rest: true }], options: { unit: 'value' } } as const;
  const text = (line: string) => collect(tokenize(typedText(line)), spec, typedText(line)).args.text;

  it('keeps quotation marks inside the text', () => {
    expect(text('F-1 “三重一大”事项未经集体研究 --unit 城关镇')).toBe('“三重一大”事项未经集体研究');
    expect(text('F-1 对「四风」问题整改不力')).toBe('对「四风」问题整改不力');
    expect(text('F-1 "A" 和 "B" 两项')).toBe('"A" 和 "B" 两项');
    expect(text('F-1 他说“好”')).toBe('他说“好”');
  });

  it('takes off only the quotes that wrap the whole argument', () => {
    expect(text('F-1 “村务 公开 不及时” --unit 城关镇')).toBe('村务 公开 不及时');
    expect(text('F-1 「“三重一大”事项」')).toBe('“三重一大”事项');
  });

  it('keeps full-width punctuation, full-width spaces and line breaks between the words', () => {
    expect(text('F-1 账目不清：２０２５年　三笔，（待查）；\n另有一笔')).toBe('账目不清：２０２５年　三笔，（待查）；\n另有一笔');
  });

  it('keeps the text on each side of an option, each as typed', () => {
    expect(text('F-1 前半　句 --unit 城关镇 后半 句')).toBe('前半　句 后半 句');
  });

  it('removes only what no one types on purpose: direction and zero-width marks, other controls', () => {
    expect(typedText('报销\u202e单据\u200b缺失\u0007了\n第二行')).toBe('报销单据缺失 了\n第二行');
  });
});
