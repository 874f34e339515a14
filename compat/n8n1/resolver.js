/**
 * Jest resolver for the n8n 1.x run (jest.n8n1.config.js): `n8n-core` and `n8n-workflow`, and any subpath of
 * them, resolve from compat/n8n1 whoever imports them (the tests, the harness, the node's own sources), through
 * jest's own resolver so the packages' `exports` maps apply. Everything else resolves as usual; the packages
 * n8n-core and n8n-workflow load in turn resolve from compat/n8n1/node_modules since that is where they live.
 */
const N8N_PACKAGE = /^(n8n-core|n8n-workflow)(\/|$)/;

module.exports = (request, options) =>
	options.defaultResolver(request, N8N_PACKAGE.test(request) ? { ...options, basedir: __dirname } : options);
