import { describe, it, expect } from 'vitest';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { predefinedVariables, workspaceFolderFor } from './predefined.js';

describe('workspaceFolderFor', () => {
  it('is the folder around .vscode or .cursor', () => {
    expect(workspaceFolderFor(join('/repo', '.vscode', 'mcp.json'), '/hub')).toBe('/repo');
    expect(workspaceFolderFor(join('/repo', '.cursor', 'mcp.json'), '/hub')).toBe('/repo');
  });

  it("is the hub's cwd for any other file", () => {
    expect(workspaceFolderFor(join('/home/u/.config/mcphub', 'servers.json'), '/hub')).toBe('/hub');
  });
});

describe('predefinedVariables', () => {
  it('provides the VS Code variables', () => {
    expect(predefinedVariables(join('/work/proj', '.vscode', 'mcp.json'), '/hub')).toEqual({
      workspaceFolder: '/work/proj',
      workspaceFolderBasename: 'proj',
      userHome: homedir(),
      cwd: '/hub',
      pathSeparator: sep,
      '/': sep,
    });
  });
});
