/**
 * The GitHub Actions workflows that test and publish the package, as n8n's verification asks: they parse, CI runs
 * the README's test command (the same as .ci/run) with its caches, and a version tag publishes to npm with a
 * provenance statement after lint, test and build.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

import { PROJECT_ROOT } from '../../e2e/lib/ryzeapi';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}

interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { steps: Step[] }>;
}

function workflow(file: string): Workflow {
	return parse(fs.readFileSync(path.join(PROJECT_ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
}

const runs = (steps: Step[]) => steps.map((step) => step.run).filter((run): run is string => run !== undefined);
const README_TEST_COMMAND = /```bash\n(?:.*\n)*?(npm ci && npm test)\s/.exec(fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'))?.[1];

describe('CI workflow (.github/workflows/ci.yml)', () => {
	const ci = workflow('ci.yml');
	const steps = Object.values(ci.jobs).flatMap((job) => job.steps);

	it('runs on pushes to main and on pull requests', () => {
		expect(ci.on).toEqual({ push: { branches: ['main'] }, pull_request: null });
	});

	it("runs the README's test command, the one .ci/run runs", () => {
		expect(README_TEST_COMMAND).toBe('npm ci && npm test');
		expect(fs.readFileSync(path.join(PROJECT_ROOT, '.ci', 'run'), 'utf8')).toContain(`\n${README_TEST_COMMAND}\n`);
		expect(runs(steps)).toEqual([README_TEST_COMMAND]);
	});

	it('on Node 20, caching npm and the pinned n8n runtimes by their lockfiles', () => {
		expect(steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with).toEqual({ 'node-version': 20, cache: 'npm' });
		const cache = steps.find((step) => step.uses?.startsWith('actions/cache'))?.with ?? {};
		expect(String(cache.path).trim().split('\n')).toEqual(['e2e/runtime/node_modules', 'compat/n8n1/node_modules']);
		expect(cache.key).toContain("hashFiles('e2e/runtime/package-lock.json'");
	});
});

describe('publish workflow (.github/workflows/publish.yml)', () => {
	const publish = workflow('publish.yml');
	const steps = Object.values(publish.jobs).flatMap((job) => job.steps);

	it('runs on version tags only', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	it('may mint an OIDC token for provenance, and only read the repository', () => {
		expect(publish.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	it('lints, tests and builds before it publishes with provenance, publicly', () => {
		const commands = runs(steps);
		const order = ['npm ci', 'npm run lint', 'npm test', 'npm run build', 'npm publish --provenance --access public'].map((command) =>
			commands.indexOf(command),
		);

		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(commands.at(-1)).toBe('npm publish --provenance --access public');
	});
});
