import { useEffect, useRef, useState } from 'react';
import './CopyButton.css';

type CopyState = 'idle' | 'copied' | 'selected';

/** Writes to the clipboard; false where there is none (an insecure origin) or the browser refuses. */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function selectContents(element: HTMLElement): void {
  element.focus();
  const selection = window.getSelection();
  selection?.selectAllChildren(element);
}

export interface CopyButtonProps {
  text: string;
  /** The button's accessible name, e.g. "Copy the endpoint URL". */
  label: string;
  /** The button's visible text (default "Copy"). */
  caption?: string;
  /** Selects the text for a manual copy, for when the clipboard cannot be written. */
  select?: () => void;
  className?: string;
}

/** Copies `text`, says so, and where the clipboard is out of reach selects the text instead. */
export function CopyButton({ text, label, caption = 'Copy', select, className }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    clearTimeout(timer.current);
    if (await writeClipboard(text)) {
      setState('copied');
      timer.current = setTimeout(() => setState('idle'), 2500);
      return;
    }
    select?.();
    setState('selected');
  };

  return (
    <span className={`copy ${className ?? ''}`}>
      <button type="button" onClick={() => void copy()} aria-label={label} title={label}>
        {state === 'copied' ? '✓ Copied' : caption}
      </button>
      <span role="status" className={state === 'selected' ? 'copy-hint' : 'visually-hidden'}>
        {state === 'copied' ? 'Copied to the clipboard' : state === 'selected' ? 'The clipboard is not available here: the text is selected, press Ctrl+C (⌘C) to copy it.' : ''}
      </span>
    </span>
  );
}

export interface CodeBlockProps {
  text: string;
  /** The copy button's accessible name. */
  copyLabel: string;
  /** The block's accessible name. */
  label: string;
}

/** Copy-ready text: a focusable block (so it can be selected by keyboard) and its copy button. */
export function CodeBlock({ text, copyLabel, label }: CodeBlockProps) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="code-block">
      <pre ref={pre} tabIndex={0} aria-label={label}>
        <code>{text}</code>
      </pre>
      <CopyButton text={text} label={copyLabel} select={() => pre.current && selectContents(pre.current)} className="code-block-copy" />
    </div>
  );
}
