/**
 * The n8n 1.x run really runs on 1.x: the engine the harness drives and the n8n-workflow the node's own sources
 * import are the copies in compat/n8n1, one n8n-workflow shared by both, not the project's 2.x ones.
 */
import { join } from 'node:path';

import type { IExecuteSingleFunctions, INode } from 'n8n-workflow';

import { invalidParameter } from '../../../nodes/RyzeApi/shared/parameters';
import { runRyzeApi } from '../../../test/support/engine';

const project = join(__dirname, '..', '..', '..');
const n8n1 = join(__dirname, '..', 'node_modules');
const root = join(project, 'node_modules');
const pinned = require('../package.json').dependencies as Record<'n8n-core' | 'n8n-workflow', string>;
const versionIn = (modules: string, name: string) => (require(join(modules, name, 'package.json')) as { version: string }).version;
/** What `name` resolves to for a module in `folder`, as jest resolves that module's imports in this run. */
const resolvedFrom = (folder: string, name: string) => require.resolve(name, { paths: [folder] });

describe(`the n8n 1.x run: n8n-core ${pinned['n8n-core']} with n8n-workflow ${pinned['n8n-workflow']}`, () => {
	it('installed the pinned 1.x pair, while the project itself stays on 2.x', () => {
		expect(versionIn(n8n1, 'n8n-core')).toBe(pinned['n8n-core']);
		expect(versionIn(n8n1, 'n8n-workflow')).toBe(pinned['n8n-workflow']);
		expect(versionIn(root, 'n8n-workflow')).toMatch(/^2\./);
	});

	it.each(['test/support', 'test/nodes/RyzeApi', 'test/credentials', 'nodes/RyzeApi/shared', 'credentials'])(
		'resolves n8n-core and n8n-workflow to the 1.x copies for %s',
		(folder) => {
			expect(resolvedFrom(join(project, folder), 'n8n-core')).toBe(require.resolve(join(n8n1, 'n8n-core')));
			expect(resolvedFrom(join(project, folder), 'n8n-workflow')).toBe(require.resolve(join(n8n1, 'n8n-workflow')));
		},
	);

	it('gives n8n-core the same n8n-workflow as the node', () => {
		expect(resolvedFrom(join(n8n1, 'n8n-core'), 'n8n-workflow')).toBe(resolvedFrom(join(project, 'nodes'), 'n8n-workflow'));
	});

	it("gives the node's own sources that n8n-workflow", () => {
		const node: INode = { id: 'n', name: 'n', type: 'n8n-nodes-ryzeapi.ryzeApi', typeVersion: 1, position: [0, 0], parameters: {} };
		const context = { getItemIndex: () => 0, getNode: () => node } as unknown as IExecuteSingleFunctions;

		const error = invalidParameter(context, 'Instance', 'no instance is set', 'hint');

		expect(error).toBeInstanceOf(require(join(n8n1, 'n8n-workflow')).NodeOperationError);
		expect(error).not.toBeInstanceOf(require(join(root, 'n8n-workflow')).NodeOperationError);
	});

	it('runs the node through that engine', async () => {
		// An instance left blank: the node refuses before sending, so no server is needed.
		const { error } = await runRyzeApi({
			credentials: { token: 'unused', baseUrl: 'http://127.0.0.1:9' },
			parameters: {
				resource: 'community',
				operation: 'listSubgroups',
				instance: { __rl: true, mode: 'name', value: ' ' },
				communityJid: '120363400000000001@g.us',
			},
		});

		expect(error?.message).toBe('Instance on item 0: no instance is set');
	});
});
