import type { ItemSwitches } from '../../../shared/config.js';
import type { HiddenItem } from '../../../shared/status.js';
import { estimateTokens } from '../../../shared/tokens.js';
import type { ToolPins } from '../pinning/pins.js';
import type { UpstreamCatalog, UpstreamServer } from '../upstream/upstream-server.js';
import { matchesAny } from './patterns.js';

/** What clients may see and use of a server, and what of it is hidden and why. */
export interface Exposure {
  lists: UpstreamCatalog;
  /** By kind and the server's own name (URI for resources). */
  hidden: HiddenItem[];
  /** What the visible tools' definitions cost a client's context; worked out with the lists, not per ask. */
  estimatedTokens: number;
}

/**
 * A server's catalog as its entry and its pins allow: items switched off (`tools`, `prompts`,
 * `resources` allow/deny patterns, mcp-hub v4's `disabled_tools`) and tools held back by pinning
 * are neither listed nor usable, on any endpoint.
 */
export function exposureOf(server: UpstreamServer, pins: ToolPins): Exposure {
  const config = server.definition.config;
  const hidden: HiddenItem[] = [];
  const { tools, prompts, resources, resourceTemplates } = server.catalog;
  const visibleTool = (name: string) => {
    const reason = switchedOff(config?.tools, name, 'tools') ?? (config?.disabled_tools?.includes(name) ? 'listed in its entry’s disabled_tools' : undefined);
    const held = pins.isHeld(server.name, name);
    const why = reason ?? (held && (held.reason === 'changed' ? 'its definition changed since it was approved; waiting for approval' : 'new, waiting for approval'));
    if (why) hidden.push({ kind: 'tool', name, reason: why, ...(held && { held }) });
    return !why;
  };
  const visible = (kind: HiddenItem['kind'], switches: ItemSwitches | undefined, field: 'prompts' | 'resources') => (name: string) => {
    const reason = switchedOff(switches, name, field);
    if (reason) hidden.push({ kind, name, reason });
    return !reason;
  };
  const visibleTools = tools.filter((tool) => visibleTool(tool.name));
  return {
    estimatedTokens: estimateTokens(visibleTools),
    lists: {
      tools: visibleTools,
      prompts: prompts.filter((prompt) => visible('prompt', config?.prompts, 'prompts')(prompt.name)),
      resources: resources.filter((resource) => visible('resource', config?.resources, 'resources')(resource.uri)),
      resourceTemplates: resourceTemplates.filter((template) => visible('resource template', config?.resources, 'resources')(template.uriTemplate)),
    },
    hidden,
  };
}

/** Why the switches hide a name, or undefined when they show it. */
function switchedOff(switches: ItemSwitches | undefined, name: string, field: string): string | undefined {
  if (!switches) return undefined;
  if (switches.allow && !matchesAny(switches.allow, name)) return `not in its entry’s ${field}.allow`;
  if (switches.deny && matchesAny(switches.deny, name)) return `switched off by its entry’s ${field}.deny`;
  return undefined;
}
