/** The size of the package as `npm pack` would publish it (dist/ must be built). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface PackedSize {
	filename: string;
	/** The .tgz, in bytes. */
	size: number;
	unpackedSize: number;
	entryCount: number;
}

export function packedSize(): PackedSize {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json'], {
		cwd: path.resolve(__dirname, '..'),
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [packed] = JSON.parse(output) as PackedSize[];
	return packed;
}
