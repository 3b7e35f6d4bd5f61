import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writing where the user needs an administrator's consent (macOS: /usr/local/bin, which is on
 * every shell's PATH). The system's own password dialog asks; nothing runs without it.
 */
export interface AdminFiles {
  /** Whether writing in `dir` (or creating it) needs the consent: the user cannot write there. */
  needed(dir: string): Promise<boolean>;
  /** Copies `from` to `to` as an executable (755), creating `to`'s folder. */
  install(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
}

// The paths travel in environment variables and reach the shell through `quoted form of`.
function osascript(shell: string, env: Record<string, string>): Promise<void> {
  const script = `do shell script ${shell} with administrator privileges`;
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/osascript', ['-e', script], { env: { ...process.env, ...env }, timeout: 120_000 }, (error) => (error ? reject(error) : resolve()));
  });
}

const from = 'quoted form of (system attribute "MCP_HUB_FROM")';
const to = 'quoted form of (system attribute "MCP_HUB_TO")';

export const macAdminFiles: AdminFiles = {
  async needed(dir) {
    let existing = dir;
    while (!(await access(existing).then(() => true, () => false)) && dirname(existing) !== existing) existing = dirname(existing);
    return access(existing, constants.W_OK).then(() => false, () => true);
  },
  install: (source, target) =>
    osascript(`"/bin/mkdir -p \\"$(/usr/bin/dirname " & ${to} & ")\\" && /bin/cp " & ${from} & " " & ${to} & " && /bin/chmod 755 " & ${to}`, {
      MCP_HUB_FROM: source,
      MCP_HUB_TO: target,
    }),
  remove: (target) => osascript(`"/bin/rm -f " & ${to}`, { MCP_HUB_TO: target }),
};
