// Loaded with `node --import` for the conformance 2026 CLI only (see hooks.mjs for why).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
