#!/usr/bin/env node
// The checks made before a release is published, by .github/workflows/publish.yml and by the release rehearsal
// (scripts/rehearse-release.sh). Each prints what it checked and exits 1 on the first list of problems.
//
//   node scripts/check-release.mjs environment
//     The job can publish with a provenance statement: it runs in GitHub Actions with GitHub's OIDC variables
//     (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN: the workflow's `permissions: id-token: write`), on a GitHub-hosted
//     runner (RUNNER_ENVIRONMENT=github-hosted; npm's registry refuses provenance from any other), in the repository
//     package.json's `repository` names (n8n's verification fetches the source from the repository named in the
//     provenance statement, and npm refuses a statement whose repository differs), which is public
//     (REPOSITORY_PRIVATE=false, from the workflow's github.event.repository.private).
//
//   node scripts/check-release.mjs tarball <file.tgz> <tag>
//     The packed package: the tag is v<its version>, and it holds only package.json, README.md, LICENSE and dist/,
//     with every node and credential its package.json declares.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The problems with the environment a publish job runs in (empty when it can publish with provenance). */
function environmentProblems(env, packageJson) {
	const problems = [];
	if (env.GITHUB_ACTIONS !== 'true') problems.push('not running in GitHub Actions (GITHUB_ACTIONS is not "true")');
	for (const name of ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
		if (!env[name]) problems.push(`${name} is not set: the job needs "permissions: id-token: write" for npm's provenance`);
	}
	if (env.RUNNER_ENVIRONMENT !== 'github-hosted') {
		problems.push(`RUNNER_ENVIRONMENT is "${env.RUNNER_ENVIRONMENT ?? ''}", not "github-hosted": npm accepts provenance only from GitHub-hosted runners`);
	}
	const expected = `git+${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}.git`;
	if (packageJson.repository?.url !== expected) {
		problems.push(`package.json's repository.url is "${packageJson.repository?.url}", but this workflow runs in ${expected}`);
	}
	if (env.REPOSITORY_PRIVATE !== 'false') {
		problems.push(`the repository is not public (REPOSITORY_PRIVATE is "${env.REPOSITORY_PRIVATE ?? ''}"): npm makes no provenance statement for a private repository`);
	}
	return problems;
}

const ALLOWED_OUTSIDE_DIST = ['LICENSE', 'README.md', 'package.json'];

/** The problems with a packed package's files and version for the given tag (empty when it may be published). */
function tarballProblems(files, packageJson, tag) {
	const problems = [];
	if (tag !== `v${packageJson.version}`) problems.push(`the tag is "${tag}", but package.json's version is ${packageJson.version}`);
	const outside = files.filter((file) => !file.startsWith('dist/'));
	if (outside.slice().sort().join() !== ALLOWED_OUTSIDE_DIST.join()) {
		problems.push(`outside dist/ the package must hold exactly ${ALLOWED_OUTSIDE_DIST.join(', ')}; it holds ${outside.join(', ')}`);
	}
	const stray = files.filter((file) => /(^|\/)(test|simulator)(\/|$)|\.ts$|\.map$/.test(file));
	if (stray.length > 0) problems.push(`sources, maps or development files packed: ${stray.join(', ')}`);
	for (const file of [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])]) {
		if (!files.includes(file)) problems.push(`package.json declares ${file}, which is not in the package`);
	}
	if ((packageJson.n8n?.nodes ?? []).length === 0) problems.push('package.json declares no n8n node');
	return problems;
}

function report(what, problems, okLine) {
	if (problems.length > 0) {
		for (const problem of problems) console.error(`::error::${what}: ${problem}`);
		process.exit(1);
	}
	console.log(okLine);
}

function main([command, ...args]) {
	if (command === 'environment') {
		const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		report(
			'release environment',
			environmentProblems(process.env, packageJson),
			`release environment: GitHub's OIDC variables present, runner ${process.env.RUNNER_ENVIRONMENT}, public repository ${process.env.GITHUB_REPOSITORY} = package.json's repository`,
		);
	} else if (command === 'tarball' && args.length === 2) {
		const [tarball, tag] = args;
		const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
			.split('\n')
			.filter((line) => line && !line.endsWith('/'))
			.map((line) => line.replace(/^package\//, ''));
		const packageJson = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
		report(
			'release tarball',
			tarballProblems(files, packageJson, tag),
			`release tarball: ${packageJson.name}@${packageJson.version} = tag ${tag}; ${files.length} files: ${ALLOWED_OUTSIDE_DIST.join(', ')} and ${files.length - ALLOWED_OUTSIDE_DIST.length} under dist/, every declared node and credential`,
		);
	} else {
		console.error('usage: node scripts/check-release.mjs environment | tarball <file.tgz> <tag>');
		process.exit(2);
	}
}

main(process.argv.slice(2));
