import { describe, expect, it } from 'vitest';
import { changedLines } from './lineDiff.js';

describe('changedLines', () => {
  it('marks the lines each version lacks', () => {
    expect(changedLines('a\nb\nc\nd', 'a\nx\nc\nd\ne')).toEqual({ mine: [2], theirs: [2, 5] });
    expect(changedLines('same\ntext', 'same\ntext')).toEqual({ mine: [], theirs: [] });
    expect(changedLines('a\nb', 'b')).toEqual({ mine: [1], theirs: [] });
  });
});
