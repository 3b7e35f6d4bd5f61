import type { ChildProcess } from 'node:child_process';
import { ProcessTree } from '../processes/process-tree.js';
import type { ServerProcesses } from '../processes/server-processes.js';
import { sameLaunch, spawnServer, type EarlyChild, type EarlyChildren, type StdioLaunch } from '../upstream/spawn-server.js';
import type { PlannedServer } from './plan.js';

/**
 * Server processes the CLI starts while the hub's code still loads (a few hundred ms in which a
 * server boots too), each held with its output until its transport takes it over. The transport
 * takes one only for the same server and exactly the launch it would spawn itself; whatever is
 * not taken is ended, with its process group and what it started.
 */
export class EarlyServers implements EarlyChildren {
  private readonly held = new Map<string, HeldChild>();
  /** The servers whose transport took over the process started for them. */
  readonly taken: string[] = [];

  constructor(planned: PlannedServer[], processes: ServerProcesses) {
    for (const { name, launch } of planned) {
      const tag = processes.nextTag();
      let child: ChildProcess;
      try {
        child = spawnServer(launch, tag);
      } catch {
        continue; // The transport will spawn it and report why it cannot.
      }
      // A spawn that failed (ENOENT) has no pid; the transport tries again and says why.
      child.once('error', () => {});
      if (child.pid === undefined) continue;
      processes.started(tag, child.pid, name);
      this.held.set(name, new HeldChild(child, tag, launch, () => processes.ended(tag)));
    }
    // No process of a hub that exits before it took them over outlives it.
    process.once('exit', () => this.discard());
  }

  /** The servers started early and not yet taken over or ended. */
  get waiting(): string[] {
    return [...this.held.keys()];
  }

  take(server: string | undefined, launch: StdioLaunch): EarlyChild | undefined {
    const held = server === undefined ? undefined : this.held.get(server);
    if (!held) return undefined;
    this.held.delete(server!);
    if (sameLaunch(held.launch, launch) && held.running) {
      this.taken.push(server!);
      return held;
    }
    held.end();
    return undefined;
  }

  /** Ends every process not taken over: the hub has started what it starts. */
  discard(): void {
    for (const held of this.held.values()) held.end();
    this.held.clear();
  }
}

class HeldChild implements EarlyChild {
  private readonly stdout: Buffer[] = [];
  private readonly stderr: string[] = [];
  private closed = false;
  private readonly keepStdout = (chunk: Buffer) => this.stdout.push(chunk);
  private readonly keepStderr = (chunk: string) => this.stderr.push(chunk);

  constructor(
    readonly child: ChildProcess,
    readonly tag: string,
    readonly launch: StdioLaunch,
    private readonly onClose: () => void,
  ) {
    child.stdout!.on('data', this.keepStdout);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', this.keepStderr);
    child.stdin!.on('error', () => {});
    child.once('close', () => {
      this.closed = true;
      this.onClose();
    });
  }

  get running(): boolean {
    return !this.closed && this.child.exitCode === null && this.child.signalCode === null;
  }

  attach(stdout: (chunk: Buffer) => void, stderr: (chunk: string) => void): void {
    const { child } = this;
    child.stdout!.off('data', this.keepStdout);
    child.stderr!.off('data', this.keepStderr);
    for (const chunk of this.stdout.splice(0)) stdout(chunk);
    for (const chunk of this.stderr.splice(0)) stderr(chunk);
    child.stdout!.on('data', stdout);
    child.stderr!.on('data', stderr);
  }

  end(): void {
    new ProcessTree(this.child.pid!, this.tag).signal('SIGKILL', this.running);
  }
}
