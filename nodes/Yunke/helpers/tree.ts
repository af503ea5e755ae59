/**
 * The department tree (docs/protocol/yunke.md §8, provisional shape): `data` is a list of root nodes or one node;
 * nodes carry `children` (or `sub`) and `users`, or user entries typed "USER". Pure functions.
 */
export type TreeNode = Record<string, unknown>;

export interface FlatDepartment {
	id: string;
	name: string;
	parentId: string;
	path: string;
	depth: number;
	userCount: number;
}

export interface FlatUser {
	id: string;
	name: string;
	phone: string;
	status: string | number | null;
	departmentId: string;
	departmentName: string;
	departmentPath: string;
}

export function treeRoots(data: unknown): TreeNode[] {
	if (Array.isArray(data)) return data as TreeNode[];
	if (data && typeof data === 'object') return [data as TreeNode];
	return [];
}

function childrenOf(node: TreeNode): TreeNode[] {
	const list = (node.children ?? node.sub ?? []) as TreeNode[];
	return Array.isArray(list) ? list : [];
}

function isUser(node: TreeNode): boolean {
	return String(node.type ?? '').toUpperCase() === 'USER';
}

export function flattenTree(data: unknown): { departments: FlatDepartment[]; users: FlatUser[] } {
	const departments: FlatDepartment[] = [];
	const users: FlatUser[] = [];
	const visit = (node: TreeNode, parentId: string, parentPath: string, depth: number) => {
		const id = String(node.id ?? '');
		const name = String(node.name ?? '');
		const path = parentPath ? `${parentPath} / ${name}` : name;
		const ownUsers = [
			...(Array.isArray(node.users) ? (node.users as TreeNode[]) : []),
			...childrenOf(node).filter(isUser),
		];
		departments.push({ id, name, parentId, path, depth, userCount: ownUsers.length });
		for (const user of ownUsers) {
			users.push({
				id: String(user.id ?? user.userId ?? ''),
				name: String(user.name ?? user.userName ?? ''),
				phone: String(user.phone ?? ''),
				status: (user.status as string | number | undefined) ?? null,
				departmentId: id,
				departmentName: name,
				departmentPath: path,
			});
		}
		for (const child of childrenOf(node).filter((c) => !isUser(c))) visit(child, id, path, depth + 1);
	};
	for (const root of treeRoots(data)) visit(root, String(root.parentId ?? ''), '', 0);
	return { departments, users };
}

/** The department with this id and all departments below it. */
export function subtreeIds(departments: FlatDepartment[], rootId: string): Set<string> {
	const ids = new Set<string>([rootId]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const dept of departments) {
			if (!ids.has(dept.id) && ids.has(dept.parentId)) {
				ids.add(dept.id);
				grew = true;
			}
		}
	}
	return ids;
}
