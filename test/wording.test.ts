/**
 * The catalogs' wording rules, checked on their source: one separator between the fields of a line
 * (城关镇 · 作风建设), and one measure word per thing (问题、问题线索 条, 整改任务 项, 调阅材料 件).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const files = ['src/i18n', 'commands'].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`));
const sources = files.map((file) => [file, readFileSync(file, 'utf8')] as const);

/** Every match of `pattern` in the sources, with its file. */
const found = (pattern: RegExp) => sources.flatMap(([file, text]) => [...text.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));

describe('the catalogs’ wording', () => {
  it('joins fields and marks with “ · ”, never a bare ·, ／, ｜ or a dash', () => {
    expect(found(/[^\s`'"]·|·[^\s`'"]/g)).toEqual([]);
    expect(found(/\}(?:｜|／| \| | - | \/ )\$\{/g)).toEqual([]);
  });

  it('counts each thing with its one measure word', () => {
    // A number (a ${…} placeholder) after the thing it counts, within a few characters.
    const counted = (thing: string, wrong: string) => found(new RegExp(`${thing}[^\`'\\n$；;]{0,8}\\$\\{[^}]+\\} ?[${wrong}]`, 'g'));
    expect(counted('(?:调阅材料|材料)', '项条个')).toEqual([]);
    expect(counted('问题线索', '项件个')).toEqual([]);
    expect(counted('整改任务', '条件个')).toEqual([]);
    expect(counted('问题(?!线索)', '项件个')).toEqual([]);
    expect(counted('请示报告', '项条个')).toEqual([]);
  });
});
