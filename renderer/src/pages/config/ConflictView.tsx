import { useMemo, useRef } from 'react';
import { CodeEditor, type CodeEditorHandle } from '../../components/CodeEditor.js';
import { CopyButton } from '../../components/CopyButton.js';
import { changedLines } from './lineDiff.js';
import type { FileVersion } from './store.js';

export interface ConflictViewProps {
  mine: string;
  theirs: FileVersion;
  /** conflict: a save was refused because the file changed; changed: the person asked to compare. */
  reason: 'conflict' | 'changed';
  saving: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  onBack: () => void;
}

/**
 * The person's text and the file on disk side by side, the lines that differ marked. Nothing
 * happens to either until a button says so; "Take theirs" keeps the text it replaces for undo.
 */
export function ConflictView({ mine, theirs, reason, saving, onKeepMine, onTakeTheirs, onBack }: ConflictViewProps) {
  const mineEditor = useRef<CodeEditorHandle>(null);
  const diff = useMemo(() => changedLines(mine, theirs.text), [mine, theirs.text]);
  return (
    <section className="conflict card" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{reason === 'conflict' ? 'Not saved: the file changed on disk' : 'Your text and the file on disk'}</h2>
      <p>
        {reason === 'conflict'
          ? 'Someone (another editor, or the hub itself) saved this file after you opened it. Your text is still here; choose which version to keep.'
          : 'The file on disk has changed since you started editing. Your text is still here; choose which version to keep.'}{' '}
        Differing lines are highlighted ({diff.mine.length} in yours, {diff.theirs.length} on disk).
      </p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={onKeepMine} disabled={saving}>
          {saving ? 'Saving…' : 'Keep mine (overwrite)'}
        </button>
        <button type="button" onClick={onTakeTheirs} disabled={saving}>
          Take theirs
        </button>
        <CopyButton text={mine} label="Copy mine" caption="Copy mine" select={() => mineEditor.current?.selectAll()} />
        <span className="spacer" />
        <button type="button" onClick={onBack}>
          Back to editing
        </button>
      </div>
      <div className="conflict-panes">
        <div className="conflict-pane">
          <h3>Yours (not saved)</h3>
          <CodeEditor ref={mineEditor} value={mine} label="Your version (not saved)" readOnly markedLines={diff.mine} />
        </div>
        <div className="conflict-pane">
          <h3>On disk now</h3>
          {theirs.exists ? (
            <CodeEditor value={theirs.text} label="The version on disk" readOnly markedLines={diff.theirs} />
          ) : (
            <p className="muted">The file was deleted. Keeping yours creates it again.</p>
          )}
        </div>
      </div>
    </section>
  );
}
