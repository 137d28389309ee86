import { createHmac } from 'crypto';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

import { EmulatorServer, type ReceivedRequest, type Reply } from './server';

// A small model of NICE CXone Expert's group API (MindTouch "Deki"): Basic auth and server API
// tokens, `=name` group ids decoded twice, XML in and out, and the documented semantics, including
// the role reset of a PUT that carries no role.

export interface ExpertRole {
	id: number;
	name: string;
	mask: number;
	operations: string;
}

export interface ExpertUser {
	id: number;
	username: string;
	email: string;
	password?: string;
	admin: boolean;
	/** The user's own site role. */
	roleName: string;
}

export interface ExpertGroup {
	id: number;
	name: string;
	roleId: number;
	/** 1 = local (Expert's own), anything else = an external authentication service. */
	serviceId: number;
	userIds: number[];
}

export interface NiceExpertEmulatorOptions {
	/** Server API tokens: key -> secret. */
	tokens?: Record<string, string>;
	/** The role a group falls back to when a PUT carries none (the site's role for new accounts). */
	defaultRole?: string;
}

const API = '/@api/deki/';

const ROLES: ExpertRole[] = [
	{ id: 1, name: 'None', mask: 0, operations: '' },
	{ id: 2, name: 'Guest', mask: 1, operations: 'LOGIN' },
	{ id: 3, name: 'Viewer', mask: 15, operations: 'LOGIN,BROWSE,READ,SUBSCRIBE' },
	{
		id: 4,
		name: 'Contributor',
		mask: 1343,
		operations: 'LOGIN,BROWSE,READ,SUBSCRIBE,UPDATE,CREATE,DELETE,CHANGEPERMISSIONS',
	},
	{ id: 5, name: 'Admin', mask: 2147483647, operations: 'ADMIN' },
];

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	textNodeName: '#text',
	parseTagValue: false,
	trimValues: false,
});
const builder = new XMLBuilder({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	suppressEmptyNode: true,
});
const xml = (document: object): Reply => ({
	status: 200,
	headers: { 'Content-Type': 'application/xml; charset=utf-8' },
	body: '<?xml version="1.0"?>' + builder.build(document),
});
const text = (node: unknown): string | undefined =>
	node === undefined
		? undefined
		: typeof node === 'object' && node !== null
			? String((node as Record<string, unknown>)['#text'] ?? '')
			: String(node);

/** The server's decoder: `+` is a space, then percent-decoding. */
const decodeOnce = (segment: string) => decodeURIComponent(segment.replace(/\+/g, ' '));

export class NiceExpertEmulator extends EmulatorServer {
	readonly roles = ROLES.map((role) => ({ ...role }));

	readonly users: ExpertUser[] = [
		{
			id: 1,
			username: 'admin',
			email: 'admin@example.com',
			password: 'demo-password',
			admin: true,
			roleName: 'Admin',
		},
		{ id: 2, username: 'Anonymous', email: '', admin: false, roleName: 'Guest' },
		{
			id: 3,
			username: 'agent',
			email: 'agent@example.com',
			password: 'agent-password',
			admin: false,
			roleName: 'Viewer',
		},
	];

	readonly groups: ExpertGroup[] = [];

	readonly tokens: Record<string, string>;

	defaultRole: string;

	private nextGroupId = 2;

	private nextUserId = 4;

	constructor(options: NiceExpertEmulatorOptions = {}) {
		super();
		this.tokens = options.tokens ?? { demokey: 'demo-token-secret' };
		this.defaultRole = options.defaultRole ?? 'Viewer';
	}

	addGroup(name: string, roleName = 'Contributor', serviceId = 1): ExpertGroup {
		const group = {
			id: this.nextGroupId++,
			name,
			roleId: this.role(roleName)!.id,
			serviceId,
			userIds: [],
		};
		this.groups.push(group);
		return group;
	}

	addUser(username: string, roleName = 'Viewer'): ExpertUser {
		const user = {
			id: this.nextUserId++,
			username,
			email: `${username.replace(/\W/g, '.')}@example.com`,
			admin: false,
			roleName,
		};
		this.users.push(user);
		return user;
	}

	reset(): void {
		this.groups.length = 0;
		this.users.splice(3);
		this.resetServer();
		this.nextGroupId = 2;
		this.nextUserId = 4;
	}

	role(name: string): ExpertRole | undefined {
		return this.roles.find((role) => role.name.toLowerCase() === name.toLowerCase());
	}

	groupNamed(name: string): ExpertGroup | undefined {
		return this.groups.find((group) => group.name === name);
	}

