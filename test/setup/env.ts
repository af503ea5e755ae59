/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes an instance config (encryption key) under $N8N_USER_FOLDER on first use.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-yz-test-'));
}

// n8n-core logs node errors through winston to the console; tests read errors from results instead.
process.env.N8N_LOG_LEVEL ??= 'silent';
