/**
 * The engine tests (test/nodes, test/credentials) again, on the n8n 1.x line: n8n-core 1.122.x with the
 * n8n-workflow it depends on, installed in compat/n8n1 (`bash compat/n8n1/prepare.sh`; npm run test:n8n1 does it).
 * compat/n8n1/resolver.js makes every `n8n-core` and `n8n-workflow` import resolve to those copies;
 * compat/n8n1/test checks that it does.
 */
const base = require('./jest.config');
const { dependencies } = require('./compat/n8n1/package.json');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	displayName: `n8n-core ${dependencies['n8n-core']}`,
	roots: ['<rootDir>/test/nodes', '<rootDir>/test/credentials', '<rootDir>/compat/n8n1/test'],
	resolver: '<rootDir>/compat/n8n1/resolver.js',
	setupFilesAfterEnv: ['<rootDir>/compat/n8n1/jest.setup.ts'],
};
