// n8n-core builds its singletons lazily from the environment, so this must run before anything imports it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'ryzeapi-bench-n8n-'));
process.env.N8N_LOG_LEVEL = 'silent';
process.env.NO_PROXY = '127.0.0.1,localhost';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
