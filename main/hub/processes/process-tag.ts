/**
 * The environment variable that marks every process of a stdio server, its descendants included:
 * they inherit it, even those that leave the server's process group (`setsid`) or are reparented
 * when their parent exits, so the hub finds them in /proc to end them. Its value is
 * `<hub's tag>.<serial of the server's process>`.
 */
export const PROCESS_TAG_VARIABLE = 'MCP_HUB_PROCESS_TAG';
