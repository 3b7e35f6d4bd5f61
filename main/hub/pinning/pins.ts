import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../../../shared/errors.js';
import type { HeldTool } from '../../../shared/pins.js';
import { byCodeUnits } from '../code-unit-order.js';
import type { ServerDefinition } from '../config/types.js';
import type { Logger } from '../log.js';
import { definitionHash, pinnedPart } from './definition.js';
import { LockFile, lockFileOf } from './lock-file.js';

/** What pinning needs of a server: its entry (for its file and settings) and what it offers now. */
export interface PinnedServer {
  readonly name: string;
  readonly definition: ServerDefinition;
  readonly catalog: { tools: readonly Tool[] };
}

export interface ToolPinsOptions {
  backupDir: string;
  /** Where approved and offered definitions are kept by hash, to show a change side by side. */
  definitionsDir: string;
  log: Logger;
  /** Tools were held back for a server (they changed, or are new and the server says hold). */
  onHeld(server: string, tools: HeldTool[]): void;
}

/**
 * Pinned tool definitions, the guard against a server changing a tool after the user trusted it:
 * the first time a server is seen its tools are pinned in the lock file beside its config file;
 * later, a tool whose definition differs from its pin (or a new tool, where the entry says
 * `newTools: "hold"`) is held back until the user approves it.
 */
export class ToolPins {
  private readonly locks = new Map<string, LockFile>();
  private readonly held = new Map<string, Map<string, HeldTool>>();
  /** Writes of lock files and kept definitions still under way. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: ToolPinsOptions) {}

  /** Reads the lock files of these config files (again, after a change on disk). */
  async load(configFiles: readonly string[]): Promise<void> {
    for (const file of configFiles) {
      const path = lockFileOf(file);
      const lock = this.locks.get(path) ?? new LockFile(path, this.options.backupDir);
      await lock.load();
      if (lock.problem) this.options.log.error({ file: path }, `tool pins not checked: ${lock.problem}`);
      this.locks.set(path, lock);
    }
  }

  /**
   * Compares what a server offers with its pins and decides what is held; true if that changed.
   * Only for a server whose catalog is known: an empty one (a server that is down) says nothing.
   */
  review(server: PinnedServer): boolean {
    const lock = this.lockOf(server.definition);
    const before = this.held.get(server.name);
    if (!lock || !pinningOn(server.definition)) return this.setHeld(server.name, new Map(), before);
    const pins = lock.pinsOf(server.name);
    const held = new Map<string, HeldTool>();
    const toPin: Record<string, string> = {};
    for (const tool of server.catalog.tools) {
      const offered = definitionHash(tool);
      const pinned = pins?.[tool.name];
      if (pinned === offered) continue;
      if (pins && pinned !== undefined) held.set(tool.name, { server: server.name, tool: tool.name, reason: 'changed', pinned, offered });
      else if (pins && newToolPolicy(server.definition) === 'hold') held.set(tool.name, { server: server.name, tool: tool.name, reason: 'new', pinned: null, offered });
      else toPin[tool.name] = offered;
    }
    this.keep(server.catalog.tools.filter((tool) => Object.hasOwn(toPin, tool.name) || held.has(tool.name)));
    if (Object.keys(toPin).length > 0) this.write(lock, server.name, toPin);
    const fresh = [...held.values()].filter((tool) => before?.get(tool.tool)?.offered !== tool.offered);
    const changed = this.setHeld(server.name, held, before);
    if (fresh.length > 0) this.options.onHeld(server.name, fresh);
    return changed;
  }

  isHeld(server: string, tool: string): HeldTool | undefined {
    return this.held.get(server)?.get(tool);
  }

  /** Pins what the server offers now for these held tools, releasing them; returns the ones that were held. */
  async approve(server: PinnedServer, tools: readonly string[]): Promise<string[]> {
    const lock = this.lockOf(server.definition);
    const held = this.held.get(server.name);
    const approved = tools.filter((tool) => held?.has(tool));
    if (!lock || !held || approved.length === 0) return [];
    await lock.pin(server.name, Object.fromEntries(approved.map((tool) => [tool, held.get(tool)!.offered])));
    for (const tool of approved) held.delete(tool);
    return approved;
  }

  /** A definition by its hash, as it was kept when pinned or offered; undefined if this machine never saw it. */
  async definition(hash: string): Promise<Record<string, unknown> | undefined> {
    try {
      return JSON.parse(await readFile(join(this.options.definitionsDir, `${hash}.json`), 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  private lockOf(definition: ServerDefinition): LockFile | undefined {
    const lock = this.locks.get(lockFileOf(definition.source));
    return lock?.problem ? undefined : lock;
  }

  private setHeld(server: string, held: Map<string, HeldTool>, before: Map<string, HeldTool> | undefined): boolean {
    this.held.set(server, held);
    const key = (tools: Map<string, HeldTool> | undefined) => JSON.stringify([...(tools?.values() ?? [])].sort((a, b) => byCodeUnits(a.tool, b.tool)));
    return key(held) !== key(before);
  }

  /** Resolves once every write begun so far has ended (the hub waits for them when it stops). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private write(lock: LockFile, server: string, pins: Record<string, string>): void {
    this.track(lock.pin(server, pins).catch((error: unknown) => this.options.log.warn({ server, file: lock.path, err: errorMessage(error) }, 'could not write the tool pins')));
  }

  /** Keeps definitions by hash, for showing a change beside what was approved. */
  private keep(tools: readonly Tool[]): void {
    if (tools.length === 0) return;
    const dir = this.options.definitionsDir;
    this.track(mkdir(dir, { recursive: true })
      .then(() => Promise.all(tools.map((tool) => writeFile(join(dir, `${definitionHash(tool)}.json`), JSON.stringify(pinnedPart(tool)), { flag: 'wx' }).catch(() => {}))))
      .catch((error: unknown) => this.options.log.debug({ err: errorMessage(error) }, 'could not keep tool definitions')),
    );
  }
}

function pinningOn(definition: ServerDefinition): boolean {
  return definition.config?.pinning ?? definition.fileDefaults?.pinning ?? true;
}

function newToolPolicy(definition: ServerDefinition): 'allow' | 'hold' {
  return definition.config?.newTools ?? definition.fileDefaults?.newTools ?? 'allow';
}
