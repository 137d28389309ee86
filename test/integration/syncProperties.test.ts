import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import type { Fault } from '../emulators/server';
import { type WorkflowRun, runWorkflow } from '../harness/engine';
import {
	HUAWEI_AK,
	HUAWEI_SK,
	expertBasicCredentials,
	expertNode,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';
import { useEmulator } from './lifecycle';

// Random current and desired states: after a Sync, the state read back is the desired one within
// the scope, nothing outside it changed, and a second Sync plans nothing; with server faults on,
// repeated runs converge and never make two groups of one name.

/** Legal names that break naive code: reserved URL and XML characters, spaces, non-Latin text. */
const NAMES = [
	'A/B+C',
	'100% sure',
	"O'Brien & Co <x>",
	'R&D "quote"',
	'Ünïcödé 团队',
	'emoji 🎧 desk',
	'#hash?q=1&x=2',
	'two  spaces',
	'=equals',
	'..',
	'semi\\colon',
	'tail ',
];
const PREFIX = 'T ';
const FAULTS: Fault[] = ['http500', 'http429', 'reset', 'appliedThenReset', 'stall'];
const MINUTES = 60 * 1000;

const AGENTS = 12;
const world = fc.record({
	current: fc.array(
		fc.record({
			name: fc.constant(''),
			type: fc.constantFrom(2, 3),
			members: fc.constant([] as number[]),
			inScope: fc.boolean(),
		}),
		{ maxLength: 6 },
	),
	fates: fc.array(fc.constantFrom('keep', 'rename', 'drop'), { minLength: 6, maxLength: 6 }),
	created: fc.array(fc.record({ type: fc.constantFrom(2, 3) }), { maxLength: 3 }),
	remarks: fc.array(fc.option(fc.constantFrom(...NAMES), { nil: undefined }), {
		minLength: 9,
		maxLength: 9,
	}),
	currentOf: fc.array(fc.integer({ min: -1, max: 5 }), { minLength: AGENTS, maxLength: AGENTS }),
	assignment: fc.array(fc.integer({ min: -1, max: 8 }), { minLength: AGENTS, maxLength: AGENTS }),
	seed: fc.integer({ min: 0, max: NAMES.length - 1 }),
	/** Groups Managed: Every Group (else: the prefix). */
	everyGroup: fc.boolean(),
	/** Members: Leave Them Alone (else: Make Them Exactly the Listed Ones). */
	keepMembers: fc.boolean(),
});

type Drawn = typeof world extends fc.Arbitrary<infer T> ? T : never;

/** Names from the corpus, each used once: current groups, then renames and new groups. */
function namer(seed: number) {
	let n = seed;
	return (inScope: boolean) => `${inScope ? PREFIX : 'Other '}${NAMES[n++ % NAMES.length]} ${n}`;
}

interface Desired {
	name: string;
	id?: string;
	type: number;
	remark?: string;
	members: number[];
}

/** The current groups and agents put into an emulator-neutral form, and the desired groups. */
function layout(drawn: Drawn) {
	const name = namer(drawn.seed);
	const current = drawn.current.map((group) => ({
		...group,
		name: name(group.inScope),
		inScope: group.inScope || drawn.everyGroup,
	}));
	// Agents of groups outside the scope are never asked for elsewhere (that would be a conflict).
	const agentGroup = drawn.currentOf.map((index) => (index < current.length ? index : -1));
	const inScope = current
		.map((group, index) => ({ group, index }))
		.filter((entry) => entry.group.inScope);
	const desired: Array<Desired & { currentIndex?: number }> = [];
	inScope.forEach(({ group, index }, n) => {
		const fate = drawn.fates[n];
		if (fate === 'drop') return;
		desired.push({
			name: fate === 'rename' ? name(true) : group.name,
			currentIndex: index,
			type: group.type,
			members: [],
			...(fate === 'rename' && { byId: true }),
		} as Desired & { currentIndex: number });
	});
	drawn.created.forEach((group) =>
		desired.push({ name: name(true), type: group.type, members: [] }),
	);
	desired.forEach((group, n) => (group.remark = drawn.remarks[n]));
	drawn.assignment.forEach((target, agent) => {
		const from = agentGroup[agent];
		if (from >= 0 && !current[from].inScope) return;
		if (target >= 0 && target < desired.length) desired[target].members.push(agent);
	});
	// What each desired group's members end as: the listed ones, or (Leave Them Alone) those it has.
	const finalMembers = (group: Desired & { currentIndex?: number }) =>
		drawn.keepMembers
			? group.currentIndex === undefined
				? []
				: agentGroup.flatMap((index, agent) => (index === group.currentIndex ? [agent] : []))
			: group.members;
	const parameters = {
		syncScope: drawn.everyGroup ? 'all' : 'prefix',
		syncMembers: drawn.keepMembers ? 'keep' : 'exact',
	};
	return { current, agentGroup, desired, finalMembers, parameters };
}

const MIX_OPTIONS = { retries: 4, timeout: 400, maxDeletions: 100, maxRemovedShare: 100 };
const CALM_OPTIONS = { maxDeletions: 100, maxRemovedShare: 100 };

/** The two properties, for either node: `arrange` sets a drawn world up and says what the sync must leave. */
function syncProperties<State>(setup: {
	node: string;
	server: { faultRate: number; faultKinds: Fault[] };
	arrange: (drawn: Drawn) => {
		input: IDataObject[];
		expected: State;
		parameters: Record<string, string>;
	};
	sync: (
		input: IDataObject[],
		options: Record<string, number>,
		parameters: Record<string, string>,
	) => Promise<WorkflowRun>;
	snapshot: () => State;
	names: () => string[];
}) {
	const { node, server, arrange, sync, snapshot, names } = setup;
	it(
		'reaches the desired state, touches nothing outside the scope, and plans nothing the second time',
		async () => {
			await fc.assert(
				fc.asyncProperty(world, async (drawn) => {
					const { input, expected, parameters } = arrange(drawn);
					if (input.length === 0) return;
					const result = await sync(input, CALM_OPTIONS, parameters);
					const output = result.output(node)!;
					expect(output.filter((item) => item.error || item.action === 'conflict')).toEqual([]);
					expect(snapshot()).toEqual(expected);
					const again = await sync(input, CALM_OPTIONS, parameters);
					expect(again.output(node)).toEqual([
						expect.objectContaining({ summary: true, changes: 0 }),
					]);
				}),
				{ numRuns: 40 },
			);
		},
		3 * MINUTES,
	);

	it(
		'converges over repeated runs with server faults, never making two groups of one name',
		async () => {
			await fc.assert(
				fc.asyncProperty(world, async (drawn) => {
					const { input, expected, parameters } = arrange(drawn);
					if (input.length === 0) return;
					server.faultRate = 0.15;
					server.faultKinds = FAULTS;
					for (let run = 0; run < 8; run++) {
						await sync(input, MIX_OPTIONS, parameters);
						expect(new Set(names()).size).toBe(names().length);
					}
					server.faultRate = 0;
					await sync(input, CALM_OPTIONS, parameters);
					expect(snapshot()).toEqual(expected);
				}),
				{ numRuns: 10 },
			);
		},
		5 * MINUTES,
	);
}

describe('Sync properties: Huawei CMS', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const FIRST_AGENT = 6000;

	const sync = async (
		input: IDataObject[],
		options: Record<string, number>,
		parameters: Record<string, string>,
	) =>
		await runWorkflow(
			huaweiNode(
				{
					operation: 'sync',
					vdn: 113,
					syncScope: 'prefix',
					syncPrefix: PREFIX,
					deleteUnlisted: true,
					syncMembers: 'exact',
					groupName: '={{ $json.name }}',
					existingGroupId: '={{ $json.id ?? "" }}',
					groupType: '={{ $json.type }}',
					remark: '={{ $json.remark ?? "" }}',
					workNos: '={{ $json.members }}',
					options,
					...parameters,
				},
				true,
			),
			huaweiCredentials(cms),
			input,
		);
	const snapshot = () =>
		[...cms.groups.values()]
			.map((group) => ({
				name: group.groupName,
				type: group.groupType,
				remark: group.remark,
				members: cms.membersOf(group.id),
			}))
			.sort((a, b) => (a.name < b.name ? -1 : 1));

	/** Sets up the world; gives the input and the state the sync must leave. */
	function arrange(drawn: Drawn) {
		cms.reset();
		const { current, agentGroup, desired, finalMembers, parameters } = layout(drawn);
		cms.addAgents(113, FIRST_AGENT, AGENTS);
		const groups = current.map((group) =>
			cms.addGroup({ vdn: 113, groupName: group.name, groupType: group.type, remark: 'before' }),
		);
		agentGroup.forEach((index, agent) => {
			if (index >= 0) cms.join(groups[index], [FIRST_AGENT + agent]);
		});
		const outsideNames = new Set(
			current.filter((group) => !group.inScope).map((group) => group.name),
		);
		const outside = snapshot().filter((group) => outsideNames.has(group.name));
		const input = desired.map((group) => ({
			name: group.name,
			...((group as { byId?: boolean }).byId && { id: groups[group.currentIndex!].id }),
			type: group.type,
			remark: group.remark,
			members: group.members.map((agent) => FIRST_AGENT + agent),
		}));
		// Agents of out-of-scope groups stay there; the others end where the input puts them.
		const expected = [
			...outside,
			...desired.map((group) => ({
				name: group.name,
				type: group.type,
				remark: group.remark ?? (group.currentIndex === undefined ? '' : 'before'),
				members: finalMembers(group)
					.map((agent) => FIRST_AGENT + agent)
					.sort((a, b) => a - b),
			})),
		].sort((a, b) => (a.name < b.name ? -1 : 1));
		return { input, expected, parameters };
	}

	syncProperties({
		node: 'Huawei CMS Group',
		server: cms,
		arrange,
		sync,
		snapshot,
		names: () => [...cms.groups.values()].map((group) => group.groupName),
	});
});

