import { createHmac, timingSafeEqual } from 'crypto';

import { EmulatorServer, type ReceivedRequest, type Reply } from './server';

// A small model of Huawei AICC CC-CMS's qcrelationconf API: C2 (auth-v2) signatures verified
// independently of the credential's code, groups kept in memory, the documented JSON envelope.

export interface CmsGroup {
	id: string;
	vdn: number;
	ccId: number;
	groupName: string;
	groupType: number;
	remark: string;
}

export interface CmsAgent {
	vdn: number;
	workNo: number;
	accountCode: string;
	accountName: string;
	ccRoleId: number;
	/** The one user group the agent is in, if any. */
	groupId?: string;
	memberId?: string;
}

export interface CmsRelation {
	vdn: number;
	qcGroupId: string;
	inspectedGroupId: string;
}

export interface HuaweiCmsEmulatorOptions {
	/** AK -> SK pairs the server accepts. */
	keys?: Record<string, string>;
	/** Accepted clock skew of a signature timestamp, in seconds. */
	skewSeconds?: number;
	/** Shifts the server's clock (to test stale signatures). */
	clockOffsetMs?: number;
	defaultCcId?: number;
	/** Answer like servers of 8.13 and earlier: only returnCode and description. */
	legacyEnvelope?: boolean;
}

const OPENAPI = '/rest/cmsapp/v1/openapi/qcrelationconf/';
const SUCCESS = '0100000';
const INVALID_PARAMETER = '0100002';
const RELATION_ERROR = '0101001';
const NOT_IN_UAP = '0101002';
const MAX_PAGE = 100;

/** normalize(): every UTF-8 byte but A-Z a-z 0-9 - . _ ~ as upper-case %XX (written byte by byte on purpose). */
function normalize(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const char = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-._~]/.test(char)
			? char
			: '%' + byte.toString(16).toUpperCase().padStart(2, '0');
	}
	return out;
}

const hexHmac = (key: string, message: string) =>
	createHmac('sha256', key).update(message).digest('hex');

export class HuaweiCmsEmulator extends EmulatorServer {
	readonly groups = new Map<string, CmsGroup>();

	/** Agents by `${vdn}:${workNo}`. */
	readonly agents = new Map<string, CmsAgent>();

	relations: CmsRelation[] = [];

	legacyEnvelope: boolean;

	/** When set, every signed request is answered with this result (to exercise error handling). */
	forcedResult?: { resultCode: string; resultDesc: string };

	readonly keys: Record<string, string>;

	skewSeconds: number;

	clockOffsetMs: number;

	readonly defaultCcId: number;

	private nextId = 159832671551117675139418726647n;

	constructor(options: HuaweiCmsEmulatorOptions = {}) {
		super();
		this.keys = options.keys ?? { demoAK: 'demoSK' };
		this.skewSeconds = options.skewSeconds ?? 300;
		this.clockOffsetMs = options.clockOffsetMs ?? 0;
		this.defaultCcId = options.defaultCcId ?? 1;
		this.legacyEnvelope = options.legacyEnvelope ?? false;
	}

	reset(): void {
		this.groups.clear();
		this.agents.clear();
		this.relations = [];
		this.resetServer();
		this.clockOffsetMs = 0;
		this.legacyEnvelope = false;
		this.forcedResult = undefined;
	}

	/** Agents `first`..`first + count - 1` of a VDN, in no group. */
	addAgents(vdn: number, first: number, count = 1): CmsAgent[] {
		return Array.from({ length: count }, (_, n) => {
			const workNo = first + n;
			const agent: CmsAgent = {
				vdn,
				workNo,
				accountCode: `agent${workNo}`,
				accountName: `Agent ${workNo}`,
				ccRoleId: 1,
			};
			this.agents.set(`${vdn}:${workNo}`, agent);
			return agent;
		});
	}

	membersOf(groupId: string): number[] {
		return [...this.agents.values()]
			.filter((agent) => agent.groupId === groupId)
			.map((agent) => agent.workNo)
			.sort((a, b) => a - b);
	}

	private nextMemberId = 1;

	addGroup(group: Partial<CmsGroup> & { vdn: number; groupName: string }): CmsGroup {
		const created: CmsGroup = {
			id: String(this.nextId++),
			ccId: this.defaultCcId,
			groupType: 3,
			remark: '',
			...group,
		};
		this.groups.set(created.id, created);
		return created;
	}

	protected handle(request: ReceivedRequest): Reply {
		const reply = this.answer(request);
		// The server's own clock (shifted by clockOffsetMs), as a real server's Date header shows it.
		return {
			...reply,
			headers: { ...reply.headers, Date: new Date(Date.now() + this.clockOffsetMs).toUTCString() },
		};
	}

