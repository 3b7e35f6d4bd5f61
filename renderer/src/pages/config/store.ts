import { z } from 'zod';
import { createStore } from 'zustand/vanilla';
import { HubClientError, type HubClient } from '../../../../shared/hub-client.js';
import { configFromDraft, draftFromConfig, emptyDraft, stableJson, type ServerDraft } from './draft.js';
import { serverEntries, type ConfigFile } from './entries.js';
import { errorMessage } from '../../../../shared/errors.js';

/** A file's version on disk, as the hub last showed it. */
export interface FileVersion {
  hash: string;
  text: string;
  exists: boolean;
}

/** Why a save was refused (400): the hub's message and, when it gave them, each problem with its place. */
export interface SaveRefusal {
  message: string;
  problems: string[];
}

/** The raw editor's unsaved work on one file. */
export interface RawDraft {
  /** The version the text was started from; a save names its hash. */
  base: FileVersion;
  text: string;
  saving: boolean;
  refusal: SaveRefusal | undefined;
  /** Set when a save met a newer version on disk (409), or the person asked to compare. */
  compare: { theirs: FileVersion; reason: 'conflict' | 'changed' } | undefined;
  /** A save went through (cleared by the next edit). */
  savedAt: number | undefined;
  /** The text given up for the version on disk ("Take theirs"), until it is restored or dismissed. */
  discarded: string | undefined;
}

/** The form's unsaved work: one server, existing or new. */
export interface FormDraft {
  /** The server's name when it was opened; undefined for a new server. */
  original: string | undefined;
  /** The entry it was opened from (a new server: what it was duplicated from, if anything). */
  base: Record<string, unknown> | undefined;
  draft: ServerDraft;
}

export type EditorMode = 'form' | 'raw';

export interface ConfigState {
  phase: 'loading' | 'ready' | 'error';
  error: string | undefined;
  /** The hub's config files as last read. */
  files: ConfigFile[];
  mode: EditorMode;
  /** The file open in the raw editor. */
  rawPath: string | undefined;
  raw: Record<string, RawDraft>;
  form: FormDraft | undefined;

  /** Re-reads the files; never replaces unsaved work, only what is unchanged. */
  load(): Promise<void>;
  setMode(mode: EditorMode): void;
  openFile(path: string): void;
  editRaw(path: string, text: string): void;
  saveRaw(path: string, options?: { overwrite?: boolean }): Promise<void>;
  /** Puts the version on disk in the editor; the text it replaces can be brought back. */
  takeTheirs(path: string): void;
  restoreDiscarded(path: string): void;
  dismissDiscarded(path: string): void;
  compareWithDisk(path: string): void;
  closeCompare(path: string): void;
  openServer(name: string): void;
  newServer(from?: { name: string; config: Record<string, unknown> }): void;
  editForm(draft: ServerDraft): void;
  /** The open server was renamed: unsaved edits follow it to its new name. */
  renamed(from: string, to: string): void;
  /** The open server is gone from the config (removed or renamed elsewhere): its edits become a new server. */
  detach(): void;
  closeForm(): void;
}

export type ConfigStore = ReturnType<typeof createConfigStore>;

/** The shape of a 409 CONFIG_CONFLICT's data (main/hub/api/errors.ts). */
const ConflictDataSchema = z.object({ current: z.object({ hash: z.string(), exists: z.boolean(), text: z.string() }) });
const InvalidDataSchema = z.object({ problems: z.array(z.string()) });

export function isRawDirty(draft: RawDraft | undefined): boolean {
  return draft !== undefined && draft.text !== draft.base.text;
}

export function isFormDirty(form: FormDraft | undefined): boolean {
  if (!form) return false;
  const base = form.original === undefined ? emptyDraft() : draftFromConfig(form.original, form.base ?? {});
  // A new server is unsaved work as soon as anything is typed; an existing one when it differs.
  if (form.original === undefined) return form.draft.name !== '' || stableJson(configFromDraft(form.draft)) !== stableJson(configFromDraft(base)) || form.base !== undefined;
  return form.draft.name !== form.original || stableJson(configFromDraft(form.draft)) !== stableJson(configFromDraft(base));
}

function versionOf(file: ConfigFile): FileVersion {
  return { hash: file.hash, text: file.text, exists: file.exists };
}

function freshDraft(file: ConfigFile): RawDraft {
  return { base: versionOf(file), text: file.text, saving: false, refusal: undefined, compare: undefined, savedAt: undefined, discarded: undefined };
}

/**
 * The config editor's state, kept for the window's life (not the page's), so leaving the page and
 * coming back finds unsaved work where it was. Re-reads from events replace only what has no
 * unsaved changes: the rest is compared, never overwritten.
 */
