/** A packed community package installed into an n8n user folder the way n8n's own installer does. */
import * as fs from 'fs';
import * as path from 'path';

import { runChecked } from './processes';
import { cleanEnv, n8nEnv, runtimePaths } from './runtime';

/**
 * Installs a packed community package (npm pack tarball) the way n8n 2.41's own installer does: unpack it to
 * <userFolder>/.n8n/nodes/node_modules/<name>, drop its dev/peer/optional dependencies, install its remaining
 * dependencies inside it, and record it in the nodes folder's package.json. n8n loads every
 * node_modules/n8n-nodes-* there at startup; node types are then `<package name>.<node name>`.
 *
 * It also links n8n's own n8n-workflow into that node_modules: a user folder inside this repository would
 * otherwise make the package's require('n8n-workflow') find the repository's dev copy (a second instance, so
 * `instanceof NodeApiError` checks fail) instead of n8n's copy, which is what a real install ends up with.
 * Returns the package name.
 */
export async function installCommunityPackage(userFolder: string, tarballPath: string): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const modulesDir = path.join(nodesDir, 'node_modules');
	fs.mkdirSync(modulesDir, { recursive: true });
	ensureNodesPackageJson(nodesDir);

	// Unpack to a scratch folder first: the package name is only known from its package.json.
	const scratch = fs.mkdtempSync(path.join(nodesDir, '.unpack-'));
	try {
		await runChecked('tar', ['-xzf', path.resolve(tarballPath), '-C', scratch, '--strip-components=1'], {
			env: cleanEnv(),
			cwd: nodesDir,
		});
		const manifest = stripDependencyFields(path.join(scratch, 'package.json'));
		const target = path.join(modulesDir, ...manifest.name.split('/'));
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.renameSync(scratch, target);
		fs.chmodSync(target, 0o755); // mkdtemp made it 0700
		if (manifest.hasDependencies) await installPackageDependencies(target, userFolder);
		addNodesDependency(nodesDir, manifest.name, manifest.version);
		linkN8nWorkflow(modulesDir);
		return manifest.name;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

function ensureNodesPackageJson(nodesDir: string): void {
	const file = path.join(nodesDir, 'package.json');
	if (fs.existsSync(file)) return;
	const manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

interface StrippedManifest {
	name: string;
	version: string;
	hasDependencies: boolean;
}

function stripDependencyFields(file: string): StrippedManifest {
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
	const deps = (manifest.dependencies ?? {}) as Record<string, string>;
	if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
		throw new Error(`${file}: package has no name or version`);
	}
	return { name: manifest.name, version: manifest.version, hasDependencies: Object.keys(deps).length > 0 };
}

/** The same npm flags as n8n's installer (community-packages.service.js, downloadPackage). */
async function installPackageDependencies(packageDir: string, userFolder: string): Promise<void> {
	const args = [
		'install',
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
	];
	await runChecked('npm', args, { env: n8nEnv(userFolder), cwd: packageDir });
}

function addNodesDependency(nodesDir: string, name: string, version: string): void {
	const file = path.join(nodesDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
	manifest.dependencies = { ...manifest.dependencies, [name]: version };
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

function linkN8nWorkflow(modulesDir: string): void {
	const link = path.join(modulesDir, 'n8n-workflow');
	if (fs.existsSync(link)) return;
	const n8nDir = path.dirname(path.dirname(runtimePaths().n8nBin));
	const target = path.dirname(require.resolve('n8n-workflow/package.json', { paths: [n8nDir] }));
	fs.symlinkSync(target, link, 'dir');
}
