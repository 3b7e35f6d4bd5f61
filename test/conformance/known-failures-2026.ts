export const HUB_2026_KNOWN_FAILURES: Record<string, { reason: string; checks: string[]; detailsMatch: RegExp }> = {};
