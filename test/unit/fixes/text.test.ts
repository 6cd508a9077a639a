import * as assert from 'assert';
import { applyEdits } from '../../../src/core/fixes';

describe('fixes/applyEdits', () => {
  const at = (line: number, character: number) => ({ line, character });

  it('applies edits given in any order, positions being 0-based line and character', () => {
    const text = 'ab\ncd\r\nef';
    const out = applyEdits(text, [
      { file: 'f', start: at(2, 1), end: at(2, 2), newText: 'X' },
      { file: 'f', start: at(0, 0), end: at(0, 0), newText: '>' },
      { file: 'f', start: at(1, 0), end: at(1, 2), newText: 'CD' },
    ]);
    assert.strictEqual(out, '>ab\nCD\r\neX');
  });

  it('throws on overlapping edits instead of merging them', () => {
    assert.throws(
      () => applyEdits('abcdef', [
        { file: 'f', start: at(0, 0), end: at(0, 3), newText: '' },
        { file: 'f', start: at(0, 2), end: at(0, 4), newText: '' },
      ]),
      /overlapping/,
    );
  });
});
