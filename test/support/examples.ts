/** The example workflows under `examples/`, as saved, for tests that run or check them. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

export const EXAMPLES_DIR = join(__dirname, '../../examples');

export interface ExampleWorkflow {
	nodes: INode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	/** The node named `name`; throws when the example has none. */
	node(name: string): INode;
}

/** The file names of every example workflow. */
export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
}

export function readExampleWorkflow(file: string): ExampleWorkflow {
	const { nodes, connections } = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Omit<ExampleWorkflow, 'node'>;
	return {
		nodes,
		connections,
		node(name) {
			const found = nodes.find((candidate) => candidate.name === name);
			if (!found) throw new Error(`no node "${name}" in ${file}`);
			return found;
		},
	};
}
