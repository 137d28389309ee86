import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
// fast-xml-parser is this package's one runtime dependency, by choice: Expert speaks XML, and a
// well-kept parser beats a hand-written one. It limits the package to self-hosted n8n (see README).
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

import { expertUnauthenticatedRequest } from '../../../credentials/NiceExpertApi.credentials';
import type { Context } from '../../shared/runState';
import {
	type ApiResponse,
	type RetryPolicy,
	type Service,
	DONE_BY_EARLIER_ATTEMPT,
	SAFE_TO_REPEAT,
	apiRequest,
	httpStatus,
	serverText,
} from '../../shared/transport';

// Expert's wire format: the requests and their XML documents, read and written.
export const EXPERT: Service = {
	credentialType: 'niceExpertApi',
	name: 'Expert',
	urlField: 'Site URL',
	urlProperty: 'siteUrl',
	secretFields: ['password', 'tokenKey', 'tokenSecret'],
	// The X-Deki-Token value (a server token's signature), as a proxy might echo it or its header.
	secretPatterns: [/tkn_[^\s"'<>]+/g, /((?:x-deki-token)["']?\s*[:=]\s*["']?)[^\s"'<>,;]+/gi],
	unsigned: expertUnauthenticatedRequest,
};

export interface ExpertRequest {
	qs?: IDataObject;
	/** An XML document, sent as application/xml. */
	body?: string;
	/** The root element the answer must have ("group", "groups", "users", "roles"), or "nothing" for an empty answer. */
	expect: string;
	itemIndex?: number;
	/** What the request is about, for error messages: `group named "Sales"`, `group with ID 12`. */
	subject?: string;
}

// What the user should do about each status Expert documents.
const STATUS_HINTS: Record<number, (subject: string) => string> = {
	400: () => 'Expert rejected the request as invalid',
	401: () =>
		'Expert did not accept the credentials: check the username and password, or the token key, secret and user',
	403: () => "Expert refused: the credential's user needs administrator (ADMIN) rights",
	404: (subject) => `Expert found no ${subject}`,
	409: (subject) => `Expert refused: there is already a ${subject}`,
	501: () =>
		'Expert refused: this cannot be done to a group of an external authentication service (it cannot be renamed)',
};

/**
 * Sends a request to {site}/@api/deki/{path} (authenticated by the credential) and returns the
 * parsed XML answer, which must be the document the call documents. The request is safe to repeat.
 */
export async function expertApiRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	request: ExpertRequest,
): Promise<IDataObject> {
	return (await expertApiRequestWithPolicy.call(
		this,
		SAFE_TO_REPEAT,
		method,
		path,
		request,
	)) as IDataObject;
}

/** The same, for a create or a delete: its retry policy may find the work done by an earlier attempt. */
export async function expertApiRequestWithPolicy(
	this: Context,
	policy: RetryPolicy,
	method: IHttpRequestMethods,
	path: string,
	request: ExpertRequest,
): Promise<IDataObject | typeof DONE_BY_EARLIER_ATTEMPT> {
	const { qs, body, itemIndex } = request;
	const sent = {
		method,
		// authenticate=true: bad credentials get a 401 instead of quietly acting as the anonymous user.
		// In the path, not the query options: n8n's helper then has one option less to encode.
		path: `${path}?authenticate=true`,
		qs,
		body,
		headers: body === undefined ? undefined : { 'Content-Type': 'application/xml' },
		itemIndex,
		write: method !== 'GET',
	};
	return await apiRequest(
		this,
		EXPERT,
		sent,
		(response, credentials) => {
			const shown = (text: string, maxLength?: number) =>
				serverText(text, credentials, EXPERT, maxLength);
			return readAnswer(this, response, path, request, shown);
		},
		policy,
	);
}

function readAnswer(
	context: Context,
	response: ApiResponse,
	path: string,
	request: ExpertRequest,
	shown: (text: string, maxLength?: number) => string,
): IDataObject {
	const { statusCode, text } = response;
	const { itemIndex, subject = 'such resource', expect } = request;
	if (statusCode < 200 || statusCode >= 300) {
		const error = readDocument(text, 'error');
		const hint = STATUS_HINTS[statusCode]?.(subject);
		const said =
			typeof error?.error === 'object' ? (error.error as IDataObject).message : undefined;
		throw new NodeApiError(context.getNode(), { statusCode } as JsonObject, {
			httpCode: String(statusCode),
			itemIndex,
			message: hint ? `${hint} (HTTP ${statusCode})` : `Expert answered ${httpStatus(statusCode)}`,
			description: typeof said === 'string' && said ? `The server said: ${shown(said)}` : undefined,
		});
	}
	if (expect === 'nothing' ? text.trim() === '' : true) {
		const document = expect === 'nothing' ? {} : readDocument(text, expect);
		if (document) return document;
	}
	// A 2xx that is not Expert's answer: a login page, a single-page app, another API.
	throw new NodeApiError(context.getNode(), {} as JsonObject, {
		itemIndex,
		message: `Expert's answer to ${path} is not ${expect === 'nothing' ? 'the empty answer' : `the <${expect}> document`} this call returns (HTTP ${statusCode})`,
		description: `The Site URL of the credential probably does not point at Expert's API (a proxy's or single sign-on login page?). Nothing is known to have changed. The answer began: ${shown(text, 200) || '(empty)'}`,
	});
}

// The XML documents: parsed and checked, built, and turned into the items the node outputs.

