import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { PROCESS_TAG_VARIABLE } from './process-tag.js';

/**
 * Waits for its stdin to end, which happens when the hub's process ends however it ends (`kill -9`
 * included: the kernel closes the hub's end of the pipe), then kills every process that carries
 * the hub's tag, twice (one may have forked meanwhile), and removes the hub's record.
 * Plain sh and grep: a process this small costs the machine nothing while it waits.
 */
const SCRIPT = `while read -r _; do :; done
for round in 1 2; do
  for environ in /proc/[0-9]*/environ; do
    if grep -qzs "^${PROCESS_TAG_VARIABLE}=$1\\\\." "$environ"; then pid=\${environ#/proc/}; kill -9 "\${pid%/environ}" 2>/dev/null; fi
  done
done
rm -f "$2"`;

/**
 * Ties the servers of a hub to the hub's life on Linux, where nothing else does (Node offers no
 * PR_SET_PDEATHSIG, and a server may leave its process group): a watchdog in its own process
 * group, so a Ctrl-C meant for the hub does not end it first.
 */
export function startWatchdog(hubTag: string, recordFile: string): ChildProcess {
  const watchdog = spawn('/bin/sh', ['-c', SCRIPT, 'mcp-hub-watchdog', hubTag, recordFile], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.on('error', () => {});
  // The hub never writes to it; holding the pipe open is the whole message. Neither keeps the hub running.
  (watchdog.stdin as Socket).unref();
  watchdog.unref();
  return watchdog;
}
