import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../test/helpers.js';
import { loginShellPath, mergePaths, needsLoginShellPath } from './shell-path.js';

describe('the login shell PATH (real bash, fixture home)', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempDir();
  });
  afterEach(async () => {
    await removeDir(home);
  });

  const env = () => ({ HOME: home, PATH: '/usr/bin:/bin', SHELL: '/bin/bash' });

  it("includes what the user's startup files add, despite what they print", async () => {
    await writeFile(join(home, '.bash_profile'), 'echo "Welcome back"\nexport PATH="$HOME/.nvm/bin:$PATH"\n. "$HOME/.bashrc"\n');
    await writeFile(join(home, '.bashrc'), 'export PATH="$HOME/.local/bin:$PATH"\necho rc loaded\n');
    const path = await loginShellPath({ env: env() });
    expect(path.split(':').slice(0, 2)).toEqual([join(home, '.local/bin'), join(home, '.nvm/bin')]);
    expect(path).toContain('/usr/bin');
  });

  it('gives up on a shell that hangs, saying so', async () => {
    await mkdir(home, { recursive: true });
    await writeFile(join(home, '.bash_profile'), 'sleep 30\n');
    await expect(loginShellPath({ env: env(), timeoutMs: 500 })).rejects.toThrow('/bin/bash did not report its PATH within 500 ms');
  });

  it('says when the shell cannot run', async () => {
    await expect(loginShellPath({ env: env(), shell: join(home, 'no-such-shell') })).rejects.toThrow(/cannot run .*no-such-shell/);
  });
});

describe('PATH merging', () => {
  it('puts the login entries first and keeps the rest once', () => {
    expect(mergePaths('/a:/usr/bin', '/usr/bin:/b')).toBe('/a:/usr/bin:/b');
  });

  it('applies to launcher-started apps only', () => {
    expect(needsLoginShellPath('darwin', { TERM: 'xterm' })).toBe(true);
    expect(needsLoginShellPath('linux', {})).toBe(true);
    expect(needsLoginShellPath('linux', { TERM: 'xterm-256color' })).toBe(false);
    expect(needsLoginShellPath('win32', {})).toBe(false);
  });
});
