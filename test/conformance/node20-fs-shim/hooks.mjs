// @modelcontextprotocol/conformance 0.2.0-alpha.12, the only release with the 2026-07-28 scenarios,
// imports `globSync` from 'fs', which Node added in 22; the hub targets Node 20.19, where the import
// is a SyntaxError at load time. This resolve hook hands that one package a 'fs' that also exports
// a globSync stand-in. Nothing else is redirected: other importers get the real 'fs'.
const CONFORMANCE_DIST = /\/@modelcontextprotocol\/conformance(-2026)?\/dist\//;

export async function resolve(specifier, context, next) {
  if ((specifier === 'fs' || specifier === 'node:fs') && CONFORMANCE_DIST.test(context.parentURL ?? '')) {
    return { url: new URL('./fs-shim.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
