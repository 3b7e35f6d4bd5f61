import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, inputRequired, MissingRequiredClientCapabilityError, type ClientCapabilities, type InputRequests, type ServerContext } from '@modelcontextprotocol/server';
// The upstream side's requests and answers are typed as the v1 SDK has them (types only: no v1 code runs).
import type { Result, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from '../../../shared/is-record.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { passThrough, ProtocolError } from '../protocol-error.js';
import { REQUIRED_CAPABILITY, type Caller, type InFlight, type MultiRound } from './caller.js';

/** What the hub's `requestState` carries: which waiting call a retry continues, and what it is a call of. */
interface Ticket {
  call: string;
  /** The tool's or prompt's name, or the resource's URI, as the client named it. */
  subject: string;
  /** Which round's questions this answers, so each round's state differs and an old one continues nothing. */
  round: number;
}

type Outcome = { result: Result } | { error: unknown };

interface Question {
  request: ServerRequest;
  answer(result: Result): void;
  fail(reason: unknown): void;
}

/**
 * The calls of 2026-07-28 clients whose upstream server (of the 2025 era) asked for sampling or an
 * elicitation during the call. Such a client cannot be sent a request: the hub ends its request
 * with `input_required`, naming what the upstream asked, keeps the upstream call waiting, and
 * answers the upstream with the `inputResponses` the client sends when it calls again. A call
 * that is not continued within the upstream's request timeout is cancelled upstream.
 */
export class MultiRoundCalls implements MultiRound {
  private readonly waiting = new Map<string, MultiRoundCall>();
  // A key per hub run: a requestState from before a restart names a call that is gone anyway.
  private readonly codec = createRequestStateCodec<Ticket>({ key: randomBytes(32), bind: (ctx) => ctx.mcpReq.method });

  /**
   * Serves one round of a call: the first (starting the upstream request with `send`), or a
   * retry carrying the client's answers. Resolves with the upstream's result, or with
   * `input_required` when the upstream asked something this round.
   */
  async forward(entry: InFlight, subject: string, send: (signal: AbortSignal) => Promise<Result>): Promise<Result> {
    const { ctx } = entry;
    const ticket = await this.ticket(ctx, subject);
    let call: MultiRoundCall;
    if (ticket === undefined) {
      call = new MultiRoundCall(entry, send, entry.upstream.requestTimeoutMs, () => this.waiting.delete(call.id));
    } else {
      const found = this.waiting.get(ticket.call);
      if (!found || ticket.subject !== subject || ticket.round !== found.rounds || found.serving) {
        throw new ProtocolError(
          JsonRpcErrorCode.InvalidParams,
          found?.serving
            ? `The call this requestState continues is being continued by another request`
            : `The call this requestState continues is no longer waiting (it was not continued in time, was cancelled, or the hub restarted); call '${subject}' again`,
        );
      }
      call = found;
      call.answer(ctx.mcpReq.inputResponses ?? {});
    }
    const outcome = await call.round(entry.caller, ctx);
    if ('questions' in outcome) {
      this.waiting.set(call.id, call);
      return inputRequired({ inputRequests: outcome.questions, requestState: await this.codec.mint({ call: call.id, subject, round: ++call.rounds }, ctx) }) as unknown as Result;
    }
    this.waiting.delete(call.id);
    const failed = 'error' in outcome || outcome.result['isError'] === true;
    // The upstream failed after asking what the client cannot answer: the era has a name for that.
    const lacking = failed ? call.lacking() : undefined;
    if (lacking) throw new MissingRequiredClientCapabilityError({ requiredCapabilities: lacking }, `${entry.caller.clientName()} cannot answer what '${subject}' asks: it did not declare ${Object.keys(lacking).join(' or ')}`);
    if ('error' in outcome) throw passThrough(outcome.error);
    return outcome.result;
  }

  /** The call a retry continues, from its `requestState`, which the client holds and may have changed. */
  private async ticket(ctx: ServerContext, subject: string): Promise<Ticket | undefined> {
    const state = ctx.mcpReq.requestState<unknown>();
    if (state === undefined) return undefined;
    try {
      if (typeof state !== 'string') throw new Error('not a string');
      return await this.codec.verify(state, ctx);
    } catch {
      throw new ProtocolError(
        JsonRpcErrorCode.InvalidParams,
        `Invalid or expired requestState: the hub did not issue it for this request, it is too old, or the hub restarted since; call '${subject}' again`,
      );
    }
  }

  /** An upstream's question during the call `related` is part of: asked of the client when this round ends. */
  ask(related: InFlight | undefined, request: ServerRequest, signal: AbortSignal): Promise<Result> {
    const call = related && MultiRoundCall.of(related);
    if (!call) return Promise.reject(new ProtocolError(JsonRpcErrorCode.InvalidRequest, `A 2026-07-28 client can be asked '${request.method}' only during a call it made`));
    return call.ask(request, signal);
  }
}

const CALLS = new WeakMap<InFlight, MultiRoundCall>();

/**
 * One call across its rounds: the upstream request, and what the upstream asked that the client
 * has not answered. Its in-flight entry moves from the client's request of one round to the next.
 */
class MultiRoundCall {
  readonly id = randomBytes(16).toString('base64url');
  /** A round is being served (the client's retry is open). */
  serving = false;
  /** Rounds that ended with questions. */
  rounds = 0;
  private readonly cancel = new AbortController();
  private outcome: Outcome | undefined;
  private readonly questions = new Map<string, Question>();
  private asked = 0;
  /** What the upstream asked that the client did not declare it can answer. */
  private readonly refused: ClientCapabilities = {};
  private wake: (() => void) | undefined;
  private expiry: NodeJS.Timeout | undefined;

  static of(entry: InFlight): MultiRoundCall | undefined {
    return CALLS.get(entry);
  }

  constructor(
    private readonly entry: InFlight,
    send: (signal: AbortSignal) => Promise<Result>,
    private readonly waitMs: number,
    private readonly forget: () => void,
  ) {
    CALLS.set(entry, this);
    send(this.cancel.signal).then(
      (result) => this.settle({ result }),
      (error: unknown) => this.settle({ error }),
    );
  }

  /**
   * A question of the upstream's: asked of the client when this round ends, or, when the client did
   * not declare it can answer it, refused to the upstream at once (which may go on without it).
   */
  ask(request: ServerRequest, signal: AbortSignal): Promise<Result> {
    const capability = REQUIRED_CAPABILITY[request.method];
    if (capability && !this.entry.caller.clientCapabilities[capability]) {
      this.refused[capability] = {};
      return Promise.reject(new ProtocolError(JsonRpcErrorCode.InvalidRequest, `${this.entry.caller.clientName()}, whose request this is, does not support ${capability}`));
    }
    return new Promise<Result>((resolve, reject) => {
      const key = `${request.method === 'sampling/createMessage' ? 'sampling' : 'input'}-${++this.asked}`;
      const giveUp = () => {
        this.questions.delete(key);
        reject(signal.reason);
      };
      signal.addEventListener('abort', giveUp, { once: true });
      const settled = () => signal.removeEventListener('abort', giveUp);
      this.questions.set(key, {
        request,
        answer: (result) => (settled(), resolve(result)),
        fail: (reason) => (settled(), reject(reason)),
      });
      this.wake?.();
    });
  }

  /** The capabilities the upstream asked for that the client does not have; undefined if none. */
  lacking(): ClientCapabilities | undefined {
    return Object.keys(this.refused).length > 0 ? this.refused : undefined;
  }

  /** The client's answers, by the keys the hub gave its questions; one left out is asked again. */
  answer(responses: Record<string, unknown>): void {
    for (const [key, question] of this.questions) {
      const response = responses[key];
      if (!isRecord(response)) continue;
      this.questions.delete(key);
      question.answer(response as Result);
    }
  }

  /**
   * Serves a round on the client's request (`caller`, `ctx`): the upstream's progress and log
   * messages go there, and closing it cancels the call. Ends with the upstream's outcome, or with
   * the questions asked.
   */
  async round(caller: Caller, ctx: ServerContext): Promise<Outcome | { questions: InputRequests }> {
    clearTimeout(this.expiry);
    this.serving = true;
    const { entry } = this;
    entry.caller = caller;
    entry.ctx = ctx;
    const onCancel = () => this.end(ctx.mcpReq.signal.reason ?? new Error('the client cancelled the call'));
    ctx.mcpReq.signal.addEventListener('abort', onCancel, { once: true });
    caller.inFlight.add(entry);
    try {
      for (;;) {
        if (this.outcome) return this.outcome;
        if (this.questions.size > 0) {
          // Questions asked together go to the client together.
          await new Promise((resolve) => setImmediate(resolve));
          if (this.outcome) return this.outcome;
          this.expiry = setTimeout(() => this.end(new Error(`the client did not continue the call within ${this.waitMs} ms`)), this.waitMs);
          this.expiry.unref();
          return { questions: Object.fromEntries([...this.questions].map(([key, { request }]) => [key, asInputRequest(request)])) };
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      this.serving = false;
      ctx.mcpReq.signal.removeEventListener('abort', onCancel);
      caller.inFlight.delete(entry);
    }
  }

  private settle(outcome: Outcome): void {
    this.outcome ??= outcome;
    this.wake?.();
  }

  /** Cancels the upstream request and refuses what it still waits for. */
  private end(reason: unknown): void {
    clearTimeout(this.expiry);
    this.forget();
    this.cancel.abort(reason);
    for (const question of this.questions.values()) question.fail(reason);
    this.questions.clear();
  }
}

/** The upstream's request as the 2026-07-28 era embeds it; a 2025-06-18 elicitation names no mode, which is a form. */
function asInputRequest(request: ServerRequest): InputRequests[string] {
  const params = request.method === 'elicitation/create' && !('mode' in request.params) ? { ...request.params, mode: 'form' } : request.params;
  return { method: request.method, params } as InputRequests[string];
}
