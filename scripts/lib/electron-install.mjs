// @ts-check
// What became of Electron's binary when `npm install` ran, kept so that `npm start` can name the
// real cause when there is no binary. Pure: scripts/electron-binary.mjs does the work.

/** Where the outcome is kept: inside node_modules, so that a fresh install starts without one. */
export const INSTALL_RECORD = 'node_modules/.mcp-hub-electron-install.json';

/** The command that downloads Electron's binary now (scripts/electron-binary.mjs get). */
export const GET_ELECTRON = 'npm run get-electron';

/**
 * @typedef {{ outcome: 'installed' }
 *   | { outcome: 'skipped', variable: string }
 *   | { outcome: 'failed', cause: string, blocked: boolean }} InstallRecord
 */

/**
 * Says in a few words why the download failed, from what Electron's installer printed.
 * `blocked` is true when the network kept it from the download (no DNS, refused, timed out,
 * a proxy or a firewall), as opposed to the download itself being wrong.
 * @param {string} output
 * @returns {{ cause: string, blocked: boolean }}
 */
export function downloadFailure(output) {
  const dns = /getaddrinfo (ENOTFOUND|EAI_AGAIN) (\S+)/.exec(output);
  if (dns) return { cause: `${dns[2]} could not be resolved (getaddrinfo ${dns[1]})`, blocked: true };
  const network = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|EPROTO|socket hang up)\b/.exec(output);
  if (network) return { cause: `the connection to the download failed (${network[1]})`, blocked: true };
  if (/\b(CERT_|certificate|SELF_SIGNED|UNABLE_TO_VERIFY)/i.test(output)) {
    return { cause: "the download's TLS certificate was not trusted (a proxy that intercepts TLS?)", blocked: true };
  }
  const http = /Response code (\d{3})/i.exec(output) ?? /HTTPError[^\n]*?(\d{3})/.exec(output);
  if (http) return { cause: `the download answered HTTP ${http[1]}`, blocked: http[1] === '403' || http[1] === '407' };
  if (/checksum/i.test(output)) return { cause: 'the downloaded file did not match its checksum', blocked: false };
  const line = output.split('\n').map((text) => text.trim()).find((text) => text.length > 0);
  return { cause: line ? line.slice(0, 200) : "Electron's installer exited without saying why", blocked: false };
}

/**
 * The record of one run of Electron's installer.
 * @param {{ env: Record<string, string | undefined>, exitCode: number | null, output: string }} run
 * @returns {InstallRecord}
 */
export function installRecord({ env, exitCode, output }) {
  if (env['ELECTRON_SKIP_BINARY_DOWNLOAD']) return { outcome: 'skipped', variable: 'ELECTRON_SKIP_BINARY_DOWNLOAD' };
  if (exitCode === 0) return { outcome: 'installed' };
  return { outcome: 'failed', ...downloadFailure(output) };
}

/**
 * What went wrong, in one sentence.
 * @param {{ cause: string, blocked: boolean }} failure
 * @returns {string}
 */
export function failureSummary(failure) {
  return `${failure.blocked ? "Electron's download was blocked" : "Electron's download failed"}: ${failure.cause}`;
}

/**
 * The one line `npm install` prints about Electron, or undefined when there is nothing to say.
 * @param {InstallRecord} record
 * @returns {string | undefined}
 */
export function postinstallMessage(record) {
  if (record.outcome !== 'failed') return undefined;
  return `mcp-hub: ${failureSummary(record)}. \`npm start\` runs the hub headless until \`${GET_ELECTRON}\` succeeds.`;
}

/**
 * Reads a record written by an earlier install; anything unreadable counts as none.
 * @param {string | undefined} text
 * @returns {InstallRecord | undefined}
 */
export function parseInstallRecord(text) {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text);
    if (value?.outcome === 'installed') return { outcome: 'installed' };
    if (value?.outcome === 'skipped' && typeof value.variable === 'string') return { outcome: 'skipped', variable: value.variable };
    if (value?.outcome === 'failed' && typeof value.cause === 'string') return { outcome: 'failed', cause: value.cause, blocked: value.blocked === true };
  } catch {
    // An unreadable record says nothing.
  }
  return undefined;
}
