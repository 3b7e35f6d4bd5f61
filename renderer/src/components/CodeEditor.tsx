import { json } from '@codemirror/lang-json';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import './CodeEditor.css';

export type EditorDiagnostic = Pick<Diagnostic, 'from' | 'to' | 'severity' | 'message'>;

export interface CodeEditorHandle {
  /** Puts the cursor at `offset`, scrolls it into view and focuses the editor. */
  focusAt(offset: number): void;
  /** Selects the whole text and focuses the editor, for a copy by hand. */
  selectAll(): void;
}

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** The editor's accessible name. */
  label: string;
  diagnostics?: readonly EditorDiagnostic[];
  readOnly?: boolean;
  /** 1-based line numbers to mark (the lines that differ, in a comparison). */
  markedLines?: readonly number[];
  ref?: Ref<CodeEditorHandle>;
}

/** Colours from the app's palette (styles.css), so the editor follows the light and dark themes. */
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--code-property)' },
  { tag: tags.string, color: 'var(--code-string)' },
  { tag: tags.number, color: 'var(--code-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--code-keyword)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.invalid, color: 'var(--err)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '6px' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--mono)', fontSize: '12.5px', caretColor: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 6%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 12%, transparent)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent) !important',
  },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' },
  '.cm-marked-line': { backgroundColor: 'color-mix(in srgb, var(--warn) 16%, transparent)' },
});

const setMarkedLines = StateEffect.define<readonly number[]>();
const markedLine = Decoration.line({ class: 'cm-marked-line' });

const markedLinesField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    for (const effect of transaction.effects) {
      if (!effect.is(setMarkedLines)) continue;
      const builder = new RangeSetBuilder<Decoration>();
      const { doc } = transaction.state;
      for (const line of [...effect.value].sort((a, b) => a - b)) {
        if (line >= 1 && line <= doc.lines) builder.add(doc.line(line).from, doc.line(line).from, markedLine);
      }
      return builder.finish();
    }
    return decorations.map(transaction.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** What may change without remaking the view. */
function settingsFor(label: string, readOnly: boolean): Extension {
  return [EditorView.contentAttributes.of({ 'aria-label': label }), EditorState.readOnly.of(readOnly)];
}

/** Diagnostics computed for an older text must not point past the end of the current one. */
function clamp(diagnostics: readonly EditorDiagnostic[], length: number): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, from: Math.min(d.from, length), to: Math.min(Math.max(d.to, d.from), length) }));
}

/**
 * CodeMirror 6 for JSON with comments, as a controlled React component: `value` in, `onChange`
 * out. The view is made once; later values are dispatched into it as edits (undoable), so the
 * cursor, scroll and history survive a re-render.
 */
export function CodeEditor({ value, onChange, label, diagnostics, readOnly = false, markedLines, ref }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const settings = useRef(new Compartment());

  useEffect(() => {
    const extensions: Extension[] = [
      basicSetup,
      json(),
      syntaxHighlighting(highlight),
      lintGutter(),
      markedLinesField,
      theme,
      EditorView.lineWrapping,
      settings.current.of(settingsFor(label, readOnly)),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) changed.current?.(update.state.doc.toString());
      }),
    ];
    const created = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions }) });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // Made once per mount: the effects below push every later prop into it.
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: settings.current.reconfigure(settingsFor(label, readOnly)) });
  }, [label, readOnly]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    const old = current.state.doc.toString();
    if (old === value) return;
    // Only the part that differs is replaced, so the cursor and scroll stay put around it.
    let start = 0;
    while (start < old.length && start < value.length && old[start] === value[start]) start++;
    let end = 0;
    while (end < old.length - start && end < value.length - start && old[old.length - 1 - end] === value[value.length - 1 - end]) end++;
    current.dispatch({ changes: { from: start, to: old.length - end, insert: value.slice(start, value.length - end) } });
  }, [value]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    current.dispatch(setDiagnostics(current.state, clamp(diagnostics ?? [], current.state.doc.length)));
  }, [diagnostics, value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setMarkedLines.of(markedLines ?? []) });
  }, [markedLines, value]);

  useImperativeHandle(ref, () => ({
    focusAt(offset) {
      const current = view.current;
      if (!current) return;
      const anchor = Math.min(offset, current.state.doc.length);
      current.dispatch({ selection: { anchor }, effects: EditorView.scrollIntoView(anchor, { y: 'center' }) });
      current.focus();
    },
    selectAll() {
      const current = view.current;
      if (!current) return;
      current.dispatch({ selection: { anchor: 0, head: current.state.doc.length } });
      current.focus();
    },
  }));

  return <div className="code-editor" ref={host} />;
}
