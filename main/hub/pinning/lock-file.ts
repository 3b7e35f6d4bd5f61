import { dirname, join } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../../shared/errors.js';
import { byCodeUnits } from '../code-unit-order.js';
import { ConfigConflictError, readConfigSnapshot, writeFileSafely } from '../config/write.js';

/** The lock file beside a config file: the tool definitions its servers were trusted with. */
export const LOCK_FILE_NAME = 'mcp-hub.lock.json';

export function lockFileOf(configFile: string): string {
  return join(dirname(configFile), LOCK_FILE_NAME);
}

const LockSchema = z.object({
  lockfileVersion: z.literal(1),
  /** Per server, per tool: the hash of the definition the user trusted (see definition.ts). */
  servers: z.record(z.string(), z.object({ tools: z.record(z.string(), z.string()) })),
});
export type LockData = z.infer<typeof LockSchema>;

const EMPTY: LockData = { lockfileVersion: 1, servers: {} };
const WRITE_ATTEMPTS = 3;

/**
 * One lock file, read once and written when pins change. Written like a config file (atomic,
 * backed up, never over someone else's edit): a pin set here is applied to the file as it is on
 * disk at that moment, so a hand edit or a `git pull` in between is kept, not overwritten. Its
 * text is stable (sorted, indented) so that it diffs well in version control.
 */
export class LockFile {
  private data: LockData = EMPTY;
  /** Why the file could not be read; pins are then neither trusted nor written until it is fixed. */
  problem: string | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly backupDir: string,
  ) {}

  async load(): Promise<void> {
    const snapshot = await readConfigSnapshot(this.path);
    const parsed = snapshot.exists ? parseLock(snapshot.text) : { data: EMPTY };
    this.data = parsed.data ?? EMPTY;
    this.problem = parsed.problem && `${this.path}: ${parsed.problem}`;
  }

  /** The pins of a server; undefined when the lock does not know it yet. */
  pinsOf(server: string): Readonly<Record<string, string>> | undefined {
    return Object.hasOwn(this.data.servers, server) ? this.data.servers[server]!.tools : undefined;
  }

  /** Pins definitions (`hash`, or undefined to unpin a tool the server no longer offers) and writes the file. */
  pin(server: string, tools: Readonly<Record<string, string | undefined>>): Promise<void> {
    this.data = applyPins(this.data, server, tools);
    const written = this.writes.then(() => this.write(server, tools));
    this.writes = written.catch(() => {});
    return written;
  }

  private async write(server: string, tools: Readonly<Record<string, string | undefined>>): Promise<void> {
    if (this.problem) throw new Error(`not written: ${this.problem}`);
    for (let attempt = 1; ; attempt++) {
      const snapshot = await readConfigSnapshot(this.path);
      const onDisk = snapshot.exists ? parseLock(snapshot.text) : { data: EMPTY };
      if (!onDisk.data) throw new Error(`not written: ${this.path}: ${onDisk.problem}`);
      const next = applyPins(onDisk.data, server, tools);
      try {
        await writeFileSafely(this.path, lockText(next), { expectedHash: snapshot.hash, backupDir: this.backupDir, validate: () => {} });
        this.data = next;
        return;
      } catch (error) {
        if (!(error instanceof ConfigConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }
}

function parseLock(text: string): { data?: LockData; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${errorMessage(error)})` };
  }
  const parsed = LockSchema.safeParse(json);
  return parsed.success ? { data: parsed.data } : { problem: `not a lock file of this hub (${parsed.error.issues[0]?.message ?? 'unexpected shape'})` };
}

function applyPins(data: LockData, server: string, tools: Readonly<Record<string, string | undefined>>): LockData {
  const pins = { ...(data.servers[server]?.tools ?? {}) };
  for (const [tool, hash] of Object.entries(tools)) {
    if (hash === undefined) delete pins[tool];
    else pins[tool] = hash;
  }
  return { ...data, servers: { ...data.servers, [server]: { tools: pins } } };
}

export function lockText(data: LockData): string {
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => byCodeUnits(a, b)));
  const servers = Object.fromEntries(Object.entries(sorted(data.servers)).map(([name, { tools }]) => [name, { tools: sorted(tools) }]));
  return `${JSON.stringify({ lockfileVersion: 1, servers }, null, 2)}\n`;
}
