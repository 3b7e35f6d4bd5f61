import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alive, descendants } from '../../scripts/lib/process-tree.mjs';

describe('the process tree the desktop smoke test checks', () => {
  it('finds a grandchild by its arguments, and sees it gone once killed', async () => {
    const marker = `smoke-marker-${process.pid}`;
    // A child that starts a grandchild and prints its pid.
    const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${marker}'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const grandchild = Number(await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))));
    try {
      const found = descendants(child.pid!).filter((row) => row.args.includes(marker));
      expect(found.map((row) => row.pid)).toEqual([grandchild]);
      expect(found[0]!.ppid).toBe(child.pid);
      expect(alive(grandchild)).toBe(true);
    } finally {
      process.kill(grandchild, 'SIGKILL');
      child.kill('SIGKILL');
    }
    await expect.poll(() => alive(grandchild)).toBe(false);
  });
});
