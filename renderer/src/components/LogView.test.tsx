// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry, LogLevel } from '../../../shared/log.js';
import { LogView } from './LogView.js';

let seq = 0;
const line = (text: string, level: LogLevel = 'info'): LogEntry => ({ seq: ++seq, time: new Date().toISOString(), source: 'stderr', level, text });

function view(entries: LogEntry[]) {
  const result = render(<LogView entries={entries} label="Log of everything" />);
  const log = screen.getByRole('log', { name: 'Log of everything' });
  // jsdom does no layout: give the list a size so that following can be seen.
  Object.defineProperty(log, 'clientHeight', { configurable: true, value: 100 });
  Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => 20 * log.querySelectorAll('li').length });
  return { ...result, log, rerender: (next: LogEntry[]) => result.rerender(<LogView entries={next} label="Log of everything" />) };
}
const texts = (log: HTMLElement) => within(log).queryAllByRole('listitem').map((item) => item.querySelector('.log-text')?.textContent);

afterEach(cleanup);

describe('LogView', () => {
  it('filters by text and by lowest level', () => {
    const entries = [line('Starting server'), line('disk almost full', 'warning'), line('crashed', 'error'), line('verbose', 'debug')];
    const { log } = view(entries);
    expect(texts(log)).toEqual(['Starting server', 'disk almost full', 'crashed', 'verbose']);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: 'START' } });
    expect(texts(log)).toEqual(['Starting server']);
    expect(screen.getByText('1 of 4 lines match')).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Lowest level shown' }), { target: { value: 'warning' } });
    expect(texts(log)).toEqual(['disk almost full', 'crashed']);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: 'nothing like this' } });
    expect(within(log).getByText('No line matches.')).toBeTruthy();
  });

  it('pauses: new lines wait, counted, until resumed', () => {
    const first = [line('one'), line('two')];
    const { log, rerender } = view(first);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    const more = [...first, line('three'), line('four')];
    rerender(more);
    expect(texts(log)).toEqual(['one', 'two']);
    const resume = screen.getByRole('button', { name: 'Resume (2 new)' });
    expect(resume.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(resume);
    expect(texts(log)).toEqual(['one', 'two', 'three', 'four']);
    expect(screen.getByRole('button', { name: 'Pause' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('follows the newest line until the person scrolls up, and again once back at the bottom', () => {
    const entries = Array.from({ length: 10 }, (_, i) => line(`line ${i}`));
    const { log, rerender } = view(entries);
    rerender([...entries]);
    expect(log.scrollTop).toBe(200);
    const follow = screen.getByRole('button', { name: 'Follow' });
    expect(follow.getAttribute('aria-pressed')).toBe('true');

    log.scrollTop = 20;
    fireEvent.scroll(log);
    expect(follow.getAttribute('aria-pressed')).toBe('false');
    const more = [...entries, line('line 10'), line('line 11')];
    rerender(more);
    expect(log.scrollTop).toBe(20);

    fireEvent.click(follow);
    expect(log.scrollTop).toBe(240);
    expect(follow.getAttribute('aria-pressed')).toBe('true');
  });

  it('clears what is shown without touching what comes next', () => {
    const first = [line('old')];
    const { log, rerender } = view(first);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(within(log).getByText('No line matches.')).toBeTruthy();
    rerender([...first, line('new')]);
    expect(texts(log)).toEqual(['new']);
  });

  it('keeps only what it is given (the server log hook bounds it)', () => {
    view([]);
    expect(screen.getByText('No log lines yet.')).toBeTruthy();
  });
});
