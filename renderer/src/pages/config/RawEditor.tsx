import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { CodeEditor, type CodeEditorHandle } from '../../components/CodeEditor.js';
import { ConflictView } from './ConflictView.js';
import { isRawDirty, type ConfigStore } from './store.js';
import { validateConfigText, type ConfigProblem } from './validate.js';

export interface RawEditorProps {
  store: ConfigStore;
  path: string;
}

/** `file:12:5: mcpServers.x: what` → line and column, to jump to a problem the hub reported. */
function locate(problem: string, text: string): number | undefined {
  const match = /:(\d+):(\d+): /.exec(problem);
  if (!match) return undefined;
  const lines = text.split('\n');
  const line = Number(match[1]);
  if (line < 1 || line > lines.length) return undefined;
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  return offset + Math.max(0, Number(match[2]) - 1);
}

function ProblemList({ problems, onJump }: { problems: ConfigProblem[]; onJump: (offset: number) => void }) {
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">
        Problems <span className="muted">({problems.length})</span>
      </h2>
      {problems.length === 0 ? (
        <p className="muted">No problems found: the hub will accept this file.</p>
      ) : (
        <ul>
          {problems.map((problem) => (
            <li key={`${problem.from}:${problem.message}`}>
              <button type="button" className="inline-action" onClick={() => onJump(problem.from)}>
                Line {problem.line}, column {problem.column}
              </button>
              : {problem.path && <code>{problem.path}</code>}
              {problem.path && ': '}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * One config file as text: CodeMirror with the hub's checks as you type, saved over the version
 * it was read from and never over a newer one.
 */
export function RawEditor({ store, path }: RawEditorProps) {
  const draft = useStore(store, (state) => state.raw[path]);
  const file = useStore(store, (state) => state.files.find((candidate) => candidate.path === path));
  const editor = useRef<CodeEditorHandle>(null);
  const text = draft?.text ?? '';
  const problems = useMemo(() => validateConfigText(text), [text]);
  const diagnostics = useMemo(() => problems.map(({ from, to, message }) => ({ from, to, message, severity: 'error' as const })), [problems]);
  const actions = store.getState();

  if (!draft || !file) return null;
  const dirty = isRawDirty(draft);
  const changedOnDisk = dirty && file.hash !== draft.base.hash;
  const compare = draft.compare;

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (dirty) void actions.saveRaw(path);
    }
  };

  return (
    <div className="raw-editor" onKeyDown={onKeyDown}>
      <div className="toolbar">
        <span role="status" className="save-state">
          {draft.saving ? 'Saving…' : dirty ? 'Unsaved changes' : draft.savedAt ? 'Saved' : file.exists ? 'No changes' : 'Not created yet: saving creates it'}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => actions.takeTheirs(path)} disabled={!dirty || draft.saving}>
          Discard changes
        </button>
        <button type="button" className="primary" onClick={() => void actions.saveRaw(path)} disabled={!dirty || draft.saving} aria-keyshortcuts="Control+S">
          {draft.saving ? 'Saving…' : 'Save'}
        </button>
      </div>

      {changedOnDisk && !compare && (
        <div className="banner banner-warn" role="alert">
          <span>The file changed on disk since you opened it. Your text is kept; saving would be refused until you choose.</span>
          <span className="banner-actions">
            <button type="button" onClick={() => actions.compareWithDisk(path)}>
              Compare
            </button>
          </span>
        </div>
      )}

      {draft.discarded !== undefined && (
        <div className="banner banner-warn" role="status">
          <span>Loaded the version on disk; your text was set aside.</span>
          <span className="banner-actions">
            <button type="button" onClick={() => actions.restoreDiscarded(path)}>
              Bring my text back
            </button>
            <button type="button" onClick={() => actions.dismissDiscarded(path)}>
              Dismiss
            </button>
          </span>
        </div>
      )}

      {draft.refusal && (
        <div className="banner banner-error refusal" role="alert">
          <div>
            <strong>Not saved.</strong> {draft.refusal.problems.length === 0 && draft.refusal.message}
            {draft.refusal.problems.length > 0 && (
              <ul>
                {draft.refusal.problems.map((problem) => {
                  const offset = locate(problem, text);
                  return (
                    <li key={problem}>
                      {offset === undefined ? (
                        problem
                      ) : (
                        <button type="button" className="inline-action" onClick={() => editor.current?.focusAt(offset)}>
                          {problem}
                        </button>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            <p className="muted">Your text is unchanged; fix it and save again.</p>
          </div>
        </div>
      )}

      {compare && (
        <ConflictView
          mine={draft.text}
          theirs={compare.theirs}
          reason={compare.reason}
          saving={draft.saving}
          onKeepMine={() => void actions.saveRaw(path, { overwrite: true })}
          onTakeTheirs={() => actions.takeTheirs(path)}
          onBack={() => actions.closeCompare(path)}
        />
      )}

      <div hidden={compare !== undefined} className="raw-editor-main">
        <CodeEditor ref={editor} value={text} onChange={(next) => actions.editRaw(path, next)} label={`Config file ${path}`} diagnostics={diagnostics} />
        <ProblemList problems={problems} onJump={(offset) => editor.current?.focusAt(offset)} />
      </div>
    </div>
  );
}
