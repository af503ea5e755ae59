/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/** Run one benchmark task in a fresh process (bench/worker.ts) and get its result. */
import { fork } from 'node:child_process';
import path from 'node:path';

import type { Task, TaskResult } from '../worker';

const WORKER = path.join(__dirname, '..', 'worker.ts');

export async function inWorker(task: Task): Promise<TaskResult> {
	// Forked with this process's execArgv (tsx's loader) and environment (NODE_OPTIONS=--expose-gc).
	const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	return await new Promise<TaskResult>((resolve, reject) => {
		let settled = false;
		child.once('message', (message: { ok: boolean; result?: TaskResult; error?: string }) => {
			settled = true;
			if (message.ok) resolve(message.result!);
			else reject(new Error(`bench worker (${task.kind}, ${task.mode}) failed: ${message.error}`));
		});
		child.once('exit', (code) => {
			if (!settled) reject(new Error(`bench worker (${task.kind}, ${task.mode}) exited with code ${code} before answering`));
		});
		child.send(task);
	});
}