	protected handle(request: ReceivedRequest): Reply {
		const url = new URL(request.url, 'http://emulator');
		if (!url.pathname.startsWith(API)) return this.error(404, 'Not Found', 'No such API');
		const route = request.url.slice(API.length).split('?')[0].split('/');
		const query = url.searchParams;

		const user = this.authenticatedUser(request, query.get('authenticate') === 'true');
		if (user === 'refused') {
			return {
				...this.error(401, 'Unauthorized', 'Authentication failed'),
				headers: {
					'WWW-Authenticate': 'Basic realm="DekiWiki"',
					'Content-Type': 'application/xml; charset=utf-8',
				},
			};
		}
		const key = `${request.method} ${route.join('/')}`;
		// Bodies are XML documents, sent as such.
		if (
			request.body !== '' &&
			!/^application\/xml\b/i.test(String(request.headers['content-type'] ?? ''))
		) {
			return this.error(415, 'Unsupported Media Type', 'The body must be sent as application/xml');
		}

		if (key === 'GET users/current')
			return this.currentUser(user, query.get('dream.out.format') === 'json');
		if (key === 'GET site/roles')
			return xml({ roles: { permissions: this.roles.map((role) => this.permissionsXml(role)) } });
		if (key === 'GET users') return this.userList(this.users, query, 'users');
		if (request.method === 'GET' && route[0] === 'users' && route.length === 2) {
			const found = this.resolveUser(route[1], user);
			return found
				? xml({ user: this.userXml(found) })
				: this.error(404, 'Not Found', 'Requested user could not be found');
		}
		if (route[0] !== 'groups')
			return this.error(404, 'Not Found', `No route for ${request.method} ${route.join('/')}`);
		if (request.method !== 'GET' && !user.admin)
			return this.error(403, 'Forbidden', 'Administrator access is required');
		if (route.length === 1) {
			if (request.method === 'GET') return this.listGroups(query);
			if (request.method === 'POST') return this.createGroup(request.body);
		}
		const group = this.resolveGroup(route[1]);
		if (!group) return this.notFound();
		if (route.length === 2) {
			if (request.method === 'GET') return xml({ group: this.groupXml(group) });
			if (request.method === 'PUT') return this.putGroup(group, request.body);
			if (request.method === 'DELETE') {
				this.groups.splice(this.groups.indexOf(group), 1);
				return { status: 200 };
			}
		}
		if (route[2] === 'users') {
			if (route.length === 3 && request.method === 'GET') return this.listMembers(group, query);
			// (code) member changes on a group of an external auth service answer 400.
			if (group.serviceId !== 1)
				return this.error(
					400,
					'Bad Request',
					'The members of an external group are managed by its authentication service',
				);
			if (route.length === 3 && (request.method === 'POST' || request.method === 'PUT')) {
				return this.changeMembers(group, request.body, request.method === 'PUT');
			}
			if (route.length === 4 && request.method === 'DELETE') {
				const member = this.resolveUser(route[3], user);
				if (!member) return this.error(404, 'Not Found', 'Requested user could not be found');
				group.userIds = group.userIds.filter((id) => id !== member.id);
				return xml({ group: this.groupXml(group) });
			}
		}
		return this.error(404, 'Not Found', `No route for ${request.method} ${route.join('/')}`);
	}

	/**
	 * The signed-in user; failing that, as Expert does, the anonymous user, unless the request forces
	 * authentication (authenticate=true): then 'refused' (401).
	 */
	private authenticatedUser(request: ReceivedRequest, force: boolean): ExpertUser | 'refused' {
		const user = this.signedInUser(request);
		if (user) return user;
		return force ? 'refused' : this.users[1];
	}

	private signedInUser(request: ReceivedRequest): ExpertUser | undefined {
		const token = request.headers['x-deki-token'];
		if (typeof token === 'string') return this.tokenUser(token);
		const authorization = String(request.headers.authorization ?? '');
		if (!authorization.startsWith('Basic ')) return undefined;
		const [username, ...rest] = Buffer.from(authorization.slice(6), 'base64')
			.toString('utf8')
			.split(':');
		const user = this.users.find((candidate) => candidate.username === username);
		return user?.password !== undefined && user.password === rest.join(':') ? user : undefined;
	}

	/** tkn_{key}_{epoch}_{user}_{hmac}: valid for 5 minutes. */
	private tokenUser(token: string): ExpertUser | undefined {
		const match = /^tkn_([^_]+)_(\d+)_(.+)_([0-9a-f]{64})$/.exec(token);
		if (!match) return undefined;
		const [, key, epoch, user, hash] = match;
		const secret = this.tokens[key];
		if (secret === undefined || Math.abs(Date.now() / 1000 - Number(epoch)) > 300) return undefined;
		if (createHmac('sha256', secret).update(`${key}_${epoch}_${user}`).digest('hex') !== hash)
			return undefined;
		return user.startsWith('=')
			? this.users.find((candidate) => candidate.username === decodeURIComponent(user.slice(1)))
			: this.users.find((candidate) => candidate.id === Number(user));
	}