// Elements that are lists even when the server sends only one of them.
const LIST_PATHS = new Set(['groups.group', 'users.user', 'roles.permissions', 'group.users.user']);

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	textNodeName: '#text',
	parseTagValue: false,
	parseAttributeValue: false,
	// Names come back exactly as stored, spaces included (the fields read are named, so the
	// indentation between elements does no harm).
	trimValues: false,
	isArray: (_name, jPath) => LIST_PATHS.has(String(jPath)),
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@' });

/**
 * The answer as a document whose root element is `root`, or undefined when it is not one: not
 * well-formed XML (an HTML page), another root, or empty.
 */
export function readDocument(text: string, root: string): IDataObject | undefined {
	// Checked first: the parser alone takes a cut or malformed answer for a whole one (a group named "").
	if (text.trim() === '' || XMLValidator.validate(text) !== true) return undefined;
	const document = parseOnly(text);
	const roots = Object.keys(document).filter((key) => !key.startsWith('?'));
	return roots.length === 1 && roots[0] === root ? document : undefined;
}

/** The parse without the check: for the benchmark's figure of what the check costs. */
export const parseOnly = (text: string): IDataObject => parser.parse(text) as IDataObject;

/** Builds XML from an object; text and attribute values are escaped by the builder. */
export function buildXml(document: IDataObject): string {
	return builder.build(document) as string;
}

type XmlNode = IDataObject | string | undefined;

const textOf = (node: XmlNode): string =>
	typeof node === 'object' && node !== null ? String(node['#text'] ?? '') : String(node ?? '');

const attribute = (node: XmlNode, name: string): string | undefined =>
	typeof node === 'object' && node !== null && node[`@${name}`] !== undefined
		? String(node[`@${name}`])
		: undefined;

const integer = (value: string | undefined): number | undefined =>
	value === undefined || value === '' ? undefined : Number(value);

/** Expert's <group> document as clean JSON: numbers for ids and counts, the role as { id, name, href }. */
export function groupToJson(group: IDataObject): IDataObject {
	const permissions = (group['permissions.group'] ?? {}) as IDataObject;
	const role = permissions.role as XmlNode;
	const operations = permissions.operations as XmlNode;
	const users = group.users as XmlNode;
	const service = group['service.authentication'] as XmlNode;
	// The PUT page's sample says <name>; the server and the other pages say <groupname>.
	const name = group.groupname ?? group.name;
	return {
		id: integer(attribute(group, 'id')),
		name: textOf(name as XmlNode),
		href: attribute(group, 'href'),
		role: { id: integer(attribute(role, 'id')), name: textOf(role), href: attribute(role, 'href') },
		permissions: {
			mask: integer(attribute(operations, 'mask')),
			operations: textOf(operations)
				.split(',')
				.filter((operation) => operation !== ''),
		},
		users: { count: integer(attribute(users, 'count')), href: attribute(users, 'href') },
		authService: { id: integer(attribute(service, 'id')), href: attribute(service, 'href') },
	};
}

/**
 * What an Update must send back unchanged, read from a <group> document without trusting it: the
 * id (digits only), the name, and every role element's text (a sound group has exactly one).
 */
export function groupForRewrite(group: unknown): { id?: string; name: string; roles: string[] } {
	if (typeof group !== 'object' || group === null || Array.isArray(group))
		return { name: '', roles: [] };
	const node = group as IDataObject;
	const id = attribute(node, 'id');
	const permissions = node['permissions.group'];
	const role =
		typeof permissions === 'object' && permissions !== null && !Array.isArray(permissions)
			? (permissions as IDataObject).role
			: undefined;
	const roles = (Array.isArray(role) ? role : role === undefined ? [] : [role]).map((entry) =>
		textOf(entry as XmlNode),
	);
	const name = node.groupname ?? node.name;
	return {
		id: id !== undefined && /^\d{1,10}$/.test(id) ? id : undefined,
		// Two names (a list) have no '#text': ''.
		name: textOf(name as XmlNode),
		roles,
	};
}

export interface ExpertRole {
	id?: number;
	name: string;
}

/** GET site/roles: <roles><permissions><operations/><role id="..">Name</role></permissions>... */
export function rolesOf(document: IDataObject): ExpertRole[] {
	const roles = (document.roles ?? {}) as IDataObject;
	return ((roles.permissions ?? []) as IDataObject[]).map((permissions) => ({
		id: integer(attribute(permissions.role as XmlNode, 'id')),
		name: textOf(permissions.role as XmlNode),
	}));
}

/** The fields most workflows need: { id, name, role: { id, name }, userCount }. */
export function simplifiedGroup(group: IDataObject): IDataObject {
	const json = groupToJson(group);
	const role = json.role as IDataObject;
	return {
		id: json.id,
		name: json.name,
		role: { id: role.id, name: role.name },
		userCount: (json.users as IDataObject).count,
	};
}

/** The <group> of a response, as full or simplified JSON. */
export function groupOutput(document: IDataObject, simplify: boolean): IDataObject {
	const group = (document.group ?? {}) as IDataObject;
	return simplify ? simplifiedGroup(group) : groupToJson(group);
}

/** A <user id href><nick/><username/><email/></user> of a member list as clean JSON. */
export function userToJson(user: IDataObject): IDataObject {
	return {
		id: integer(attribute(user, 'id')),
		username: textOf(user.username as XmlNode),
		nick: textOf(user.nick as XmlNode),
		email: textOf(user.email as XmlNode),
		href: attribute(user, 'href'),
	};
}

/** <users><user id="1"/>...</users> */
export function usersXml(userIds: number[]): string {
	return buildXml({ users: { user: userIds.map((id) => ({ '@id': id })) } });
}
