// What `mcp-hub serve` loads once it has started its early servers: the entry of the hub's bundle
// (one script the CLI compiles with V8's code cache, see main/hub-script.ts).
export { loginInstructions } from './auth/login-instructions.js';
export { HubApp } from './compose.js';
export { machineHubOptions } from './machine-options.js';
