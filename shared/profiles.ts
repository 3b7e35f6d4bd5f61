import { z } from 'zod';
import { ItemSwitchesSchema } from './config.js';
import { operation } from './operation.js';

/**
 * `all`: the endpoint lists every tool of the profile. `search`: it lists only the pinned ones and
 * the hub's three tools to search, describe and call the rest, for clients whose model would
 * otherwise read thousands of definitions.
 */
export const TOOL_MODES = ['all', 'search'] as const;
export type ToolMode = (typeof TOOL_MODES)[number];

const patterns = (what: string) => z.array(z.string({ error: 'expected a pattern' }).min(1, { error: 'expected a non-empty pattern' }), { error: `expected an array of ${what}` });

/**
 * A profile (top-level `profiles.<name>` in a config file): a part of the hub's servers and tools
 * offered as its own endpoint, `/profiles/<name>/mcp`. Patterns are globs (`*`, `?`).
 */
export const ProfileConfigSchema = z.object({
  description: z.string({ error: 'expected a string' }).optional(),
  /** Patterns over server names; absent: every server. */
  servers: patterns('server name patterns').optional(),
  /** Patterns over namespaced tool names (`server__tool`). */
  tools: ItemSwitchesSchema.optional(),
  toolMode: z.enum(TOOL_MODES, { error: 'expected "all" or "search"' }).optional(),
  /** In search mode, the tools listed anyway (patterns over namespaced names). */
  pinned: patterns('namespaced tool name patterns').optional(),
});
export type ProfileConfig = z.infer<typeof ProfileConfigSchema>;

/** A profile's name is part of its URL: letters, digits, `.`, `_`, `-`. */
export const ProfileNameSchema = z
  .string({ error: 'the profile name must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "the profile name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit" });

export const ProfileInfoSchema = z.object({
  name: z.string(),
  /** The config file it is defined in. */
  source: z.string(),
  config: ProfileConfigSchema.nullable(),
  /** Why it cannot be used (`file:line:column: what`); its endpoint answers with this. */
  problem: z.string().nullable(),
  /** Where its clients connect. */
  url: z.string(),
  servers: z.array(z.string()),
  /** The tools its clients see listed, and about how many tokens their definitions take. */
  listedTools: z.number().int(),
  /** Every tool its clients may use (in search mode, more than are listed). */
  availableTools: z.number().int(),
  estimatedTokens: z.number().int(),
});
export type ProfileInfo = z.infer<typeof ProfileInfoSchema>;

const profileName = z.string({ error: 'name must be a string' }).min(1, { error: 'name is required' });

export const profileOperations = {
  listProfiles: operation({
    summary: "The profiles of the hub's config files: what each one's clients see, and where they connect",
    http: { method: 'GET', path: '/profiles' },
    input: z.object({}),
    output: z.object({ profiles: z.array(ProfileInfoSchema) }),
  }),
  saveProfile: operation({
    summary: 'Create or replace a profile in the config file it is in (the first config file for a new one, unless config_file names another)',
    http: { method: 'POST', path: '/profiles/save' },
    input: z.object({ name: ProfileNameSchema, profile: ProfileConfigSchema, config_file: z.string().min(1).optional() }),
    output: z.object({ status: z.literal('ok'), profile: ProfileInfoSchema }),
  }),
  previewProfile: operation({
    summary: 'What a profile, as edited and not yet saved, would give its clients: its servers, the tools listed and usable, the estimated tokens',
    http: { method: 'POST', path: '/profiles/preview' },
    input: z.object({ profile: ProfileConfigSchema }),
    output: ProfileInfoSchema.pick({ servers: true, listedTools: true, availableTools: true, estimatedTokens: true }),
  }),
  removeProfile: operation({
    summary: 'Remove a profile from the config file it is in; its clients are disconnected',
    http: { method: 'POST', path: '/profiles/remove' },
    input: z.object({ name: profileName }),
    output: z.object({ status: z.literal('ok') }),
  }),
};