	private currentUser(user: ExpertUser, asJson: boolean): Reply {
		if (asJson) {
			return {
				status: 200,
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				body: JSON.stringify({
					'@id': String(user.id),
					username: user.username,
					email: user.email,
				}),
			};
		}
		return xml({ user: { '@id': user.id, username: user.username, email: user.email } });
	}

	private resolveGroup(segment: string): ExpertGroup | undefined {
		if (segment.startsWith('=')) {
			// Decoded twice, as the real server does (a proxy work-around).
			const name = decodeOnce(decodeOnce(segment.slice(1)));
			return this.groupNamed(name);
		}
		return /^\d+$/.test(segment)
			? this.groups.find((group) => group.id === Number(segment))
			: undefined;
	}

	/** An id, `current`, or `=` + a user name encoded twice. */
	private resolveUser(segment: string, current: ExpertUser): ExpertUser | undefined {
		if (segment === 'current') return current;
		if (segment.startsWith('=')) {
			const name = decodeOnce(decodeOnce(segment.slice(1)));
			return this.users.find((user) => user.username === name);
		}
		return /^\d+$/.test(segment)
			? this.users.find((user) => user.id === Number(segment))
			: undefined;
	}

	private createGroup(body: string): Reply {
		const document = this.parseBody(body, 'group');
		if (typeof document === 'string') return this.error(400, 'Bad Request', document);
		const name = text(document.groupname) ?? text(document.name);
		if (!name?.trim()) return this.error(400, 'Bad Request', 'A group needs a name');
		if (this.groups.some((group) => group.name.toLowerCase() === name.toLowerCase())) {
			return this.error(409, 'Conflict', `Group "${name}" already exists`);
		}
		const role = this.role(text(document['permissions.group']?.role) ?? this.defaultRole);
		if (!role)
			return this.error(
				400,
				'Bad Request',
				`Unknown role: ${text(document['permissions.group']?.role)}`,
			);
		const userIds = this.userIdsOf(document.users);
		if (typeof userIds === 'string') return this.error(400, 'Bad Request', userIds);
		const group = this.addGroup(name, role.name);
		group.userIds = userIds;
		return xml({ group: this.groupXml(group) });
	}

	private changeMembers(group: ExpertGroup, body: string, replace: boolean): Reply {
		const document = this.parseBody(body, 'users');
		if (typeof document === 'string') return this.error(400, 'Bad Request', document);
		const userIds = this.userIdsOf(document);
		if (typeof userIds === 'string') return this.error(400, 'Bad Request', userIds);
		group.userIds = replace ? userIds : [...new Set([...group.userIds, ...userIds])];
		return xml({ group: this.groupXml(group) });
	}

	/** <users><user id=".."/>...</users> -> ids, or what is wrong with it. */
	private userIdsOf(users: unknown): number[] | string {
		if (users === undefined || users === '') return [];
		const list = (users as Record<string, unknown>).user;
		const entries = (Array.isArray(list) ? list : list === undefined ? [] : [list]) as Array<
			Record<string, string>
		>;
		const ids: number[] = [];
		for (const entry of entries) {
			const user = this.users.find((candidate) => String(candidate.id) === entry['@id']);
			if (!user) return `Unknown user id: ${entry['@id']}`;
			ids.push(user.id);
		}
		return [...new Set(ids)];
	}

	private listMembers(group: ExpertGroup, query: URLSearchParams): Reply {
		const members = group.userIds.map((id) => this.users.find((user) => user.id === id)!);
		return this.userList(members, query, `groups/${group.id}/users`);
	}

	/** GET users and GET groups/{id}/users: filtered by username and role, by id or username, a page at a time. */
	private userList(users: ExpertUser[], query: URLSearchParams, path: string): Reply {
		const nameFilter = (query.get('usernamefilter') ?? '').toLowerCase();
		const roleFilter = query.get('rolefilter');
		const byName = query.get('sortby') === 'username';
		const listed = users
			.filter((user) => user.username.toLowerCase().includes(nameFilter))
			.filter((user) => !roleFilter || user.roleName.toLowerCase() === roleFilter.toLowerCase())
			.sort((a, b) => (byName ? a.username.localeCompare(b.username) : a.id - b.id));
		const offset = Number(query.get('offset') ?? 0);
		const limit = query.get('limit') === 'all' ? Infinity : Number(query.get('limit') ?? 100);
		const page = listed.slice(offset, offset + limit);
		return xml({
			users: {
				'@count': page.length,
				'@href': `${this.url}${API}${path}`,
				user: page.map((user) => this.userXml(user)),
			},
		});
	}

