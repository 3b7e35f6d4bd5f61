// @ts-check
// The one line `npm run dist` prints when electron-builder failed, from its log. Pure, tested in
// test/scripts/dist-failure.test.ts.
import { downloadFailure } from './electron-install.mjs';

/**
 * @param {string} log everything electron-builder printed
 * @param {string} logFile where that log was kept
 * @returns {string}
 */
export function distFailureLine(log, logFile) {
  const lines = log.split('\n');
  const failure = lines.findIndex((line) => /^\s*⨯/.test(line));
  const before = failure < 0 ? lines : lines.slice(0, failure);
  // electron-builder's last step ("• packaging …", "• downloading url=…") says what it was doing.
  const lastStep = before.reverse().find((line) => /^\s*•/.test(line))?.replace(/^\s*•\s*/, '').trim();
  const url = /\burl=(\S+)/.exec(lastStep ?? '')?.[1];
  const electron = /\belectron=(\S+)/.exec(lastStep ?? '')?.[1];
  const doing = url ? `downloading ${url}` : electron ? `downloading Electron ${electron} to package it` : lastStep ? `at "${lastStep.replace(/\s+/g, ' ')}"` : 'before its first step';
  const message = failure < 0 ? '' : (lines[failure] ?? '').replace(/^\s*⨯\s*/, '').replace(/\s+(failedTask|stackTrace)=.*$/, '').trim().replace(/\.+$/, '');
  const network = downloadFailure(message);
  if (network.blocked) {
    return `npm run dist failed ${doing}: ${network.cause}; packaging needs network access to Electron's downloads (github.com, or a mirror in ELECTRON_MIRROR). Full log: ${logFile}`;
  }
  return `npm run dist failed ${doing}: ${message || 'electron-builder exited with an error'}. Full log: ${logFile}`;
}
