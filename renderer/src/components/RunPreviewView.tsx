import type { RunPreview } from '../../../shared/clients.js';
import './RunPreviewView.css';

/**
 * What a server entry would run, before it is imported or trusted: its command line (or URL),
 * environment or headers as the server receives them, what the hub fills in at each start, and
 * what is passed on literally.
 */
export function RunPreviewView({ preview, literalNote, showCommand = false }: { preview: RunPreview; literalNote: string; showCommand?: boolean }) {
  const values = { ...preview.env, ...preview.headers };
  const commands = preview.placeholders.filter((text) => /^\$\{\s*cmd:/.test(text));
  const filled = preview.placeholders.filter((text) => !commands.includes(text));
  return (
    <div className="run-preview" data-testid="run-preview">
      {showCommand && <code className="run-preview-command">{preview.commandLine ?? preview.url}</code>}
      {Object.keys(values).length > 0 && (
        <table>
          <tbody>
            {Object.entries(values).map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td>
                  <code>{value ?? '(inherited from the hub)'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.cwd && (
        <p>
          Working folder: <code>{preview.cwd}</code>
        </p>
      )}
      {commands.length > 0 && (
        <p className="run-preview-commands">
          <strong>Runs these commands</strong> at each start: <code>{commands.join(' ')}</code>
        </p>
      )}
      {filled.length > 0 && (
        <p>
          Filled in by the hub at each start: <code>{filled.join(' ')}</code>
        </p>
      )}
      {preview.literals.length > 0 && (
        <p>
          Passed on as written ({literalNote}): <code>{preview.literals.join(' ')}</code>
        </p>
      )}
      {preview.notes.map((note) => (
        <p key={note} className="run-preview-note">
          {note}
        </p>
      ))}
    </div>
  );
}
