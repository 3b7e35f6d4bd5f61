import { execFile } from 'node:child_process';

/**
 * The user's own PATH setting, which shells and editors started later read. On Windows it is the
 * `Path` value of HKCU\Environment, changed through .NET's Environment API (which also tells
 * running programs such as Explorer that it changed); `setx` would cut it at 1,024 characters.
 */
export interface UserPath {
  includes(dir: string): Promise<boolean>;
  add(dir: string): Promise<void>;
  remove(dir: string): Promise<void>;
}

// The folder travels in an environment variable, never inside the command text.
const SCRIPT = {
  includes: `$p = [Environment]::GetEnvironmentVariable('Path', 'User'); if ((($p -split ';') | Where-Object { $_ -ieq $env:MCP_HUB_DIR }).Count -gt 0) { 'yes' } else { 'no' }`,
  add: `$p = [Environment]::GetEnvironmentVariable('Path', 'User'); if (-not (($p -split ';') | Where-Object { $_ -ieq $env:MCP_HUB_DIR })) { [Environment]::SetEnvironmentVariable('Path', ((@($p -split ';' | Where-Object { $_ }) + $env:MCP_HUB_DIR) -join ';'), 'User') }`,
  remove: `$p = [Environment]::GetEnvironmentVariable('Path', 'User'); [Environment]::SetEnvironmentVariable('Path', ((@($p -split ';' | Where-Object { $_ -and $_ -ine $env:MCP_HUB_DIR })) -join ';'), 'User')`,
};

function powershell(script: string, dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-Command', script],
      { env: { ...process.env, MCP_HUB_DIR: dir }, windowsHide: true, timeout: 15_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
    );
  });
}

export const windowsUserPath: UserPath = {
  includes: async (dir) => (await powershell(SCRIPT.includes, dir)) === 'yes',
  add: async (dir) => void (await powershell(SCRIPT.add, dir)),
  remove: async (dir) => void (await powershell(SCRIPT.remove, dir)),
};
