import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` (debounced) whenever one of `files` is edited, created, deleted or replaced.
 * The parent directories are watched rather than the files, because editors save by writing a
 * temp file and renaming it over the original, and because a file that does not exist yet (a
 * project config) has nothing to watch until it is created.
 */
export function watchConfigFiles(files: string[], onChange: () => void, debounceMs = 150): () => void {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = dirname(file);
    byDir.set(dir, (byDir.get(dir) ?? new Set()).add(basename(file)));
  }
  let timer: NodeJS.Timeout | undefined;
  const trigger = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        // Some platforms do not report the name; then any change in the folder counts.
        if (name === null || names.has(String(name))) trigger();
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // A folder that does not exist cannot be watched; the file in it stays missing.
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
