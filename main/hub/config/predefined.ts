import { homedir } from 'node:os';
import { basename, dirname, sep } from 'node:path';

// Folders whose mcp.json belongs to the project around them (VS Code and Cursor).
const PROJECT_CONFIG_DIRS = new Set(['.vscode', '.cursor']);

/**
 * VS Code semantics: `.vscode/mcp.json` belongs to the folder containing `.vscode`. mcp-hub v4
 * always used the hub's cwd, which broke project configs; that remains the fallback.
 */
export function workspaceFolderFor(configFile: string, cwd: string): string {
  const folder = dirname(configFile);
  return PROJECT_CONFIG_DIRS.has(basename(folder)) ? dirname(folder) : cwd;
}

/** The lowest-priority variables: `${workspaceFolder}`, `${userHome}`, `${/}`… */
export function predefinedVariables(configFile: string, cwd: string): Record<string, string> {
  const workspaceFolder = workspaceFolderFor(configFile, cwd);
  return {
    workspaceFolder,
    workspaceFolderBasename: basename(workspaceFolder),
    userHome: homedir(),
    cwd,
    pathSeparator: sep,
    '/': sep,
  };
}
