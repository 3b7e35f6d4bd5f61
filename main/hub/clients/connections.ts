import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { z } from 'zod';
import type { ClientId } from './known-clients.js';

/** What the hub did to a client's config file, so that it can be undone exactly. */
export const ConnectionRecordSchema = z.object({
  path: z.string(),
  /** The version the hub replaced (in the backup folder); null when the hub created the file. */
  backup: z.string().nullable(),
  /** sha256 of what the hub wrote: undo restores the backup only if the file is still that. */
  writtenHash: z.string(),
  connectedAt: z.string(),
});
export type ConnectionRecord = z.infer<typeof ConnectionRecordSchema>;

const RecordsSchema = z.object({ version: z.literal(1), clients: z.record(z.string(), ConnectionRecordSchema) });

/** `client-connections.json` in the hub's state folder. */
export class ConnectionRecords {
  constructor(private readonly file: string) {}

  async all(): Promise<Partial<Record<ClientId, ConnectionRecord>>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = RecordsSchema.safeParse(JSON.parse(text));
    // A damaged record only costs the byte-exact undo; the entry can still be removed.
    return parsed.success ? parsed.data.clients : {};
  }

  async set(client: ClientId, record: ConnectionRecord | undefined): Promise<void> {
    const clients = await this.all();
    if (record) clients[client] = record;
    else delete clients[client];
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = join(dirname(this.file), `.${basename(this.file)}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, `${JSON.stringify({ version: 1, clients }, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.file);
  }
}
