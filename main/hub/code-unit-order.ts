/**
 * Orders strings by their UTF-16 code units: deterministic, and free of ICU. The first
 * `localeCompare` of a process loads ICU's collation data, about 2 MB of the hub's RSS, to sort
 * server names and object keys that need no language's order.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
