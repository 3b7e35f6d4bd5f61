// `npm test`: sets up what the tests need on this machine, then runs every check.
//
//  1. System packages (scripts/system-packages.txt): the missing ones are installed with apt-get,
//     as root or with sudo; where that is impossible it stops at once with the command to run.
//  2. keytar's native module, built if `npm install` could not build it (before libsecret was there).
//  3. `npm run test:all` (type-check, lint, build, vitest, Playwright) inside a private keyring
//     session (scripts/keyring-session.sh) on Linux.
import { prepareMachine, run } from './lib/prepare-machine.mjs';

prepareMachine();

const steps = ['npm', 'run', 'test:all'];
process.exit(run(process.platform === 'linux' ? ['sh', 'scripts/keyring-session.sh', ...steps] : steps));