export function createConfigStore(client: HubClient) {
  let loading: { again: boolean } | undefined;

  return createStore<ConfigState>()((set, get) => {
    const patchRaw = (path: string, patch: Partial<RawDraft>) =>
      set((state) => {
        const current = state.raw[path];
        return current ? { raw: { ...state.raw, [path]: { ...current, ...patch } } } : {};
      });

    const reconcile = (files: ConfigFile[]) => {
      const state = get();
      const raw: Record<string, RawDraft> = {};
      for (const file of files) {
        const draft = state.raw[file.path];
        // Unsaved text stays; the banner says the file changed. Clean text follows the disk silently.
        raw[file.path] = draft && isRawDirty(draft) ? draft : draft ? { ...draft, base: versionOf(file), text: file.text, compare: undefined } : freshDraft(file);
      }
      let form = state.form;
      if (form && form.original !== undefined && !isFormDirty(form)) {
        const entry = serverEntries(files).entries.find((candidate) => candidate.name === form!.original);
        form = entry ? { original: entry.name, base: entry.config, draft: draftFromConfig(entry.name, entry.config) } : undefined;
      }
      const rawPath = state.rawPath !== undefined && files.some((file) => file.path === state.rawPath) ? state.rawPath : files[0]?.path;
      set({ files, raw, form, rawPath, phase: 'ready', error: undefined });
    };

    return {
      phase: 'loading',
      error: undefined,
      files: [],
      mode: 'form',
      rawPath: undefined,
      raw: {},
      form: undefined,

      async load() {
        if (loading) {
          loading.again = true;
          return;
        }
        const run = { again: false };
        loading = run;
        try {
          do {
            run.again = false;
            try {
              const { files } = await client.invoke('readConfig', {});
              reconcile(files);
            } catch (error) {
              set({ phase: get().phase === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
            }
          } while (run.again);
        } finally {
          loading = undefined;
        }
      },

      setMode: (mode) => set({ mode }),
      openFile: (path) => set({ rawPath: path }),

      editRaw(path, text) {
        patchRaw(path, { text, savedAt: undefined });
      },

      async saveRaw(path, options = {}) {
        const draft = get().raw[path];
        if (!draft || draft.saving) return;
        const text = draft.text;
        // "Keep mine" writes over the version it was compared with, and only that one.
        const hash = options.overwrite && draft.compare ? draft.compare.theirs.hash : draft.base.hash;
        patchRaw(path, { saving: true, refusal: undefined });
        try {
          const { file } = await client.invoke('writeConfig', { path, text, hash });
          const now = get().raw[path];
          // Typing went on while saving: that text stays, based on the version just written.
          const typedSince = now !== undefined && now.text !== text;
          patchRaw(path, {
            saving: false,
            base: versionOf(file),
            text: typedSince ? now.text : file.text,
            compare: undefined,
            savedAt: Date.now(),
            discarded: undefined,
          });
          set((state) => ({ files: state.files.map((candidate) => (candidate.path === path ? file : candidate)) }));
        } catch (error) {
          if (error instanceof HubClientError && error.code === 'CONFIG_CONFLICT') {
            const data = ConflictDataSchema.safeParse(error.data);
            if (data.success) {
              patchRaw(path, { saving: false, compare: { theirs: data.data.current, reason: 'conflict' } });
              return;
            }
          }
          const problems = error instanceof HubClientError ? InvalidDataSchema.safeParse(error.data) : undefined;
          patchRaw(path, { saving: false, refusal: { message: errorMessage(error), problems: problems?.success ? problems.data.problems : [] } });
        }
      },

      takeTheirs(path) {
        const draft = get().raw[path];
        const file = get().files.find((candidate) => candidate.path === path);
        const theirs = draft?.compare?.theirs ?? (file && versionOf(file));
        if (!draft || !theirs) return;
        const discarded = isRawDirty(draft) ? draft.text : undefined;
        patchRaw(path, { base: theirs, text: theirs.text, compare: undefined, refusal: undefined, discarded });
      },

      restoreDiscarded(path) {
        const discarded = get().raw[path]?.discarded;
        if (discarded !== undefined) patchRaw(path, { text: discarded, discarded: undefined });
      },

      dismissDiscarded(path) {
        patchRaw(path, { discarded: undefined });
      },

      compareWithDisk(path) {
        const file = get().files.find((candidate) => candidate.path === path);
        if (file) patchRaw(path, { compare: { theirs: versionOf(file), reason: 'changed' } });
      },

      closeCompare(path) {
        patchRaw(path, { compare: undefined });
      },

      openServer(name) {
        const entry = serverEntries(get().files).entries.find((candidate) => candidate.name === name);
        if (!entry) return;
        set({ form: { original: name, base: entry.config, draft: draftFromConfig(name, entry.config) } });
      },

      newServer(from) {
        if (!from) {
          set({ form: { original: undefined, base: undefined, draft: emptyDraft() } });
          return;
        }
        const draft = draftFromConfig(`${from.name}-copy`, from.config);
        set({ form: { original: undefined, base: from.config, draft } });
      },

      editForm(draft) {
        const form = get().form;
        if (form) set({ form: { ...form, draft } });
      },

      renamed(from, to) {
        const form = get().form;
        if (form?.original === from) set({ form: { ...form, original: to, draft: { ...form.draft, name: to } } });
      },

      detach() {
        const form = get().form;
        if (form) set({ form: { ...form, original: undefined } });
      },

      closeForm: () => set({ form: undefined }),
    };
  });
}
