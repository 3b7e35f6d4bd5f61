// @ts-check
// The processes a process started, found with ps (Linux and macOS), for the desktop smoke test.
import { execFileSync } from 'node:child_process';

/**
 * The processes below `pid`, children and theirs.
 * @param {number} pid
 * @returns {Array<{ pid: number, ppid: number, args: string }>}
 */
export function descendants(pid) {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? '' }));
  const found = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = rows.filter((row) => parents.has(row.ppid));
    found.push(...children);
    parents = new Set(children.map((row) => row.pid));
  }
  return found;
}

/**
 * Whether `pid` still runs. A zombie (ended, not yet reaped: its parent is gone and the container's
 * init does not reap) counts as gone.
 * @param {number} pid
 */
export function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EPERM') return false;
  }
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    // ps found no such process.
    return false;
  }
}
