import type { z } from 'zod';

/**
 * What is wrong with an input, for a person: `path: message` per issue (`servers[2].name: …`),
 * at most `limit` of them, joined with "; ".
 */
export function describeIssues(error: z.ZodError, prefix = '', limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => {
      let path = prefix;
      for (const key of issue.path) {
        path += typeof key === 'number' ? `[${key}]` : path === '' ? String(key) : `.${String(key)}`;
      }
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}
