// What a process tree costs, read from /proc (Linux): resident memory and CPU time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { descendantsOf } from './children.mjs';

let ticksPerSecond;

function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Resident set size of one process in kB (0 when it is gone). */
export function rssKb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The summed RSS (kB) of a process and all its descendants, and how many processes that is. */
export function treeRss(pid) {
  const pids = [pid, ...descendantsOf(pid)];
  const sizes = pids.map(rssKb).filter((kb) => kb > 0);
  return { kb: sizes.reduce((a, b) => a + b, 0), processes: sizes.length };
}

/** CPU time (user + system) one process has used so far, in ms. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

export function mb(kb) {
  return kb / 1024;
}

/** CPU time used so far by each process of a tree, in ms, by pid (processes that vanished are left out). */
export function treeCpu(pid) {
  const usage = new Map();
  for (const member of [pid, ...descendantsOf(pid)]) {
    try {
      usage.set(member, cpuMs(member));
    } catch {
      // It exited between the listing and the read.
    }
  }
  return usage;
}

/** CPU ms a tree used between two treeCpu readings; a process that appeared in between counts in full. */
export function cpuBetween(before, after) {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * Waits until a process tree has settled: at most `busyMs` of CPU in a second (a hub that just
 * became ready may still be writing what it learned, e.g. the pins of 5,000 tools). Gives up after
 * `timeoutMs` and says how busy it still was.
 */
export async function settled(pid, { busyMs = 50, timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = treeCpu(pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const used = cpuBetween(before, treeCpu(pid));
    if (used <= busyMs) return { settled: true, lastSecondMs: used };
    if (Date.now() > deadline) return { settled: false, lastSecondMs: used };
  }
}
