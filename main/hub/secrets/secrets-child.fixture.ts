// Runs in a child process for the tests: libsecret connects to D-Bus once per process, so a test
// of "no Secret Service" needs a process of its own with its own environment, and a test of kill -9
// needs a writer it can kill.
import { FileSecretStore } from './file-store.js';
import { openSecretStore } from './open-secret-store.js';
import { SecretStoreError } from './secret-store.js';

const [command, file, arg] = process.argv.slice(2);
if (!file) throw new Error('usage: secrets-child.fixture.ts open|write-loop <file> [true|false]');

if (command === 'open') {
  const warnings: string[] = [];
  try {
    const store = await openSecretStore({
      service: `mcp-hub-test-child-${process.pid}`,
      file,
      allowFileFallback: arg === 'true',
      warn: (message) => warnings.push(message),
      probeTimeoutMs: 10_000,
    });
    await store.set('child-account', 'child-secret-value-123');
    const readBack = await store.get('child-account');
    await store.delete('child-account');
    process.stdout.write(JSON.stringify({ kind: store.kind, warnings, readBack }));
  } catch (error) {
    const code = error instanceof SecretStoreError ? error.code : undefined;
    process.stdout.write(JSON.stringify({ error: { code, message: String((error as Error).message) }, warnings }));
  }
} else if (command === 'write-loop') {
  const store = new FileSecretStore(file);
  process.stdout.write('ready\n');
  // Values of very different sizes, so that a torn write would show as invalid JSON or a wrong length.
  for (let i = 0; ; i++) {
    const size = i % 2 === 0 ? 10 : 200_000;
    await store.set('counter', `${i}:${'x'.repeat(size)}`);
  }
} else {
  throw new Error(`unknown command ${command}`);
}
