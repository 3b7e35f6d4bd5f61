/** Beyond this many line pairs the comparison marks nothing rather than stall the window. */
const MAX_CELLS = 4_000_000;

/**
 * The lines of each text that the other lacks (1-based), from a longest common subsequence of
 * lines: what a person needs to see to tell two versions of a config file apart.
 */
export function changedLines(mine: string, theirs: string): { mine: number[]; theirs: number[] } {
  const a = mine.split('\n');
  const b = theirs.split('\n');
  // Common head and tail first: usually most of the file.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i + 1);
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return { mine: range(start, n), theirs: range(start, m) };

  // lengths[i][j]: the LCS of a[start+i..] and b[start+j..], one flat row-major array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[start + i] === b[start + j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const onlyMine: number[] = [];
  const onlyTheirs: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      onlyMine.push(start + i + 1);
      i++;
    } else {
      onlyTheirs.push(start + j + 1);
      j++;
    }
  }
  while (i < n) onlyMine.push(start + ++i);
  while (j < m) onlyTheirs.push(start + ++j);
  return { mine: onlyMine, theirs: onlyTheirs };
}
