const { rmSync } = require('node:fs');
const { src, dest } = require('gulp');

// A fresh dist/ each build: a file removed from the sources must not linger in the published package.
async function clean() {
	rmSync('dist', { recursive: true, force: true });
}

// Copies the icons and the codex file next to the compiled node and credential: tsc only emits JavaScript.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = buildIcons;
