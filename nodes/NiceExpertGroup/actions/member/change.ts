import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { booleanParameter, invalidParameter } from '../../../shared/validation';
import { groupReference, usersValue } from '../../helpers/parameters';
import { userIdsOf } from '../../helpers/users';
import { groupOutput, usersXml, expertApiRequest } from '../../transport';
import { groupLocator } from '../common.descriptions';

export const USERS_LABEL = 'User Names or IDs';

/** The users, picked from the site's users or given by an expression (IDs and usernames alike). */
const usersField = (required: boolean): INodeProperties => ({
	displayName: USERS_LABEL,
	name: 'userIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getUsers' },
	default: [],
	required,
	description:
		'The users (the list shows the first 1,000 by username; give others by ID or username with an expression: a list, or text separated by commas, semicolons or line breaks; a name with spaces is one name). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

const allowEmptyField: INodeProperties = {
	displayName: 'Allow Removing All Members',
	name: 'allowEmpty',
	type: 'boolean',
	default: false,
	description:
		'Whether an empty list of users may empty the group. Off, an empty list is refused before any request.',
};

/**
 * Add (POST, appends) and Set (PUT, replaces) send the same <users> document. An empty Set would
 * empty the group, so it needs an explicit switch.
 */
export function memberChangeOperation(operation: 'add' | 'set') {
	const replace = operation === 'set';
	const description = updateDisplayOptions(
		{ show: { resource: ['member'], operation: [operation] } },
		[
			groupLocator(),
			usersField(!replace),
			...(replace ? [allowEmptyField] : []),
			previewOnlyField,
			optionsList([]),
		],
	);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const group = groupReference(this, i);
		const users = usersValue(this, this.getNodeParameter('userIds', i, ''), USERS_LABEL, i);
		// Read strictly: the text "false" from a sheet must never empty a group.
		const allowEmpty =
			replace && booleanParameter(this, 'allowEmpty', 'Allow Removing All Members', i, false);
		if (users.length === 0 && !allowEmpty) {
			throw invalidParameter(
				this,
				USERS_LABEL,
				i,
				replace
					? 'is empty: that would remove every member of the group (switch on "Allow Removing All Members" if that is meant)'
					: 'must list at least one user',
			);
		}
		// Usernames become IDs first (the <users> document takes IDs); an unknown one fails the item before any change.
		const userIds = await userIdsOf(this, users, USERS_LABEL, i);
		const document = await inTurn(
			this,
			`group ${group.segment}`,
			async () =>
				await expertApiRequest.call(
					this,
					replace ? 'PUT' : 'POST',
					`groups/${group.segment}/users`,
					{
						body: usersXml(userIds),
						expect: 'group',
						itemIndex: i,
						subject: group.subject,
					},
				),
		);
		return groupOutput(document, true);
	}

	return { description, execute };
}
