import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import {
	IF_NAME_TAKEN,
	ifNameTakenField,
	optionsList,
	previewOnlyField,
} from '../../../shared/descriptions';
import { asApiError } from '../../../shared/errors';
import { inTurn } from '../../../shared/runState';
import { DONE_BY_EARLIER_ATTEMPT, createWithoutTwins } from '../../../shared/transport';
import { optionalText, requiredText } from '../../../shared/validation';
import { nameSegment, usersValue } from '../../helpers/parameters';
import { userIdsOf } from '../../helpers/users';
import {
	buildXml,
	groupForRewrite,
	groupOutput,
	expertApiRequest,
	expertApiRequestWithPolicy,
} from '../../transport';
import { roleField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the new group (unique on the site)',
	},
	roleField(
		'getRolesForCreate',
		"The group's role; without one, Expert gives the site's role for new accounts.",
	),
	ifNameTakenField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Members',
				name: 'userIds',
				type: 'string',
				default: '',
				placeholder: '3, jane.doe',
				description:
					'Users to put into the new group, by ID or username, separated by commas, semicolons or line breaks (a name with spaces is one name)',
			},
		],
	},
	previewOnlyField,
	optionsList([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const name = requiredText(this, this.getNodeParameter('name', i), 'Name', i);
	const role = optionalText(this, this.getNodeParameter('role', i, ''), 'Role', i);
	const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const members = usersValue(this, additionalFields.userIds, 'Members', i);
	const useExisting =
		this.getNodeParameter('ifNameTaken', i, IF_NAME_TAKEN.error) === IF_NAME_TAKEN.useExisting;

	// Usernames become IDs first (the <users> document takes IDs).
	const userIds = await userIdsOf(this, members, 'Members', i);
	const group: IDataObject = { name };
	if (role !== undefined) group['permissions.group'] = { role };
	if (userIds.length > 0) group.users = { user: userIds.map((id) => ({ '@id': id })) };
	const subject = `group named "${name}"`;
	// The group read must be the one asked for: of that name, with an ID (a server that answers another is not trusted).
	const readByName = async () => {
		const document = await expertApiRequest.call(this, 'GET', `groups/${nameSegment(name)}`, {
			expect: 'group',
			itemIndex: i,
			subject,
		});
		const found = groupForRewrite(document.group);
		if (found.id === undefined || found.name !== name) {
			throw new NodeApiError(this.getNode(), {} as JsonObject, {
				itemIndex: i,
				message: `Expert answered the ${subject} with ${found.id === undefined ? 'a group without an ID' : `group ${found.id} named "${found.name}"`}: it is not taken for that group`,
				description: 'Nothing more was done for this item. Check the Site URL of the credential.',
			});
		}
		return document;
	};
	const wasCreated = async () => {
		try {
			await readByName();
			return true;
		} catch (error) {
			if ((error as NodeApiError).httpCode === '404') return false;
			throw asApiError(this, error);
		}
	};

	// Two creates of one name take turns (Expert answers the second 409; with Use the Existing Group, it reads the first's).
	return await inTurn(this, `create ${name}`, async () => {
		let answer;
		let alreadyExisted = false;
		try {
			answer = await expertApiRequestWithPolicy.call(
				this,
				createWithoutTwins(`group "${name}"`, wasCreated),
				'POST',
				'groups',
				{
					body: buildXml({ group }),
					expect: 'group',
					itemIndex: i,
					subject,
				},
			);
		} catch (error) {
			// Expert keeps names unique and answers 409 for a taken one: with Use the Existing Group, read that group instead.
			if (!useExisting || (error as NodeApiError).httpCode !== '409') throw asApiError(this, error);
			answer = await readByName();
			alreadyExisted = true;
		}
		if (answer === DONE_BY_EARLIER_ATTEMPT) {
			// The answer was lost but the group is there: read it.
			try {
				answer = await readByName();
			} catch (error) {
				throw new NodeApiError(this.getNode(), {} as JsonObject, {
					itemIndex: i,
					message: `The group "${name}" was created, but reading it afterwards failed`,
					description: `Reading it: ${(error as Error).message}. The group exists: do not create it again (or use "If the Name Is Taken: Use the Existing Group").`,
				});
			}
		}
		const output = groupOutput(answer, true);
		return useExisting ? { ...output, alreadyExisted } : output;
	});
}
