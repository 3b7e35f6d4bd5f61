import { describe, expect, it } from 'vitest';
import { expandTemplate, templateVariables } from './uri-template.js';

describe('URI templates (RFC 6570)', () => {
  it('lists the variables once each, without modifiers', () => {
    expect(templateVariables('demo://resource/dynamic/text/{resourceId}')).toEqual(['resourceId']);
    expect(templateVariables('file:///{+path}{?query,page}{&page}{/seg*}{name:3}')).toEqual(['path', 'query', 'page', 'seg', 'name']);
  });

  it('expands simple, reserved, path and query expressions', () => {
    expect(expandTemplate('demo://text/{id}', { id: '7' })).toBe('demo://text/7');
    expect(expandTemplate('demo://text/{id}', { id: 'a b/c' })).toBe('demo://text/a%20b%2Fc');
    expect(expandTemplate('file://{+path}', { path: '/home/me/a b.txt' })).toBe('file:///home/me/a%20b.txt');
    expect(expandTemplate('repo://x{/owner,name}', { owner: 'me', name: 'hub' })).toBe('repo://x/me/hub');
    expect(expandTemplate('search://{?q,page}', { q: 'mcp hub', page: '2' })).toBe('search://?q=mcp%20hub&page=2');
  });

  it('drops what is left empty', () => {
    expect(expandTemplate('search://{?q,page}', { q: 'x', page: '' })).toBe('search://?q=x');
    expect(expandTemplate('demo://text/{id}', {})).toBe('demo://text/');
  });
});