	private userXml(user: ExpertUser) {
		return {
			'@id': user.id,
			'@href': `${this.url}${API}users/${user.id}`,
			nick: user.username,
			username: user.username,
			email: user.email,
		};
	}

	/** The root element of a well-formed XML body, or what is wrong with it. */
	private parseBody(body: string, root: string): Record<string, any> | string {
		if (XMLValidator.validate(body) !== true) return 'The request body is not well-formed XML';
		const document = parser.parse(body)[root];
		if (document === undefined) return `Expected a <${root}> document`;
		return document === '' ? {} : document;
	}

	private listGroups(query: URLSearchParams): Reply {
		const filter = (query.get('groupnamefilter') ?? '').toLowerCase();
		const matching = this.groups.filter((group) => group.name.toLowerCase().includes(filter));
		const sortBy = query.get('sortby') ?? 'id';
		const descending = sortBy.startsWith('-');
		const field = sortBy.replace(/^-/, '');
		if (!['id', 'name', 'role', 'service'].includes(field))
			return this.error(400, 'Bad Request', `Invalid sortby: ${sortBy}`);
		const sortKey = (group: ExpertGroup) =>
			field === 'name'
				? group.name.toLowerCase()
				: field === 'role'
					? this.roleOf(group).name
					: field === 'service'
						? group.serviceId
						: group.id;
		matching.sort(
			(a, b) =>
				(sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0) * (descending ? -1 : 1),
		);
		const offset = Number(query.get('offset') ?? 0);
		const limit = query.get('limit') === 'all' ? Infinity : Number(query.get('limit') ?? 100);
		const page = matching.slice(offset, offset + limit);
		return xml({
			groups: {
				'@count': page.length,
				'@querycount': matching.length,
				'@totalcount': this.groups.length,
				'@href': `${this.url}${API}groups`,
				group: page.map((group) => this.groupXml(group)),
			},
		});
	}

	private putGroup(target: ExpertGroup, body: string): Reply {
		const document = this.parseBody(body, 'group');
		if (typeof document === 'string') return this.error(400, 'Bad Request', document);
		// (code) an id attribute in the body overrides the group in the URL.
		const group =
			document['@id'] !== undefined
				? this.groups.find((g) => g.id === Number(document['@id']))
				: target;
		if (!group) return this.notFound();
		const name = text(document.groupname) ?? text(document.name);
		const roleName = text(document['permissions.group']?.role);
		if (name !== undefined && name !== group.name && group.serviceId !== 1) {
			return this.error(501, 'Not Implemented', 'External groups may not be renamed');
		}
		// (code) no role in the PUT: the group gets the site's role for new accounts.
		const role = this.role(roleName ?? this.defaultRole);
		if (!role) return this.error(400, 'Bad Request', `Unknown role: ${roleName}`);
		if (name !== undefined) {
			if (name.trim() === '') return this.error(400, 'Bad Request', 'Group name must not be empty');
			group.name = name;
		}
		group.roleId = role.id;
		return xml({ group: this.groupXml(group) });
	}

	private roleOf(group: ExpertGroup): ExpertRole {
		return this.roles.find((role) => role.id === group.roleId)!;
	}

	private permissionsXml(role: ExpertRole) {
		return {
			operations: { '@mask': role.mask, '#text': role.operations },
			role: {
				'@id': role.id,
				'@href': `${this.url}${API}site/roles/${role.id}`,
				'#text': role.name,
			},
		};
	}

	private groupXml(group: ExpertGroup) {
		return {
			'@id': group.id,
			'@href': `${this.url}${API}groups/${group.id}`,
			groupname: group.name,
			'service.authentication': {
				'@id': group.serviceId,
				'@href': `${this.url}${API}site/services/${group.serviceId}`,
			},
			users: {
				'@count': group.userIds.length,
				'@href': `${this.url}${API}groups/${group.id}/users`,
			},
			'permissions.group': this.permissionsXml(this.roleOf(group)),
		};
	}

	private notFound(): Reply {
		return this.error(404, 'Not Found', 'Requested group could not be found');
	}

	private error(status: number, title: string, message: string): Reply {
		return {
			status,
			headers: { 'Content-Type': 'application/xml; charset=utf-8' },
			body: '<?xml version="1.0"?>' + builder.build({ error: { status, title, message } }),
		};
	}
}
