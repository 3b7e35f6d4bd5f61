import { operations, type OperationName, type OperationResult, type ParsedInput } from '../../../shared/contract.js';
import { errorMessage, statusOf } from '../../../shared/errors.js';
import type { HubEvent } from '../../../shared/events.js';
import { createReplyHubClient, type HubClient, type HubErrorPayload, type OperationReply } from '../../../shared/hub-client.js';
import { describeIssues } from '../../../shared/issues.js';
import { HubError, validationError } from '../errors.js';
import { nestedDeeperThan } from '../json-depth.js';
import type { HubEventBus } from '../events.js';
import type { Logger } from '../log.js';
import type { Redactor } from '../redactor.js';

const MAX_INPUT_DEPTH = 64;

/** The hub's implementation of every operation of the contract. */
export type OperationHandlers = { [N in OperationName]: (input: ParsedInput<N>) => Promise<OperationResult<N>> };

export interface HubServiceOptions {
  handlers: OperationHandlers;
  events: HubEventBus;
  redactor: Redactor;
  logger: Logger;
}

/**
 * The front door of the hub: every operation, whoever asks (REST, IPC, the tray, tests), comes in
 * through `dispatch`, and every event goes out through `subscribe`. Input is checked against the
 * contract here, secrets are blanked out of results, errors and events here, and errors get their
 * status here; the transports only carry what this answers.
 */
export class HubService {
  private readonly listeners = new Set<(event: HubEvent) => void>();
  private readonly log: Logger;

  constructor(private readonly options: HubServiceOptions) {
    this.log = options.logger.child({ component: 'service' });
    options.events.onAny((event) => {
      if (this.listeners.size === 0) return;
      // Redacted once for every subscriber.
      const redacted = options.redactor.redactValue(event);
      for (const listener of [...this.listeners]) listener(redacted);
    });
  }

  /** Carries out one operation. Never throws: a failure is a reply with the contract's error payload. */
  async dispatch<N extends OperationName>(name: N, input: unknown): Promise<OperationReply<OperationResult<N>>> {
    const spec = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (!spec) return this.failure(new HubError('NOT_FOUND', `No operation '${String(name)}'`));
    // Nesting that deep is never meant, and recursive code on the way (ours, the SDK's, the
    // server's) would run out of stack on it.
    if (nestedDeeperThan(input, MAX_INPUT_DEPTH)) {
      return this.failure(validationError(`The input is nested deeper than ${MAX_INPUT_DEPTH} levels`));
    }
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return this.failure(validationError(describeIssues(parsed.error), { issues: parsed.error.issues }));
    try {
      const handler = this.options.handlers[name] as (input: unknown) => Promise<OperationResult<N>>;
      const result = await handler(parsed.data);
      return { ok: true, result: this.options.redactor.redactValue(result) };
    } catch (error) {
      if (!(error instanceof HubError)) this.log.error({ operation: name, err: error instanceof Error ? error.stack : String(error) }, 'operation failed unexpectedly');
      return this.failure(error);
    }
  }

  /** Every hub event from now on, with secrets blanked out; returns the unsubscribe function. */
  subscribe(listener: (event: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A HubClient for callers in this process (the tray): the same door as REST and IPC. */
  client(): HubClient {
    return createReplyHubClient({ invoke: (name, input) => this.dispatch(name, input), subscribe: (listener) => this.subscribe(listener) });
  }

  private failure(error: unknown): { ok: false; error: HubErrorPayload } {
    const payload: HubErrorPayload =
      error instanceof HubError
        ? { code: error.code, message: error.message, status: statusOf(error.code), data: error.data }
        : { code: 'SERVER_ERROR', message: errorMessage(error), status: statusOf('SERVER_ERROR'), data: {} };
    return { ok: false, error: this.options.redactor.redactValue(payload) };
  }
}
