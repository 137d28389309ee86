import type { INodeProperties, INodeType } from 'n8n-workflow';

import { HuaweiCmsGroupTrigger } from '../../nodes/HuaweiCmsGroup/HuaweiCmsGroupTrigger.node';
import { NiceExpertGroupTrigger } from '../../nodes/NiceExpertGroup/NiceExpertGroupTrigger.node';

// What n8n reads of each trigger before its first poll: a polling node with one output, its credential,
// its events (exactly those it emits), its dropdown loaders, and the guard's defaults.

// Typed as n8n's INodeType (a mutation run's instrumented classes have looser field types).
const cases: Array<[string, () => INodeType, string, string[], string[]]> = [
	[
		'Huawei',
		() => new HuaweiCmsGroupTrigger() as unknown as INodeType,
		'huaweiCmsApi',
		['groupRemarkChanged'],
		['watchedGroups'],
	],
	[
		'Expert',
		() => new NiceExpertGroupTrigger() as unknown as INodeType,
		'niceExpertApi',
		['groupRoleChanged'],
		['watchAllGroups', 'watchedGroups'],
	],
];

const byName = (properties: INodeProperties[], name: string) =>
	properties.find((property) => property.name === name)!;

describe.each(cases)(
	'the %s trigger as n8n reads it',
	(_name, make, credential, ownEvents, watch) => {
		it('polls, has no input and one main output, and needs its credential', () => {
			const { description } = make();
			expect(description).toMatchObject({
				group: ['trigger'],
				version: 1,
				polling: true,
				inputs: [],
				outputs: ['main'],
				credentials: [{ name: credential, required: true }],
			});
			expect(description.defaults.name).toBe(description.displayName);
		});

		it('offers exactly the events it emits, the group events chosen by default', () => {
			const events = byName(make().description.properties, 'events');
			expect(events).toMatchObject({ type: 'multiOptions', required: true });
			const values = (events.options as Array<{ value: string }>).map(({ value }) => value);
			const groupEvents = ['groupCreated', 'groupDeleted', 'groupRenamed', ...ownEvents];
			expect([...values].sort()).toEqual([...groupEvents, 'memberAdded', 'memberRemoved'].sort());
			expect([...(events.default as string[])].sort()).toEqual([...groupEvents].sort());
		});

		it('names dropdown loaders it has, and watches no group until told to', () => {
			const trigger = make();
			const { properties } = trigger.description;
			for (const name of watch) {
				const property = byName(properties, name);
				expect(property.default).toEqual(property.type === 'boolean' ? false : []);
				const loader = property.typeOptions?.loadOptionsMethod;
				if (loader) expect(typeof trigger.methods?.loadOptions?.[loader]).toBe('function');
			}
		});

		it('guards against mass deletions by default: at most 10 a poll and 25% of a list', () => {
			const options = byName(make().description.properties, 'options').options as INodeProperties[];
			expect(byName(options, 'maxDeletions')).toMatchObject({ type: 'number', default: 10 });
			expect(byName(options, 'maxDeletedShare')).toMatchObject({
				type: 'number',
				default: 25,
				typeOptions: { minValue: 0, maxValue: 100 },
			});
			expect(byName(options, 'baselineTag')).toMatchObject({ type: 'string', default: '' });
		});
	},
);
