/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The n8n processes a script runs: each in its own process group (n8n and its task runner end
 * together), all killed when this process exits; the result of a command, and a server running
 * in the background.
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { escalateAfter, poll } from '../timing';

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	output: string;
	ms: number;
}

export class N8nCommandError extends Error {
	constructor(
		readonly args: string[],
		readonly result: CommandResult,
	) {
		super(`n8n ${args.join(' ')} exited with ${result.code ?? result.signal} after ${result.ms} ms:\n${tail(result.output, 60)}`);
	}
}

export function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** The JSON document n8n's logger printed: from the first line that starts with `{` to the first `}` line after it. */
export function parseLoggedJson<T = unknown>(output: string): T {
	const lines = output.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start < 0) throw new Error(`no JSON in the n8n output:\n${tail(output, 40)}`);
	for (let end = start; end < lines.length; end++) {
		if (lines[end] !== '}' && !(end === start && lines[end].trimEnd().endsWith('}'))) continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as T;
		} catch {
			// a `}` line inside a string: keep looking
		}
	}
	throw new Error(`unterminated JSON in the n8n output:\n${tail(output, 40)}`);
}

/**
 * n8n processes are spawned in their own process groups (to end their task runners with them), so
 * they would outlive this process: kill whatever is left when it exits. A script that should stop
 * them on Ctrl-C handles SIGINT itself (await server.stop(), then process.exit()).
 */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of liveChildren) killGroup(child, 'SIGKILL');
});

/** Spawn `node <args>` in its own process group, killed with this process; `owned` holds it until it exits. */
export function spawnGroup(node: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, owned: Set<ChildProcess>): ChildProcess {
	const child = spawn(node, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	owned.add(child);
	liveChildren.add(child);
	child.once('exit', () => {
		liveChildren.delete(child);
		owned.delete(child);
	});
	return child;
}

export class N8nServer {
	output = '';
	/** Milliseconds from spawn until each readiness URL (by path) first answered 200. */
	readonly readyAfterMs: Record<string, number> = {};
	private exited: Promise<number | null>;

	constructor(readonly child: ChildProcess) {
		child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Poll `url` until it answers 200 (bounded by timeoutMs); false on timeout or if the process exits. */
	async waitFor(url: string, timeoutMs: number): Promise<boolean> {
		let exited = false;
		void this.exited.then(() => (exited = true));
		const answered = await poll(
			async () => {
				try {
					const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
					return res.ok || undefined;
				} catch {
					return undefined; // not listening yet
				}
			},
			{ timeoutMs, intervalMs: 200, stop: () => exited },
		);
		return answered !== undefined;
	}

	/** SIGTERM the process group, SIGKILL after `graceMs`. */
	async stop(graceMs = 10_000): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			killGroup(this.child, 'SIGTERM');
			await escalateAfter(this.exited, graceMs, () => killGroup(this.child, 'SIGKILL'));
		}
		killGroup(this.child, 'SIGKILL'); // a task runner left in the group
	}
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal); // the group, when spawned detached
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}
