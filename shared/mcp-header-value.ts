/**
 * A value for an MCP 2026-07-28 request header (`Mcp-Name`, `Mcp-Param-*`): as it is when it is
 * printable ASCII without surrounding spaces, else its UTF-8 in base64 inside the era's sentinel.
 */
export function mcpHeaderValue(value: string): string {
  const safe = value.length > 0 && value === value.trim() && !(value.startsWith('=?base64?') && value.endsWith('?=')) && /^[\x20-\x7e\t]*$/.test(value);
  if (safe) return value;
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return `=?base64?${btoa(binary)}?=`;
}
