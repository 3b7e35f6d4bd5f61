import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { nestedDeeperThan } from '../json-depth.js';
import { isJsonRpcMessage } from '../json-rpc.js';

/** Tool arguments and resource contents can be large; a few MB is not enough. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Recursive code on the way (the SDK's, the upstream server's) would run out of stack. */
const MAX_MESSAGE_DEPTH = 100;
const MAX_BATCH = 100;

/** Why a POST's body cannot be taken, as the HTTP status and JSON-RPC error to answer with. */
export interface BodyRefusal {
  status: number;
  code: number;
  message: string;
}

/** The messages, and whether they came as a batch (an array, even of one). */
export type ReadBody = { messages: JSONRPCMessage[]; batch: boolean } | { refused: BodyRefusal };

const refuse = (status: number, code: number, message: string): ReadBody => ({ refused: { status, code, message } });

/**
 * Reads the JSON-RPC message (or batch) a client POSTed: JSON only, bounded in size and depth,
 * each message shaped as JSON-RPC 2.0 requires. What the messages say is the SDK server's to
 * check; this only makes sure they are messages.
 */
export async function readJsonRpcBody(req: IncomingMessage): Promise<ReadBody> {
  const type = mediaType(req.headers['content-type']);
  if (type?.essence !== 'application/json') return refuse(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
  if (type.charset !== undefined && type.charset !== 'utf-8') return refuse(415, -32000, `Unsupported Media Type: charset '${type.charset}' (send UTF-8)`);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decode = DECODERS[encoding];
  if (decode === undefined) return refuse(415, -32000, `Unsupported Media Type: Content-Encoding '${encoding}' (send gzip, deflate, br or identity)`);
  if (encoding === 'identity' && Number(req.headers['content-length']) > MAX_BODY_BYTES) return tooLarge();
  let text: string | undefined;
  let body: unknown;
  try {
    // pipeline, not pipe: a client that breaks off mid-body must end the decoding too.
    text = await readText(decode ? pipeline(req, decode(), () => {}) : req);
    if (text === undefined) return tooLarge();
    body = JSON.parse(text);
  } catch {
    return refuse(400, -32700, text === undefined ? `Parse error: the ${encoding} body cannot be decoded` : 'Parse error: Invalid JSON');
  }
  if (nestedDeeperThan(body, MAX_MESSAGE_DEPTH)) return refuse(400, -32600, `Invalid Request: nested deeper than ${MAX_MESSAGE_DEPTH} levels`);
  const messages = Array.isArray(body) ? body : [body];
  if (messages.length === 0) return refuse(400, -32600, 'Invalid Request: an empty batch');
  if (messages.length > MAX_BATCH) return refuse(400, -32600, `Invalid Request: a batch must not exceed ${MAX_BATCH} messages`);
  if (!messages.every(isJsonRpcMessage)) return refuse(400, -32700, 'Parse error: Invalid JSON-RPC message');
  return { messages, batch: Array.isArray(body) };
}

const tooLarge = () => refuse(413, -32000, `Payload Too Large: the body must not exceed ${MAX_BODY_BYTES / 1024 / 1024} MB`);

const DECODERS: Partial<Record<string, (() => Transform) | null>> = { identity: null, gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

function mediaType(header: string | undefined): { essence: string; charset: string | undefined } | undefined {
  // What SDK clients send on every POST.
  if (header === 'application/json') return { essence: header, charset: undefined };
  if (header === undefined) return undefined;
  const [essence, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return { essence: essence!, charset: charset === 'utf8' ? 'utf-8' : charset };
}

/** The body as text, or undefined once it grows past the limit (the rest is then discarded). */
function readText(req: Readable): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
