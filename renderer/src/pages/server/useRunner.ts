import { useState } from 'react';
import { HubClientError } from '../../../../shared/hub-client.js';
import type { RunOutcome } from '../../components/ResultView.js';
import { errorMessage } from '../../stores/errors.js';

export interface RunnerSaved {
  formData: unknown;
  outcome: RunOutcome | undefined;
}

/**
 * What each runner on a server page was left with (its form and last result), by tool, resource
 * or prompt: switching to another one and back loses nothing. Lives as long as the page.
 */
export type RunnerMemory = Map<string, RunnerSaved>;

/**
 * A runner's state: the form's values (kept by the runner, not by the form, so a live refresh of
 * the server re-rendering the form changes nothing), the last outcome (still shown while the
 * form is edited and while the next run is under way), and the run itself, timed in the window.
 */
export function useRunner(memory: RunnerMemory, key: string, initialFormData: unknown) {
  const saved = memory.get(key);
  const [formData, setFormData] = useState<unknown>(saved ? saved.formData : initialFormData);
  const [outcome, setOutcome] = useState<RunOutcome | undefined>(saved?.outcome);
  const [running, setRunning] = useState(false);

  const save = (patch: Partial<RunnerSaved>) => {
    const current = memory.get(key) ?? { formData: initialFormData, outcome: undefined };
    memory.set(key, { ...current, ...patch });
  };

  const change = (next: unknown) => {
    setFormData(next);
    save({ formData: next });
  };

  const run = async (operation: () => Promise<{ result: Record<string, unknown> }>) => {
    setRunning(true);
    const started = performance.now();
    let next: RunOutcome;
    try {
      const { result } = await operation();
      next = { ok: true, result, durationMs: performance.now() - started, finishedAt: Date.now() };
    } catch (error) {
      next = {
        ok: false,
        error: errorMessage(error),
        code: error instanceof HubClientError ? error.code : undefined,
        durationMs: performance.now() - started,
        finishedAt: Date.now(),
      };
    }
    // Saved even if the runner was closed meanwhile: it is there when it is opened again.
    save({ outcome: next });
    setOutcome(next);
    setRunning(false);
  };

  return { formData, change, outcome, running, run };
}
