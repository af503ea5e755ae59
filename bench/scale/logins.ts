/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Which n8n process sent each login request a simulator received: the request's TCP connection is
 * traced through /proc to the n8n process holding its client socket.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type http from 'node:http';

export type ServiceName = 'yunke' | 'zhibang';

export interface LoginEvent {
	service: ServiceName;
	at: number;
	who: string;
}

/** n8n processes of the current run, by PID (main, worker-1, …). */
export const processNames = new Map<number, string>();
export const loginEvents: LoginEvent[] = [];

/** inode of the TCP socket 127.0.0.1:clientPort → :serverPort, from /proc/net/tcp{,6}. */
function socketInode(clientPort: number, serverPort: number): string | undefined {
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			const local = parseInt(cols[1].split(':').pop() ?? '', 16);
			const remote = parseInt(cols[2].split(':').pop() ?? '', 16);
			if (local === clientPort && remote === serverPort) return cols[9];
		}
	}
	return undefined;
}

/** The name of the n8n process holding that client socket ('other' when none of ours does). */
function connectionOwner(clientPort: number | undefined, serverPort: number | undefined): string {
	if (!clientPort || !serverPort) return 'unknown';
	const inode = socketInode(clientPort, serverPort);
	if (!inode) return 'unknown';
	const target = `socket:[${inode}]`;
	for (const [pid, name] of processNames) {
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return name;
			} catch {
				// closed meanwhile
			}
		}
	}
	return 'other';
}

/**
 * Watch the login requests a simulator receives (a second, read-only 'request' listener on its
 * HTTP servers) and record which n8n process sent each. The simulators keep their servers in a
 * private field; without it the per-process split is reported as unavailable (totals still come
 * from the simulators' own counters).
 */
export function watchLogins(sim: object, service: ServiceName, loginRoutes: string[]): boolean {
	const servers = (sim as { servers?: http.Server[] }).servers;
	if (!Array.isArray(servers) || servers.length === 0) return false;
	for (const server of servers) {
		server.prependListener('request', (req: http.IncomingMessage) => {
			const route = (req.url ?? '').split('?')[0].toLowerCase().replace(/\/{2,}/g, '/');
			if (!loginRoutes.includes(route)) return;
			loginEvents.push({ service, at: Date.now(), who: connectionOwner(req.socket.remotePort, req.socket.localPort) });
		});
	}
	return true;
}
