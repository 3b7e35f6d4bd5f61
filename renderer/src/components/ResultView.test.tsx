// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultView, type RunOutcome } from './ResultView.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function ok(result: Record<string, unknown>, durationMs = 42): RunOutcome {
  return { ok: true, result, durationMs, finishedAt: Date.UTC(2026, 0, 1, 12, 0, 0) };
}

function show(outcome: RunOutcome, resourceHref?: (uri: string) => string) {
  render(<ResultView outcome={outcome} {...(resourceHref && { resourceHref })} />);
  return screen.getByRole('region', { name: 'Result' });
}

afterEach(cleanup);

describe('ResultView', () => {
  it('shows text content and the time the run took', () => {
    const region = show(ok({ content: [{ type: 'text', text: 'Echo: hi' }] }, 1234));
    expect(within(region).getByText('Echo: hi').tagName).toBe('PRE');
    expect(within(region).getByText('Took 1.23 s')).toBeTruthy();
    expect(within(region).getByRole('heading', { name: 'Result' })).toBeTruthy();
    expect(within(region).queryByRole('alert')).toBeNull();
  });

  it('shows JSON text as a collapsible tree', () => {
    const region = show(ok({ content: [{ type: 'text', text: '{"temperature": 21, "conditions": ["sunny"]}' }] }));
    const tree = within(region).getByRole('group', { name: 'JSON text' });
    expect(tree.textContent).toContain('temperature: 21');
    expect(tree.textContent).toContain('"sunny"');
    expect(tree.querySelector('details')?.open).toBe(true);
  });

  it('shows structured content as JSON', () => {
    const region = show(ok({ content: [], structuredContent: { humidity: 0.5 } }));
    expect(within(region).getByRole('group', { name: 'Structured content' }).textContent).toContain('humidity: 0.5');
  });

  it('shows an image as a data URL, and nothing that is not an image', () => {
    const region = show(
      ok({
        content: [
          { type: 'image', data: PNG, mimeType: 'image/png' },
          { type: 'image', data: '<svg onload=alert(1)>', mimeType: 'image/svg+xml' },
        ],
      }),
    );
    const images = within(region).getAllByRole('img');
    expect(images).toHaveLength(1);
    expect(images[0]!.getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
    expect(region.textContent).toContain('Binary data');
  });

  it('marks a result the tool flagged with isError', () => {
    const region = show(ok({ content: [{ type: 'text', text: 'Invalid arguments' }], isError: true }));
    expect(within(region).getByRole('heading', { name: 'Error result' })).toBeTruthy();
    expect(within(region).getByRole('alert').textContent).toMatch(/marked this result as an error/);
    expect(region.className).toContain('result-error');
  });

  it('shows a failed call in the hub’s words, with its code', () => {
    const region = show({ ok: false, error: "Server 'x' is not connected", code: 'SERVER_NOT_CONNECTED', durationMs: 3, finishedAt: 0 });
    expect(within(region).getByRole('heading', { name: 'Failed' })).toBeTruthy();
    expect(within(region).getByRole('alert').textContent).toBe("Server 'x' is not connected (SERVER_NOT_CONNECTED)");
    expect(within(region).getByText('Took 3 ms')).toBeTruthy();
  });

  it('shows embedded resources, links to linked ones, and resource contents', () => {
    const region = show(
      ok({
        content: [
          { type: 'resource', resource: { uri: 'demo://a', mimeType: 'text/plain', text: 'inside' } },
          { type: 'resource_link', uri: 'demo://b', name: 'B', description: 'the b resource' },
        ],
      }),
      (uri) => `#/read/${uri}`,
    );
    expect(within(region).getByText('inside')).toBeTruthy();
    expect(within(region).getByRole('link', { name: 'Read this resource' }).getAttribute('href')).toBe('#/read/demo://b');
    cleanup();
    const read = show(ok({ contents: [{ uri: 'demo://blob', mimeType: 'application/octet-stream', blob: 'AAAA' }] }));
    expect(read.textContent).toContain('Binary data, 3 bytes (application/octet-stream)');
    cleanup();
    const text = show(ok({ contents: [{ uri: 'demo://text-blob', mimeType: 'text/plain', blob: btoa('plain words') }] }));
    expect(within(text).getByText('plain words')).toBeTruthy();
  });

  it('shows a prompt’s messages with their roles', () => {
    const region = show(ok({ description: 'Weather', messages: [{ role: 'user', content: { type: 'text', text: "What's the weather in Lisbon?" } }] }));
    expect(within(region).getByText('Weather')).toBeTruthy();
    expect(within(region).getByText('user')).toBeTruthy();
    expect(within(region).getByText("What's the weather in Lisbon?")).toBeTruthy();
  });
});
