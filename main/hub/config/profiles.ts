import { ProfileConfigSchema, ProfileNameSchema, type ProfileConfig } from '../../../shared/profiles.js';
import { isRecord } from '../../../shared/is-record.js';
import { ConfigFileError } from './config-file-error.js';
import { locatedIssues, type JsonDocument } from './json-document.js';
import type { ProfileDefinition } from './types.js';

/**
 * The profiles a parsed config file defines (top-level `profiles`). A profile with a problem is
 * kept with it, located in the file, so that its endpoint can say what is wrong while the others
 * and every server go on.
 */
export function profilesFromDocument(doc: JsonDocument, file: string): ProfileDefinition[] {
  if (!isRecord(doc.value) || !Object.hasOwn(doc.value, 'profiles')) return [];
  const block = doc.value['profiles'];
  if (!isRecord(block)) throw new ConfigFileError(file, 'profiles: expected an object of profiles ({ "name": { ... } })', doc.locate(['profiles']));
  return Object.entries(block).map(([name, entry]) => {
    const issues: { path: PropertyKey[]; message: string }[] = [];
    const named = ProfileNameSchema.safeParse(name);
    if (!named.success) issues.push(...named.error.issues.map((issue) => ({ ...issue, path: [] })));
    const parsed = ProfileConfigSchema.safeParse(entry);
    if (!parsed.success) issues.push(...parsed.error.issues);
    if (parsed.success && issues.length === 0) return { name, source: file, config: parsed.data };
    const problem = locatedIssues(doc, file, ['profiles', name], issues);
    return { name, source: file, config: undefined, problem };
  });
}

/** The profiles that can be used, by name. */
export function usableProfiles(profiles: readonly ProfileDefinition[]): Map<string, ProfileConfig> {
  return new Map(profiles.flatMap((profile) => (profile.config ? [[profile.name, profile.config] as const] : [])));
}
