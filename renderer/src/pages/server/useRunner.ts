import { useSyncExternalStore } from 'react';
import { HubClientError } from '../../../../shared/hub-client.js';
import type { RunOutcome } from '../../components/ResultView.js';
import { errorMessage } from '../../../../shared/errors.js';

export interface RunnerState {
  formData: unknown;
  /** The last outcome: still shown while the form is edited and while the next run is under way. */
  outcome: RunOutcome | undefined;
  running: boolean;
}

/**
 * What each runner on a server page holds (its form, its last result, whether it is running), by
 * tool, resource or prompt. It outlives the runner's component: switching to another tool and
 * back loses nothing, and a run that ends meanwhile shows its result on return. It is kept apart
 * from the server's description, so a live refresh of the server changes none of it.
 */
export class RunnerMemory {
  private readonly states = new Map<string, RunnerState>();
  private readonly listeners = new Set<() => void>();

  /** The same object until it changes (React compares snapshots by identity). */
  get(key: string, initialFormData: unknown): RunnerState {
    let state = this.states.get(key);
    if (!state) {
      state = { formData: initialFormData, outcome: undefined, running: false };
      this.states.set(key, state);
    }
    return state;
  }

  update(key: string, patch: Partial<RunnerState>): void {
    this.states.set(key, { ...this.get(key, undefined), ...patch });
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** One runner's state in the page's memory, and its run, timed in the window. */
export function useRunner(memory: RunnerMemory, key: string, initialFormData: unknown) {
  const state = useSyncExternalStore(memory.subscribe, () => memory.get(key, initialFormData));

  const run = async (operation: () => Promise<{ result: Record<string, unknown> }>) => {
    memory.update(key, { running: true });
    const started = performance.now();
    let outcome: RunOutcome;
    try {
      const { result } = await operation();
      outcome = { ok: true, result, durationMs: performance.now() - started, finishedAt: Date.now() };
    } catch (error) {
      outcome = {
        ok: false,
        error: errorMessage(error),
        code: error instanceof HubClientError ? error.code : undefined,
        durationMs: performance.now() - started,
        finishedAt: Date.now(),
      };
    }
    memory.update(key, { outcome, running: false });
  };

  return {
    formData: state.formData,
    outcome: state.outcome,
    running: state.running,
    change: (formData: unknown) => memory.update(key, { formData }),
    run,
  };
}
