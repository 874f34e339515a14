const { rmSync } = require('node:fs');
const { src, dest } = require('gulp');

// A fresh dist/ each build: a file removed from the sources must not linger in the published package.
async function clean() {
	rmSync('dist', { recursive: true, force: true });
}

// Copies the icons, the codex file and the output schemas next to the compiled node and credential: tsc only emits
// JavaScript. n8n serves a node's __schema__/v<x.y.z>/<resource>/<operation>.json from its compiled file's folder.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'nodes/**/__schema__/**/*.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = buildIcons;
