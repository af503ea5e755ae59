import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes an instance config (encryption key) under $N8N_USER_FOLDER on first use.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-yz-test-'));
}

// n8n-core logs node errors through winston to the console; tests read errors from results instead.
process.env.N8N_LOG_LEVEL ??= 'silent';
