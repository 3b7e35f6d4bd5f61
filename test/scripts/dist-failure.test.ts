import { describe, expect, it } from 'vitest';
import { distFailureLine } from '../../scripts/lib/dist-failure.mjs';

// The end of what electron-builder 26 printed on a machine that cannot reach github.com.
const OFFLINE = `  • electron-builder  version=26.17.0 os=6.18.44-fc-v1272
  • loaded configuration  file=/p/electron-builder.yml
  • completed installing native dependencies
  • packaging       platform=linux arch=x64 electron=40.10.2 appOutDir=/p/release/linux-unpacked
  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/p/node_modules/got/dist/source/core/index.js:970:111)
    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)`;

describe('npm run dist, when it fails', () => {
  it('says in one line that Electron could not be downloaded, and why', () => {
    const line = distFailureLine(OFFLINE, 'release/dist.log');
    expect(line).toBe(
      "npm run dist failed downloading Electron 40.10.2 to package it: github.com could not be resolved (getaddrinfo ENOTFOUND); packaging needs network access to Electron's downloads (github.com, or a mirror in ELECTRON_MIRROR). Full log: release/dist.log",
    );
    expect(line).not.toContain('\n');
  });

  it('names the file it was downloading', () => {
    const log = '  • downloading url=https://github.com/electron-userland/electron-builder-binaries/releases/download/appimage-13.0.0/appimage.7z size=1.6 MB\n  ⨯ connect ETIMEDOUT 140.82.121.3:443';
    expect(distFailureLine(log, 'release/dist.log')).toMatch(
      /^npm run dist failed downloading https:\/\/github\.com\/\S+appimage\.7z: the connection to the download failed \(ETIMEDOUT\);/,
    );
  });

  it('passes on any other error in its own words', () => {
    const log = '  • loaded configuration  file=/p/electron-builder.yml\n  ⨯ Application entry file "out/main/main.js" in the "/p/release/linux-unpacked/resources/app.asar" does not exist.  failedTask=build';
    expect(distFailureLine(log, 'release/dist.log')).toBe(
      'npm run dist failed at "loaded configuration file=/p/electron-builder.yml": Application entry file "out/main/main.js" in the "/p/release/linux-unpacked/resources/app.asar" does not exist. Full log: release/dist.log',
    );
  });
});
