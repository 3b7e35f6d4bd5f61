/** The app's own version; a test keeps it equal to package.json's. */
export const HUB_VERSION = '0.1.0';

/**
 * The mcp-hub API this hub implements, reported where mcp-hub v4's clients read a version
 * (`/api/health`'s `version`, `mcp-hub --version`): mcphub.nvim refuses a hub whose version is not
 * 4.x with minor ≥ 2 at setup, and hard-restarts one whose health `version` is not exactly its
 * required 4.2.1. The app's own version is `appVersion` and `mcp-hub --app-version`.
 */
export const API_VERSION = '4.2.1';
