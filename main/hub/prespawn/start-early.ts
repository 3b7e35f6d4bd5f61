import type { Logger } from '../log.js';
import { hubPaths } from '../paths.js';
import { ServerProcesses, type ProcessWarnings } from '../processes/server-processes.js';
import { EarlyServers } from './early-servers.js';
import { plannedServers, type EarlyStart } from './plan.js';

export interface EarlyStarted {
  servers: EarlyServers;
  /** The hub's record of its servers' processes, begun before the hub so the early ones are in it. */
  processes: ServerProcesses;
  /** The hub's log, once it exists: what the record had to say until then goes there. */
  useLog(logger: Logger): void;
}

/**
 * Starts, before the hub's code loads, the stdio servers it will start at once (see
 * plannedServers), in the hub's record of processes; undefined when there are none.
 */
export function startEarlyServers(start: EarlyStart): EarlyStarted | undefined {
  const paths = hubPaths(start.env);
  const planned = plannedServers(start, start.configFiles.length > 0 ? start.configFiles : [paths.defaultConfigFile]);
  if (planned.length === 0) return undefined;
  const pending: Parameters<Logger['warn']>[] = [];
  let target: Logger | undefined;
  const log = { warn: (...args: Parameters<Logger['warn']>) => (target ? target.warn(...args) : pending.push(args)) } as ProcessWarnings;
  const processes = new ServerProcesses({ dir: paths.processesDir, log });
  processes.start();
  return {
    servers: new EarlyServers(planned, processes),
    processes,
    useLog(logger) {
      target = logger;
      for (const args of pending.splice(0)) logger.warn(...args);
    },
  };
}