	private answer(request: ReceivedRequest): Reply {
		const authError = this.verifySignature(request);
		if (authError)
			return {
				status: 401,
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ error: authError }),
			};

		// Huawei's docs list this header as mandatory on every call, GET included.
		if (
			String(request.headers['content-type'] ?? '')
				.replace(/\s/g, '')
				.toLowerCase() !== 'application/json;charset=utf-8'
		) {
			return {
				status: 415,
				headers: { 'Content-Type': 'application/json' },
				body: '{"error":"Content-Type must be application/json;charset=UTF-8"}',
			};
		}
		if (this.forcedResult)
			return this.envelope(this.forcedResult.resultCode, this.forcedResult.resultDesc);
		const path = request.url.split('?')[0];
		let body: Record<string, unknown>;
		try {
			body = request.body ? JSON.parse(request.body) : {};
		} catch {
			return this.envelope(INVALID_PARAMETER, 'The request body is not JSON');
		}
		if (path === '/rest/cmsapp/v1/ping' && request.method === 'POST')
			return this.envelope(SUCCESS, 'Hello world!');
		const list = new RegExp(`^${OPENAPI}queryallccgroup/(\\d+)/(\\d+)$`).exec(path);
		if (list && request.method === 'GET') return this.listGroups(Number(list[1]), Number(list[2]));
		const operation =
			request.method === 'POST' && path.startsWith(OPENAPI)
				? this.operations[path.slice(OPENAPI.length)]
				: undefined;
		if (!operation)
			return {
				status: 404,
				headers: { 'Content-Type': 'application/json' },
				body: '{"error":"Not Found"}',
			};
		return operation.call(this, body);
	}

	private readonly operations: Record<
		string,
		(this: HuaweiCmsEmulator, body: Record<string, unknown>) => Reply
	> = {
		createusergroup: this.createGroup,
		updategroup: this.updateGroup,
		deleteusergroup: this.deleteGroup,
		querygroupmemberbycondition: this.queryMembers,
		batchaddgroupmember: this.addMembers,
		batchdeletegroupmember: this.removeMembers,
		configqcrelation: this.setRelation,
		deleteqcrelationconf: this.deleteRelation,
	};

	private group(body: Record<string, unknown>, idField: string): CmsGroup | undefined {
		const group = this.groups.get(body[idField] as string);
		const ccId = (body.ccId as number | undefined) ?? this.defaultCcId;
		return group && group.vdn === body.vdn && group.ccId === ccId ? group : undefined;
	}

	private createGroup(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(typeof body.groupName === 'string' && body.groupName
				? undefined
				: 'groupName must be a non-empty string') ??
			([2, 3].includes(body.groupType as number) ? undefined : 'groupType must be 2 or 3') ??
			(body.remark === undefined || typeof body.remark === 'string'
				? undefined
				: 'remark must be a string') ??
			(body.workNos === undefined || isWorkNoList(body.workNos)
				? undefined
				: 'workNos must be a list of work numbers');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const workNos = (body.workNos as number[] | undefined) ?? [];
		const unknown = workNos.find((workNo) => !this.agents.has(`${body.vdn}:${workNo}`));
		if (unknown !== undefined) return this.envelope(NOT_IN_UAP, `Agent ${unknown} does not exist`);
		const group = this.addGroup({
			vdn: body.vdn as number,
			ccId: (body.ccId as number | undefined) ?? this.defaultCcId,
			groupName: body.groupName as string,
			groupType: body.groupType as number,
			remark: (body.remark as string | undefined) ?? '',
		});
		this.join(group, workNos);
		// Like the real server, the new id is not in the answer.
		return this.envelope(SUCCESS, 'Created successfully');
	}

	private deleteGroup(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(typeof body.id === 'string' && body.id ? undefined : 'id must be a non-empty string');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const group = this.group(body, 'id');
		if (!group) return this.envelope(INVALID_PARAMETER, 'The user group does not exist');
		// Deleting a group also deletes its members and its inspection relations.
		for (const agent of this.agents.values()) if (agent.groupId === group.id) this.leave(agent);
		this.relations = this.relations.filter(
			(relation) => relation.qcGroupId !== group.id && relation.inspectedGroupId !== group.id,
		);
		this.groups.delete(group.id);
		return this.envelope(SUCCESS, 'Deleted successfully');
	}

	private listGroups(ccId: number, vdn: number): Reply {
		const groups = [...this.groups.values()]
			.filter((group) => group.ccId === ccId && group.vdn === vdn)
			.map(({ id, groupName, groupType, remark }) => ({ id, groupName, groupType, remark }));
		return this.envelope(SUCCESS, groups);
	}

	private queryMembers(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(typeof body.groupId === 'string' && body.groupId
				? undefined
				: 'groupId must be a non-empty string') ??
			(body.workNo === undefined ||
			(Number.isInteger(body.workNo) &&
				(body.workNo as number) >= 0 &&
				(body.workNo as number) <= 99999)
				? undefined
				: 'workNo must be 0..99999') ??
			(Number.isInteger(body.limit) &&
			(body.limit as number) >= 1 &&
			(body.limit as number) <= MAX_PAGE
				? undefined
				: `limit must be 1..${MAX_PAGE}`) ??
			(Number.isInteger(body.offset) && (body.offset as number) >= 0
				? undefined
				: 'offset must be 0 or more');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const group = this.group(body, 'groupId');
		if (!group) return this.envelope(INVALID_PARAMETER, 'The user group does not exist');
		const members = [...this.agents.values()]
			.filter(
				(agent) =>
					agent.groupId === group.id && (body.workNo === undefined || agent.workNo === body.workNo),
			)
			.sort((a, b) => a.workNo - b.workNo)
			.slice(body.offset as number, (body.offset as number) + (body.limit as number))
			.map((agent) => ({
				workNo: agent.workNo,
				accountCode: agent.accountCode,
				groupName: group.groupName,
				accountName: agent.accountName,
				ccRoleId: agent.ccRoleId,
				id: agent.memberId,
			}));
		return this.envelope(SUCCESS, members);
	}

	private addMembers(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(typeof body.groupId === 'string' && body.groupId
				? undefined
				: 'groupId must be a non-empty string') ??
			(isWorkNoList(body.workNos) && (body.workNos as number[]).length > 0
				? undefined
				: 'workNos must be a non-empty list of work numbers');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const group = this.group(body, 'groupId');
		if (!group) return this.envelope(INVALID_PARAMETER, 'The user group does not exist');
		const unknown = (body.workNos as number[]).find(
			(workNo) => !this.agents.has(`${body.vdn}:${workNo}`),
		);
		if (unknown !== undefined) return this.envelope(NOT_IN_UAP, `Agent ${unknown} does not exist`);
		this.join(group, body.workNos as number[]);
		return this.envelope(SUCCESS, 'Added successfully');
	}

	private removeMembers(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(body.workNos === undefined || isWorkNoList(body.workNos)
				? undefined
				: 'workNos must be a list of work numbers');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const workNos = (body.workNos as number[] | undefined) ?? [];
		for (const agent of this.agents.values()) {
			// DOCUMENTED DANGER: no workNos (or an empty list) removes every member of the VDN.
			if (agent.vdn === body.vdn && (workNos.length === 0 || workNos.includes(agent.workNo)))
				this.leave(agent);
		}
		return this.envelope(SUCCESS, 'Deleted successfully');
	}

	private setRelation(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(typeof body.qcGroupId === 'string' && body.qcGroupId
				? undefined
				: 'qcGroupId must be a non-empty string') ??
			(isIdList(body.inspectedGroupIds)
				? undefined
				: 'inspectedGroupIds must be a non-empty list of group ids');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const inspector = this.group(body, 'qcGroupId');
		if (!inspector || inspector.groupType !== 3)
			return this.envelope(RELATION_ERROR, 'qcGroupId is not a quality inspection group');
		const inspected = body.inspectedGroupIds as string[];
		if (inspected.some((id) => !this.group({ ...body, id }, 'id')))
			return this.envelope(RELATION_ERROR, 'An inspected group does not exist');
		this.relations = this.relations.filter((relation) => relation.qcGroupId !== inspector.id);
		for (const id of new Set(inspected))
			this.relations.push({ vdn: inspector.vdn, qcGroupId: inspector.id, inspectedGroupId: id });
		return this.envelope(SUCCESS, 'Configured successfully');
	}

	private deleteRelation(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(typeof body.qcGroupId === 'string' && body.qcGroupId
				? undefined
				: 'qcGroupId must be a non-empty string') ??
			(isIdList(body.inspectedGroupIds)
				? undefined
				: 'inspectedGroupIds must be a non-empty list of group ids');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const inspected = body.inspectedGroupIds as string[];
		const before = this.relations.length;
		this.relations = this.relations.filter(
			(relation) =>
				!(
					relation.vdn === body.vdn &&
					relation.qcGroupId === body.qcGroupId &&
					inspected.includes(relation.inspectedGroupId)
				),
		);
		if (this.relations.length === before)
			return this.envelope(RELATION_ERROR, 'No such inspection relation');
		return this.envelope(SUCCESS, 'Deleted successfully');
	}

	/** Puts agents (already known to the VDN) into a group, as batchaddgroupmember does. */
	join(group: CmsGroup, workNos: number[]) {
		for (const workNo of workNos) {
			const agent = this.agents.get(`${group.vdn}:${workNo}`)!;
			agent.groupId = group.id;
			agent.memberId = String(this.nextMemberId++);
		}
	}

	private leave(agent: CmsAgent) {
		agent.groupId = undefined;
		agent.memberId = undefined;
	}

	private updateGroup(body: Record<string, unknown>): Reply {
		const problem =
			checkCommon(body) ??
			(typeof body.id === 'string' && body.id ? undefined : 'id must be a non-empty string') ??
			(typeof body.groupName === 'string' && body.groupName
				? undefined
				: 'groupName must be a non-empty string') ??
			(body.remark === undefined || typeof body.remark === 'string'
				? undefined
				: 'remark must be a string');
		if (problem) return this.envelope(INVALID_PARAMETER, problem);
		const group = this.group(body, 'id');
		if (!group) return this.envelope(INVALID_PARAMETER, 'The user group does not exist');
		group.groupName = body.groupName as string;
		if (body.remark !== undefined) group.remark = body.remark as string;
		return this.envelope(SUCCESS, 'Updated successfully');
	}

	/** The documented envelope, with the 8.13-compatible fields (or only those, in legacy mode). */
	private envelope(resultCode: string, resultDesc: unknown): Reply {
		const legacy = {
			returnCode: resultCode === SUCCESS ? '0' : resultCode,
			description: resultDesc,
		};
		return {
			status: 200,
			headers: { 'Content-Type': 'application/json;charset=UTF-8' },
			body: JSON.stringify(this.legacyEnvelope ? legacy : { ...legacy, resultCode, resultDesc }),
		};
	}

	/** Returns why the signature is refused, or undefined when it is good. */
	private verifySignature(request: ReceivedRequest): string | undefined {
		const match =
			/^auth-v2\/([^/]+)\/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\/([^/]+)\/([0-9a-f]{64})$/.exec(
				String(request.headers.authorization ?? ''),
			);
		if (!match) return 'missing or malformed Authorization';
		const [, accessKey, timestamp, signedHeaders, signature] = match;
		const secretKey = this.keys[accessKey];
		if (secretKey === undefined) return 'unknown AK';
		const skew = Math.abs(Date.parse(timestamp) - (Date.now() + this.clockOffsetMs)) / 1000;
		if (skew > this.skewSeconds) return 'stale or future timestamp';
		const headerNames = signedHeaders.split(';');
		if (!headerNames.includes('host')) return 'host must be signed';

		const [path, rawQuery] = request.url.split(/\?(.*)/s);
		const canonical = [request.method, path];
		if (rawQuery) {
			const pairs = rawQuery.split('&').map((pair) => {
				const [key, value = ''] = pair.split('=');
				return `${normalize(decodeURIComponent(key))}=${normalize(decodeURIComponent(value))}`;
			});
			canonical.push(pairs.sort().join('&'));
		}
		canonical.push(signedHeaders);
		canonical.push(
			headerNames
				.map((name) => `${normalize(name)}:${normalize(String(request.headers[name] ?? ''))}`)
				.join('\n'),
		);
		const canonicalRequest =
			canonical.join('\n') + '\n' + (request.body ? normalize(request.body) : '');

		const signingKey = hexHmac(secretKey, `auth-v2/${accessKey}/${timestamp}/${signedHeaders}`);
		const expected = Buffer.from(hexHmac(signingKey, canonicalRequest));
		return timingSafeEqual(expected, Buffer.from(signature)) ? undefined : 'signature mismatch';
	}
}

/** ccId (optional, 1..65535) and vdn (mandatory integer), common to every body. */
function checkCommon(body: Record<string, unknown>): string | undefined {
	const { ccId, vdn } = body;
	if (
		ccId !== undefined &&
		!(Number.isInteger(ccId) && (ccId as number) >= 1 && (ccId as number) <= 65535)
	) {
		return 'ccId must be an integer from 1 to 65535';
	}
	return Number.isInteger(vdn) ? undefined : 'vdn must be an integer';
}

const isWorkNoList = (value: unknown) =>
	Array.isArray(value) &&
	value.every((workNo) => Number.isInteger(workNo) && workNo >= 0 && workNo <= 999999);

const isIdList = (value: unknown) =>
	Array.isArray(value) &&
	value.length > 0 &&
	value.every((id) => typeof id === 'string' && id !== '');
