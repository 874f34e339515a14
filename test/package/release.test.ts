/**
 * The release path, as far as it runs off GitHub: the checks publish.yml makes before it publishes
 * (scripts/check-release.mjs), and the rehearsal of a whole release (scripts/rehearse-release.sh): `npm run release`
 * in a temporary clone, then pack, check and `npm publish --dry-run` as publish.yml does, offline.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { PROJECT_ROOT } from '../../e2e/lib/ryzeapi';

const CHECK = path.join(PROJECT_ROOT, 'scripts', 'check-release.mjs');
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

function check(args: string[], env: Record<string, string | undefined> = {}) {
	const run = spawnSync(process.execPath, [CHECK, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
	return { status: run.status, errors: run.stderr.split('\n').filter(Boolean) };
}

describe('scripts/check-release.mjs environment (publish.yml, before it installs anything)', () => {
	const [, repository] = /^git\+https:\/\/github\.com\/(.+)\.git$/.exec(packageJson.repository.url) ?? [];
	const github = {
		GITHUB_ACTIONS: 'true',
		ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example.invalid/',
		ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
		RUNNER_ENVIRONMENT: 'github-hosted',
		GITHUB_SERVER_URL: 'https://github.com',
		GITHUB_REPOSITORY: repository,
		REPOSITORY_PRIVATE: 'false',
	};

	it("passes in the public repository package.json names, with GitHub's OIDC variables on a GitHub-hosted runner", () => {
		expect(check(['environment'], github)).toEqual({ status: 0, errors: [] });
	});

	it.each([
		['without id-token: write', { ACTIONS_ID_TOKEN_REQUEST_URL: undefined }, 'ACTIONS_ID_TOKEN_REQUEST_URL is not set'],
		['without the request token', { ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' }, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set'],
		['on a self-hosted runner', { RUNNER_ENVIRONMENT: 'self-hosted' }, 'not "github-hosted"'],
		['in a fork or another repository', { GITHUB_REPOSITORY: 'someone/n8n-nodes-ryzeapi' }, "package.json's repository.url is"],
		['in a private repository', { REPOSITORY_PRIVATE: 'true' }, 'the repository is not public'],
		['outside GitHub Actions', { GITHUB_ACTIONS: undefined }, 'not running in GitHub Actions'],
	])('refuses %s', (_, change, message) => {
		const { status, errors } = check(['environment'], { ...github, ...change });

		expect(status).toBe(1);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toContain(message);
	});
});

describe('scripts/check-release.mjs tarball (publish.yml and the rehearsal, on the packed package)', () => {
	let dir: string;
	const tarball = (files: Record<string, string>) => {
		const root = fs.mkdtempSync(path.join(dir, 'pkg-'));
		for (const [file, content] of Object.entries(files)) {
			fs.mkdirSync(path.dirname(path.join(root, 'package', file)), { recursive: true });
			fs.writeFileSync(path.join(root, 'package', file), content);
		}
		const file = path.join(root, 'package.tgz');
		execFileSync('tar', ['-czf', file, '-C', root, 'package']);
		return file;
	};
	const manifest = JSON.stringify({ name: 'n8n-nodes-ryzeapi', version: '1.2.3', n8n: { nodes: ['dist/a.node.js'], credentials: ['dist/c.js'] } });
	const good = { 'package.json': manifest, 'README.md': '', LICENSE: '', 'dist/a.node.js': '', 'dist/c.js': '' };

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ryzeapi-check-release-'));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('passes a package of dist/, package.json, README and LICENSE under the tag of its version', () => {
		expect(check(['tarball', tarball(good), 'v1.2.3'])).toEqual({ status: 0, errors: [] });
	});

	it.each([
		['a tag of another version', good, 'v1.2.4', 'the tag is "v1.2.4", but package.json\'s version is 1.2.3'],
		['a source file', { ...good, 'nodes/a.node.ts': '' }, 'v1.2.3', 'outside dist/ the package must hold exactly'],
		['a source map in dist/', { ...good, 'dist/a.node.js.map': '' }, 'v1.2.3', 'sources, maps or development files packed: dist/a.node.js.map'],
		['a declared node missing', { ...good, 'dist/a.node.js': undefined }, 'v1.2.3', 'declares dist/a.node.js, which is not in the package'],
	])('refuses %s', (_, files, tag, message) => {
		const present = Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== undefined));
		const { status, errors } = check(['tarball', tarball(present), tag]);

		expect(status).toBe(1);
		expect(errors.join('\n')).toContain(message);
	});
});

// In npm test on purpose: about 10 s, offline (no registry, no token, no OIDC), on a temporary clone of HEAD, so the
// release script and publish.yml's checks cannot rot between releases. It rehearses what is committed.
describe('the release rehearsal (npm run release:rehearse)', () => {
	it('cuts a release in a temporary clone and publishes it dry, leaving the real repository as it was', () => {
		const tagsBefore = execFileSync('git', ['tag', '-l'], { cwd: PROJECT_ROOT, encoding: 'utf8' });

		const run = spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'rehearse-release.sh'), 'minor'], { cwd: PROJECT_ROOT, encoding: 'utf8' });

		// stderr shows in the diff when the rehearsal fails.
		expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
		const headVersion = JSON.parse(execFileSync('git', ['show', 'HEAD:package.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' })).version as string;
		const [major, minor] = headVersion.split('.').map(Number);
		const version = `${major}.${minor + 1}.0`;
		expect(run.stdout).toContain('release: npm test skipped (RELEASE_SKIP_TEST=1, a rehearsal)');
		expect(run.stdout).toMatch(new RegExp(`rehearsal: npm run release -- minor: commit "Release ${version}", annotated tag v${version}, CHANGELOG.md section '## \\[${version}\\] - \\d{4}-\\d\\d-\\d\\d'`));
		expect(run.stdout).toMatch(new RegExp(`release tarball: n8n-nodes-ryzeapi@${version} = tag v${version}; \\d+ files`));
		expect(run.stdout).toContain(`: + n8n-nodes-ryzeapi@${version}\n`);
		expect(execFileSync('git', ['tag', '-l'], { cwd: PROJECT_ROOT, encoding: 'utf8' })).toBe(tagsBefore);
		expect(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version).toBe(packageJson.version);
	}, 180_000);
});
