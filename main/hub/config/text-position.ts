export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, counted in UTF-16 code units like editors' "Col". */
  column: number;
}

/** Line and column of `offset` in `text`; `\n`, `\r\n` and a lone `\r` each end a line. */
export function positionAt(text: string, offset: number): TextPosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
