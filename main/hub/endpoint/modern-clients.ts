import { createHash } from 'node:crypto';
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import { isRecord } from '../../../shared/is-record.js';
import type { SessionInfo } from '../../../shared/sessions.js';

/** Beyond this many, the client seen longest ago is forgotten: names are the client's to choose. */
const MAX_REMEMBERED = 200;
const MAX_NAME = 200;

interface Seen {
  info: Omit<SessionInfo, 'lastRequestAt'>;
  /** Requests of the client being served now: a client in the middle of a long call is not idle. */
  open: number;
  lastRequestAt: number;
  /** When it last sent a request, or a request of it ended. */
  lastSeen: number;
}

/**
 * The 2026-07-28 clients of the hub. They have no session to list, so the hub lists those that
 * sent a request lately (or have one in flight), by the name, version and endpoint they give:
 * the list of connected clients, and `--auto-shutdown`, count them like sessions.
 */
export class ModernClients {
  private readonly seen = new Map<string, Seen>();

  get size(): number {
    return this.seen.size;
  }

  /** A request with this `_meta` envelope came to `path`; returns whether the client is new, and the call that ends the request. */
  begin(meta: unknown, path: string): { added: boolean; end: () => void } {
    const envelope = isRecord(meta) ? meta : {};
    const client = clientOf(envelope[CLIENT_INFO_META_KEY]);
    const key = `${path}\n${client ? `${client.name}\n${client.version}` : ''}`;
    const now = Date.now();
    let entry = this.seen.get(key);
    const added = !entry;
    if (!entry) {
      const capabilities = isRecord(envelope[CLIENT_CAPABILITIES_META_KEY]) ? envelope[CLIENT_CAPABILITIES_META_KEY] : {};
      const version = envelope[PROTOCOL_VERSION_META_KEY];
      entry = {
        info: {
          id: createHash('sha256').update(key).digest('hex').slice(0, 32),
          client,
          transport: 'streamable-http',
          protocolVersion: typeof version === 'string' ? version.slice(0, 32) : null,
          path,
          connectedAt: new Date(now).toISOString(),
          capabilities: { sampling: Boolean(capabilities['sampling']), elicitation: Boolean(capabilities['elicitation']), roots: Boolean(capabilities['roots']) },
        },
        open: 0,
        lastRequestAt: now,
        lastSeen: now,
      };
      this.seen.set(key, entry);
      this.forgetOldest();
    }
    const current = entry;
    current.open++;
    current.lastRequestAt = now;
    current.lastSeen = now;
    let ended = false;
    return {
      added,
      end: () => {
        if (ended) return;
        ended = true;
        current.open--;
        current.lastSeen = Date.now();
      },
    };
  }

  infos(): SessionInfo[] {
    return [...this.seen.values()].map((entry) => ({ ...entry.info, lastRequestAt: new Date(entry.lastRequestAt).toISOString() }));
  }

  /** Forgets the clients with nothing in flight and no request since `cutoff`; returns whether any was. */
  sweep(cutoff: number): boolean {
    let removed = false;
    for (const [key, entry] of this.seen) {
      if (entry.open > 0 || entry.lastSeen > cutoff) continue;
      this.seen.delete(key);
      removed = true;
    }
    return removed;
  }

  private forgetOldest(): void {
    if (this.seen.size <= MAX_REMEMBERED) return;
    let oldest: [string, Seen] | undefined;
    for (const pair of this.seen) if (pair[1].open === 0 && (!oldest || pair[1].lastSeen < oldest[1].lastSeen)) oldest = pair;
    if (oldest) this.seen.delete(oldest[0]);
  }
}

function clientOf(value: unknown): SessionInfo['client'] {
  if (!isRecord(value) || typeof value['name'] !== 'string') return null;
  const version = typeof value['version'] === 'string' ? value['version'] : '';
  return { name: value['name'].slice(0, MAX_NAME), version: version.slice(0, MAX_NAME) };
}
