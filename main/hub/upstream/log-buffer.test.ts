import { describe, expect, it } from 'vitest';
import { LogBuffer } from './log-buffer.js';

describe('LogBuffer', () => {
  it('keeps only the most recent lines', () => {
    const log = new LogBuffer(3);
    for (let i = 1; i <= 5; i++) log.add('hub', 'info', `line ${i}`);
    expect(log.list().map((e) => e.text)).toEqual(['line 3', 'line 4', 'line 5']);
  });

  it('joins stderr chunks into whole lines', () => {
    const log = new LogBuffer();
    expect(log.addStderr('hel')).toEqual([]);
    expect(log.addStderr('lo\nwor').map((e) => e.text)).toEqual(['hello']);
    expect(log.flushStderr().map((e) => e.text)).toEqual(['wor']);
  });

  it('shortens a huge line instead of keeping it whole', () => {
    const log = new LogBuffer();
    const [entry] = log.addStderr(`${'x'.repeat(10_000)}\n`);
    expect(entry!.text.length).toBeLessThan(4_100);
    expect(entry!.text).toContain('6000 more characters');
  });
});
