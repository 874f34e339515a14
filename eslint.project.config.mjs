// The project's own lint (`npm run lint` runs it with -c, then n8n's own checks: scripts/n8n-node-checks.sh).
// eslint.config.mjs must stay n8n's template for `n8n-node lint` in strict mode; this file keeps what the template
// does not have: the rules of n8n's community-package scanner (@n8n/scan-community-package), i.e. n8n's
// community-node rules plus eslint-plugin-n8n-nodes-base's community (package.json), credentials and nodes rule
// sets with the scanner's own exceptions, and the project's rule against module-level state (naming its one exception). Only the shipped
// sources are held to them.
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const shipped = ['package.json', 'credentials/**/*.ts', 'nodes/**/*.ts'];

// No state shared between executions (queue mode runs many on one worker, n8n runs many in one process): no
// module-level let/var, and no module-level Map, Set, array or object to fill, except the group list below.
const SHARED_GROUP_LIST = 'nodes/RyzeApi/shared/groupDirectory.ts';
const STATE_MESSAGE = `No state shared between executions in the node. The one exception is the group list kept in ${SHARED_GROUP_LIST}; keep other state per item or per execution.`;
const NO_MODULE_STATE = [
	{ selector: "Program > VariableDeclaration[kind!='const']", message: STATE_MESSAGE },
	{ selector: "Program > ExportNamedDeclaration > VariableDeclaration[kind!='const']", message: STATE_MESSAGE },
];
const NO_MODULE_CONTAINERS = {
	selector: [
		"Program > VariableDeclaration > VariableDeclarator > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet|Array)$/]",
		"Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet|Array)$/]",
	].join(', '),
	message: STATE_MESSAGE,
};

export default [
	{ ignores: ['dist/**', '**/node_modules/**', '.state/**', '.cache/**', 'coverage/**'] },
	{ files: ['**/*.ts', '**/*.json'], languageOptions: { parser: tsParser } },
	{ files: shipped, ...communityNodes.configs.recommended },
	{
		files: shipped,
		rules: {
			'no-console': 'error',
			'no-restricted-syntax': ['error', ...NO_MODULE_STATE, NO_MODULE_CONTAINERS],
		},
	},
	// The one exception, on purpose: the number's group list, kept for a minute so names and pickers do not spend
	// RyzeAPI's 100 requests a minute (read-only data about groups, never a token; see the file's header).
	{ files: [SHARED_GROUP_LIST], rules: { 'no-restricted-syntax': ['error', ...NO_MODULE_STATE] } },
	{ files: shipped, plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
