// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from './Dialog.js';

afterEach(cleanup);

function Page() {
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState('none');
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Delete…
      </button>
      <output>{answer}</output>
      {open && (
        <ConfirmDialog
          title="Delete memory?"
          confirmLabel="Delete server"
          danger
          onConfirm={() => {
            setAnswer('deleted');
            setOpen(false);
          }}
          onCancel={() => setOpen(false)}
        >
          <p>Its entry is removed.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

describe('ConfirmDialog', () => {
  it('takes the focus to Cancel, keeps Tab inside, closes on Escape and gives the focus back', () => {
    render(<Page />);
    const opener = screen.getByRole('button', { name: 'Delete…' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('alertdialog', { name: 'Delete memory?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const confirm = screen.getByRole('button', { name: 'Delete server' });
    expect(document.activeElement).toBe(cancel);

    confirm.focus();
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);

    fireEvent.keyDown(confirm, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(screen.getByRole('status').textContent).toBe('none');

    fireEvent.click(opener);
    fireEvent.click(screen.getByRole('button', { name: 'Delete server' }));
    expect(screen.getByRole('status').textContent).toBe('deleted');
  });
});
