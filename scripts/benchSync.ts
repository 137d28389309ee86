// The Sync benchmark (npm run bench): a VDN and a site of 5,000 groups and 50,000 members with 1%
// drift. Sync runs twice: the first sends the drift's changes, the second only reads. The minimum
// is counted from the drift itself, not from the node's plan.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { HuaweiCmsEmulator } from '../test/emulators/huaweiCms';
import type { NiceExpertEmulator } from '../test/emulators/niceExpert';
import { runWorkflow } from '../test/harness/engine';
import { expertNode, huaweiNode } from '../test/integration/fixtures';

const GROUPS = 5000;
const PER_GROUP = 10;
/** 1% drift: of the groups 20 renamed, 15 new, 15 gone; of the members 250 moved and 250 removed. */
const DRIFT = { renamed: 20, created: 15, deleted: 15, moved: 250, removed: 250 };

interface Team {
	name: string;
	id?: string | number;
	members: number[];
}

/** The current state (group n has members n*10+1 .. n*10+10) and the input that drifts 1% from it. */
function drifted(ids: Array<string | number>): Team[] {
	const teams: Team[] = ids.map((_id, n) => ({
		name: `Team ${n}`,
		members: Array.from({ length: PER_GROUP }, (_, m) => n * PER_GROUP + m + 1),
	}));
	for (let n = 0; n < DRIFT.removed; n++) teams[n].members.shift();
	for (let n = 0; n < DRIFT.moved; n++) {
		const [agent] = teams[DRIFT.removed + n].members.splice(1, 1);
		teams[2 * DRIFT.removed + n].members.push(agent);
	}
	for (let n = 0; n < DRIFT.renamed; n++) {
		const team = teams[1000 + n];
		team.id = ids[1000 + n];
		team.name = `${team.name} renamed`;
	}
	const kept = teams.slice(0, GROUPS - DRIFT.deleted);
	for (let n = 0; n < DRIFT.created; n++) {
		kept.push({
			name: `Team new ${n}`,
			members: Array.from(
				{ length: PER_GROUP },
				(_, m) => GROUPS * PER_GROUP + n * PER_GROUP + m + 1,
			),
		});
	}
	return kept;
}

const SCOPE = {
	operation: 'sync',
	syncScope: 'all',
	deleteUnlisted: true,
	syncMembers: 'exact',
	existingGroupId: '={{ $json.id ?? "" }}',
	options: { maxDeletions: DRIFT.deleted },
};

/** Requests by kind: reads and writes, counted by the emulator. */
function counter(
	server: { requests: Array<{ method: string; url: string }> },
	isRead: (request: { method: string; url: string }) => boolean,
) {
	return () => ({
		reads: server.requests.filter(isRead).length,
		writes: server.requests.filter((request) => !isRead(request)).length,
	});
}

export async function syncScenario(
	kind: 'huawei' | 'expert',
	cms: HuaweiCmsEmulator,
	expert: NiceExpertEmulator,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<IDataObject> {
	let input: Team[];
	let workflow;
	let count;
	let check: () => boolean;
	if (kind === 'huawei') {
		cms.recordRequests = true;
		cms.addAgents(113, 1, (GROUPS + DRIFT.created) * PER_GROUP);
		const groups = Array.from({ length: GROUPS }, (_, n) =>
			cms.addGroup({ vdn: 113, groupName: `Team ${n}` }),
		);
		groups.forEach((group, n) =>
			cms.join(
				group,
				Array.from({ length: PER_GROUP }, (_, m) => n * PER_GROUP + m + 1),
			),
		);
		input = drifted(groups.map((group) => group.id));
		workflow = huaweiNode({
			...SCOPE,
			vdn: 113,
			groupName: '={{ $json.name }}',
			workNos: '={{ $json.members }}',
		});
		count = counter(cms, (request) => /query/.test(request.url));
		check = () =>
			input.every((team) => {
				const group = [...cms.groups.values()].find(
					(candidate) => candidate.groupName === team.name,
				);
				return (
					group && cms.membersOf(group.id).join() === [...team.members].sort((a, b) => a - b).join()
				);
			}) && cms.groups.size === input.length;
	} else {
		expert.recordRequests = true;
		const users = Array.from({ length: (GROUPS + DRIFT.created) * PER_GROUP }, (_, n) =>
			expert.addUser(`agent ${n + 1}`),
		);
		const groups = Array.from({ length: GROUPS }, (_, n) => expert.addGroup(`Team ${n}`, 'Viewer'));
		groups.forEach((group, n) =>
			group.userIds.push(
				...Array.from({ length: PER_GROUP }, (_, m) => users[n * PER_GROUP + m].id),
			),
		);
		// Members by user ID: agent k is users[k - 1].
		input = drifted(groups.map((group) => group.id)).map((team) => ({
			...team,
			members: team.members.map((k) => users[k - 1].id),
		}));
		workflow = expertNode({ ...SCOPE, name: '={{ $json.name }}', members: '={{ $json.members }}' });
		count = counter(expert, (request) => request.method === 'GET');
		check = () =>
			input.every((team) => {
				const group = expert.groupNamed(team.name);
				return (
					group &&
					[...group.userIds].sort((a, b) => a - b).join() ===
						[...team.members].sort((a, b) => a - b).join()
				);
			}) && expert.groups.length === input.length;
	}

	const run = async () => {
		const started = process.hrtime.bigint();
		const result = await runWorkflow(workflow, credentials, input as unknown as IDataObject[]);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		if (result.error) throw new Error(`${kind} sync: ${result.error.message}`);
		const summary = result
			.output(kind === 'huawei' ? 'Huawei CMS Group' : 'NICE Expert Group')!
			.at(-1)!;
		return { ms, summary };
	};
	const first = await run();
	const firstRequests = count();
	const converged = check();
	(kind === 'huawei' ? cms : expert).requests.length = 0;
	const second = await run();
	const secondRequests = count();

	// The least the API allows for this drift. Huawei: a create carries its members, removals share
	// requests of 100 (they take no group), each group that gains members needs an add; reads: the
	// group list and one member page per group. Expert: a create carries its members, each member
	// removed is a DELETE, each group that gains members a POST; reads: 100 groups a page, one member page per group.
	const gaining = DRIFT.moved;
	const minimumWrites =
		DRIFT.created +
		DRIFT.renamed +
		DRIFT.deleted +
		gaining +
		(kind === 'huawei'
			? Math.ceil((DRIFT.moved + DRIFT.removed) / 100)
			: DRIFT.moved + DRIFT.removed);
	const minimumReads =
		kind === 'huawei' ? 1 + GROUPS : Math.ceil(GROUPS / 100) + GROUPS - DRIFT.deleted;
	return {
		firstMs: Math.round(first.ms),
		secondMs: Math.round(second.ms),
		firstWrites: firstRequests.writes,
		firstReads: firstRequests.reads,
		secondWrites: secondRequests.writes,
		secondReads: secondRequests.reads,
		minimumWrites,
		minimumReads,
		changes: first.summary.changes as number,
		secondChanges: second.summary.changes as number,
		converged,
	};
}
