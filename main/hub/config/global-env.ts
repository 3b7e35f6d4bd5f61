import { parseJsonc } from './jsonc.js';
import { isRecord } from '../../../shared/is-record.js';

const PREFIX = 'MCP_HUB_ENV is not a JSON object of strings';

/**
 * Parses MCP_HUB_ENV (mcphub.nvim serialises its `global_env` into it). Errors name the offset or
 * key but never quote the text: the variable usually carries tokens.
 */
export function parseGlobalEnv(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return {};
  const parsed = parseJsonc(raw);
  if (!parsed.ok) throw new Error(`${PREFIX}: invalid JSON at position ${parsed.error.offset} (${parsed.error.message})`);
  if (!isRecord(parsed.value)) throw new Error(`${PREFIX}: the top level is not an object`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.value)) {
    if (typeof value !== 'string') {
      throw new Error(`${PREFIX}: the value of ${JSON.stringify(key)} is ${value === null ? 'null' : typeof value}`);
    }
    Object.defineProperty(env, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return env;
}