describe('Sync properties: NICE Expert', () => {
	const expert = useEmulator(new NiceExpertEmulator());
	const ROLES = ['Viewer', 'Contributor'];

	const sync = async (
		input: IDataObject[],
		options: Record<string, number>,
		parameters: Record<string, string>,
	) =>
		await runWorkflow(
			expertNode(
				{
					operation: 'sync',
					syncScope: 'prefix',
					syncPrefix: PREFIX,
					deleteUnlisted: true,
					syncMembers: 'exact',
					name: '={{ $json.name }}',
					existingGroupId: '={{ $json.id ?? "" }}',
					role: '={{ $json.role ?? "" }}',
					members: '={{ $json.members }}',
					options,
					...parameters,
				},
				true,
			),
			expertBasicCredentials(expert),
			input,
		);
	const snapshot = () =>
		expert.groups
			.map((group) => ({
				name: group.name,
				role: expert.roles.find((role) => role.id === group.roleId)!.name,
				members: [...group.userIds].sort((a, b) => a - b),
			}))
			.sort((a, b) => (a.name < b.name ? -1 : 1));

	function arrange(drawn: Drawn) {
		expert.reset();
		const { current, agentGroup, desired, finalMembers, parameters } = layout(drawn);
		const users = Array.from({ length: AGENTS }, (_, n) =>
			expert.addUser(`user ${n} ${NAMES[n].trim()}`),
		);
		const groups = current.map((group) => expert.addGroup(group.name, ROLES[group.type - 2]));
		agentGroup.forEach((index, agent) => {
			if (index >= 0) groups[index].userIds.push(users[agent].id);
		});
		const outsideNames = new Set(
			current.filter((group) => !group.inScope).map((group) => group.name),
		);
		const outside = snapshot().filter((group) => outsideNames.has(group.name));
		// Users by ID and by username, alternately; the role of a new group from its type, of others kept or changed.
		const input = desired.map((group, n) => ({
			name: group.name,
			...((group as { byId?: boolean }).byId && { id: groups[group.currentIndex!].id }),
			role: n % 2 ? ROLES[group.type - 2] : undefined,
			members: group.members.map((agent) => (agent % 2 ? users[agent].id : users[agent].username)),
		}));
		const expected = [
			...outside,
			...desired.map((group, n) => ({
				name: group.name,
				role:
					n % 2
						? ROLES[group.type - 2]
						: group.currentIndex === undefined
							? expert.defaultRole
							: ROLES[current[group.currentIndex].type - 2],
				members: finalMembers(group)
					.map((agent) => users[agent].id)
					.sort((a, b) => a - b),
			})),
		].sort((a, b) => (a.name < b.name ? -1 : 1));
		return { input, expected, parameters };
	}

	syncProperties({
		node: 'NICE Expert Group',
		server: expert,
		arrange,
		sync,
		snapshot,
		names: () => expert.groups.map((group) => group.name),
	});
});
