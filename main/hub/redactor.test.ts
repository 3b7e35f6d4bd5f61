import { describe, expect, it } from 'vitest';
import { literalSecrets, Redactor } from './redactor.js';

describe('Redactor', () => {
  it('blanks out every known secret, also in JSON-escaped form', () => {
    const redactor = new Redactor();
    redactor.add(['sk-live-123456', 'pa"ss\\word', 'abc']);
    expect(redactor.redact('token=sk-live-123456 and sk-live-123456')).toBe('token=[redacted] and [redacted]');
    expect(redactor.redact(JSON.stringify({ msg: 'pa"ss\\word' }))).toBe('{"msg":"[redacted]"}');
    // Too short to be told apart from ordinary text.
    expect(redactor.redact('abc')).toBe('abc');
  });

  it('takes literal env and header values but not placeholders', () => {
    expect(literalSecrets({ env: { A: 'secret-value', B: '${FROM_ENV}', C: null }, headers: { Authorization: 'Bearer xyz123' } })).toEqual([
      'secret-value',
      'Bearer xyz123',
    ]);
  });
});
