// Runs n8n's community-package scanner rules (@n8n/scan-community-package's analyzePackage) on a folder:
// an unpacked tarball (its compiled files and package.json), or with --sources the repository's sources.
// Prints the result as JSON; exits 1 on any violation.
import { resolve } from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [dir, mode] = process.argv.slice(2);
if (!dir) {
	console.error('usage: node scripts/scan-package.mjs <folder> [--sources]');
	process.exit(2);
}
const patterns = mode === '--sources' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];
const { passed, message, details } = await analyzePackage(resolve(dir), patterns);
console.log(JSON.stringify({ passed, message, details }));
process.exit(passed ? 0 : 1);
