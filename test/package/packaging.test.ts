/**
 * What `npm pack` publishes: only the built package, and nothing n8n's community-package scanner refuses.
 * Needs dist/ (npm test builds first).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { packPackage, PROJECT_ROOT, STATE_DIR } from '../../e2e/lib/ryzeapi';

const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

function scan(dir: string, ...flags: string[]) {
	const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/scan-package.mjs'), dir, ...flags], {
		cwd: PROJECT_ROOT,
		encoding: 'utf8',
		// eslint-plugin-n8n-nodes-base swaps in fake file names when NODE_ENV is "test" (as jest sets it).
		env: { ...process.env, NODE_ENV: 'production' },
	});
	return { exitCode: run.status, result: JSON.parse(run.stdout || '{}') as { passed?: boolean; details?: string } };
}

describe('the published package', () => {
	let unpacked: string;

	beforeAll(() => {
		const outDir = path.join(STATE_DIR, 'package');
		fs.rmSync(outDir, { recursive: true, force: true });
		const tarball = packPackage(outDir);
		execFileSync('tar', ['-xzf', tarball, '-C', outDir]);
		unpacked = path.join(outDir, 'package');
	});

	it('holds only dist/, package.json, README and LICENSE', () => {
		const files = execFileSync('find', ['.', '-type', 'f'], { cwd: unpacked, encoding: 'utf8' })
			.split('\n')
			.filter(Boolean)
			.map((file) => file.replace(/^\.\//, ''));

		expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/RyzeApi/RyzeApi.node.js',
				'dist/nodes/RyzeApi/RyzeApi.node.json',
				'dist/nodes/RyzeApi/ryzeapi.svg',
				'dist/nodes/RyzeApi/ryzeapi.dark.svg',
				'dist/nodes/RyzeApiTrigger/RyzeApiTrigger.node.js',
				'dist/nodes/RyzeApiTrigger/RyzeApiTrigger.node.json',
				'dist/nodes/RyzeApiTrigger/ryzeapi.svg',
				'dist/nodes/RyzeApiTrigger/ryzeapi.dark.svg',
				'dist/credentials/RyzeApi.credentials.js',
			]),
		);
		expect(files.some((file) => /simulator|test|\.ts$|\.map$/.test(file))).toBe(false);
	});

	it('declares its two nodes (action and trigger) and credential where the files are, with no runtime dependencies', () => {
		const { n8n } = packageJson;
		expect(n8n.nodes).toHaveLength(2);
		for (const file of [...n8n.nodes, ...n8n.credentials]) expect(fs.existsSync(path.join(unpacked, file))).toBe(true);
		expect(n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(Object.keys(packageJson.peerDependencies)).toEqual(['n8n-workflow']);
		expect(packageJson.keywords).toContain('n8n-community-node-package');
	});

	it("passes n8n's community-package scanner: the packed files", () => {
		const { exitCode, result } = scan(unpacked);

		expect(result.details ?? '').toBe('');
		expect({ exitCode, passed: result.passed }).toEqual({ exitCode: 0, passed: true });
	});

	it("passes n8n's community-package scanner: the sources", () => {
		const { exitCode, result } = scan(PROJECT_ROOT, '--sources');

		expect(result.details ?? '').toBe('');
		expect({ exitCode, passed: result.passed }).toEqual({ exitCode: 0, passed: true });
	});
});
