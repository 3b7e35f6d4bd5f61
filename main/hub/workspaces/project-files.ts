import { join, resolve } from 'node:path';

/**
 * The project-level config files of a workspace folder, after the user's config in this order (a
 * later project file's server replaces an earlier one of the same name, never one of the user's):
 * the editors' own files first, the hub's own last. All of them are listed, present or not, so
 * that `--watch` picks up one created later. They run only once trusted (project-trust.ts).
 */
export const PROJECT_CONFIG_FILES = ['.vscode/mcp.json', '.cursor/mcp.json', '.mcp-hub.json'] as const;

export function projectConfigFiles(workspace: string): string[] {
  return PROJECT_CONFIG_FILES.map((file) => join(resolve(workspace), file));
}
