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

  it('takes literal env and header values and an OAuth client secret, but not placeholders', () => {
    expect(literalSecrets({ entry: { env: { A: 'secret-value', B: '${FROM_ENV}', C: null }, headers: { Authorization: 'Bearer xyz123' } } })).toEqual([
      'secret-value',
      'Bearer xyz123',
    ]);
    expect(literalSecrets({ entry: { url: 'https://x', oauth: { clientId: 'public-id', clientSecret: 'client-secret-1' } } })).toEqual(['client-secret-1']);
    expect(literalSecrets({ entry: { url: 'https://x', oauth: { clientId: 'public-id', clientSecret: '${secret:cs}' } } })).toEqual([]);
  });

  it("takes nothing from an untrusted project folder's entry, which could otherwise blank out words like 'status'", () => {
    const entry = { command: 'x', env: { A: 'status' } };
    expect(literalSecrets({ entry, project: { folder: '/repo', trusted: false } })).toEqual([]);
    expect(literalSecrets({ entry, project: { folder: '/repo', trusted: true } })).toEqual(['status']);
  });

  it('keeps the current and the previous values of a rotating owner, not older ones', () => {
    const redactor = new Redactor();
    redactor.add(['permanent-secret']);
    redactor.rotate('tokens', ['access-1-abcdef', 'refresh-1-abcdef']);
    redactor.rotate('tokens', ['access-2-abcdef', 'refresh-2-abcdef']);
    expect(redactor.redact('access-1-abcdef access-2-abcdef permanent-secret')).toBe('[redacted] [redacted] [redacted]');
    redactor.rotate('tokens', ['access-3-abcdef']);
    expect(redactor.redact('access-1-abcdef access-2-abcdef access-3-abcdef')).toBe('access-1-abcdef [redacted] [redacted]');
    // Forgetting them (a logout) keeps the last ones redacted.
    redactor.rotate('tokens', []);
    expect(redactor.redact('access-3-abcdef')).toBe('[redacted]');
    redactor.rotate('other', ['other-token-123']);
    expect(redactor.redact('access-3-abcdef other-token-123')).toBe('[redacted] [redacted]');
  });
});

describe('Redactor, structurally and within bounds', () => {
  it('blanks the credential of an Authorization-style value on its own too', () => {
    const redactor = new Redactor();
    redactor.add(['Bearer SECRET456']);
    expect(redactor.redact('400 bad token: SECRET456')).toBe('400 bad token: [redacted]');
    expect(redactor.redact('Authorization: Bearer SECRET456')).toBe('Authorization: [redacted]');
  });

  it('redacts values, not serialised text, so no secret can break the JSON around it', () => {
    const redactor = new Redactor();
    // A value someone managed to make the hub treat as a secret: the quoted name of a JSON field.
    redactor.add(['"timestamp"', 'sk-live-123456']);
    const data = { timestamp: 'now', note: 'key sk-live-123456 and "timestamp"', list: ['sk-live-123456', 7], same: { a: 'untouched' } };
    const redacted = redactor.redactValue(data);
    expect(redacted).toEqual({ timestamp: 'now', note: 'key [redacted] and [redacted]', list: ['[redacted]', 7], same: { a: 'untouched' } });
    expect(JSON.parse(JSON.stringify(redacted))).toEqual(redacted);
    // What holds no secret is not copied.
    expect(redacted.same).toBe(data.same);
    expect(data.note).toBe('key sk-live-123456 and "timestamp"');
  });

  it('takes no value beyond its bounds: too long to be a credential, or past the count', () => {
    const redactor = new Redactor();
    const huge = `k${'x'.repeat(20_000)}`;
    redactor.add([huge]);
    expect(redactor.redact(huge)).toBe(huge);
    for (let i = 0; i < 11_000; i++) redactor.add([`flood-value-${i}-abcdef`]);
    redactor.add(['added-after-the-flood']);
    expect(redactor.redact('flood-value-1-abcdef')).toBe('[redacted]');
    expect(redactor.redact('added-after-the-flood')).toBe('added-after-the-flood');
  });
});
