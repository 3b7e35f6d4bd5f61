import { createIpcHubClient, type HubClient, type WindowHubApi } from '../../../shared/hub-client.js';
import { createHttpHubClient } from './http-client.js';

declare global {
  interface Window {
    /** Present only inside the desktop app (the preload's contextBridge). */
    hub?: WindowHubApi;
  }
}

const TOKEN_KEY = 'mcp-hub.api-token';

/**
 * The API token for a hub that requires one. It arrives once in the URL fragment
 * (`/#token=…`, which browsers never send to a server), is kept for the tab's life, and is
 * removed from the address bar.
 */
export function apiToken(): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function saveApiToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** IPC inside the desktop app, HTTP to the page's own hub in a browser. */
export function createHubClient(): HubClient {
  if (window.hub) return createIpcHubClient(window.hub);
  return createHttpHubClient({ baseUrl: '', token: apiToken() });
}
