import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../src/nearest.ts';

describe('nearest', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect([editDistance('lsit', 'list'), editDistance('confrim', 'confirm'), editDistance('add', 'ad'), editDistance('', 'abc'), editDistance('列表', '列')]).toEqual([1, 1, 1, 3, 1]);
  });

  it('suggests only a close and unambiguous word', () => {
    const words = ['add', 'list', 'show', 'edit', 'review', 'confirm', 'clue', 'handover', 'receipt', 'result'];
    expect(nearest('lsit', words)).toBe('list');
    expect(nearest('LIST', words)).toBeUndefined(); // the word itself: nothing to suggest
    expect(nearest('confrim', words)).toBe('confirm');
    expect(nearest('handovr', words)).toBe('handover');
    expect(nearest('frobnicate', words)).toBeUndefined();
    // Two letters off is too far for a short word, and a tie suggests neither.
    expect(nearest('lxsx', words)).toBeUndefined();
    expect(nearest('rest', ['rent', 'best'])).toBeUndefined();
  });
});
