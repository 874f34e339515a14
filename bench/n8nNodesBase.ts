/**
 * Loads n8n's own HTTP Request node (and the Header Auth credential) from the pinned real n8n 2.41.1 in
 * e2e/runtime, into this Node 20 process next to the project's n8n-core 2.41.1.
 *
 * Loaded as is, its `require('n8n-workflow')` resolves to e2e/runtime's own copy: a second n8n-workflow in the
 * process, whose error classes, `NodeConnectionTypes` and helpers are distinct objects from the ones the project's
 * n8n-core uses (`instanceof NodeApiError` fails across copies). Real n8n has exactly one n8n-workflow shared by
 * n8n-core and n8n-nodes-base, so requests for it coming from inside e2e/runtime are redirected to the project's
 * copy (the same version, 2.41.0). Everything else (lodash, @n8n/utils, form-data, jsdom...) still resolves
 * inside e2e/runtime, so nothing is installed for this. The redirect only affects modules under e2e/runtime.
 */
import Module from 'node:module';
import path from 'node:path';

import type { ICredentialType, IVersionedNodeType } from 'n8n-workflow';

const RUNTIME_MODULES = path.resolve(__dirname, '..', 'e2e', 'runtime', 'node_modules');
const NODES_BASE = path.join(RUNTIME_MODULES, 'n8n-nodes-base');
const SHARED = ['n8n-workflow'];

interface ResolvingModule {
	_resolveFilename(request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]): string;
}

let redirected = false;

function shareProjectModules(): void {
	if (redirected) return;
	redirected = true;
	const loader = Module as unknown as ResolvingModule;
	const resolve = loader._resolveFilename.bind(Module);
	loader._resolveFilename = (request, parent, ...rest) => {
		const shared = SHARED.some((name) => request === name || request.startsWith(`${name}/`));
		if (shared && parent?.filename?.startsWith(RUNTIME_MODULES + path.sep)) return require.resolve(request);
		return resolve(request, parent, ...rest);
	};
}

export interface NodesBase {
	version: string;
	HttpRequest: new () => IVersionedNodeType;
	HttpHeaderAuth: new () => ICredentialType;
}

export function loadNodesBase(): NodesBase {
	shareProjectModules();
	const load = <T>(file: string): T => require(path.join(NODES_BASE, 'dist', file)) as T;
	const { version } = require(path.join(NODES_BASE, 'package.json')) as { version: string };
	return {
		version,
		HttpRequest: load<{ HttpRequest: NodesBase['HttpRequest'] }>('nodes/HttpRequest/HttpRequest.node.js').HttpRequest,
		HttpHeaderAuth: load<{ HttpHeaderAuth: NodesBase['HttpHeaderAuth'] }>('credentials/HttpHeaderAuth.credentials.js').HttpHeaderAuth,
	};
}

/** How many distinct n8n-workflow copies are loaded (should be 1). */
export function loadedWorkflowCopies(): string[] {
	const roots = Object.keys(require.cache)
		.map((file) => /^(.*[\\/]node_modules[\\/]n8n-workflow)[\\/]/.exec(file)?.[1])
		.filter((root): root is string => root !== undefined);
	return [...new Set(roots)];
}
