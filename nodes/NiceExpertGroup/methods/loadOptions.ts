import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listMemberPages } from '../helpers/lists';
import { rolesOf, userToJson, expertApiRequest } from '../transport';

/**
 * The site's roles (GET site/roles), by name as Expert's group documents carry them; after an entry
 * for "no role given" (empty) when leaving the field empty is a valid choice.
 */
async function roleOptions(
	this: ILoadOptionsFunctions,
	emptyChoice?: string,
): Promise<INodePropertyOptions[]> {
	const roles = rolesOf(
		await expertApiRequest.call(this, 'GET', 'site/roles', { expect: 'roles' }),
	);
	const choices = roles.map((role) => ({ name: role.name, value: role.name }));
	return emptyChoice === undefined ? choices : [{ name: emptyChoice, value: '' }, ...choices];
}

export async function getRolesForUpdate(this: ILoadOptionsFunctions) {
	return await roleOptions.call(this, 'Keep Current Role');
}

export async function getRolesForCreate(this: ILoadOptionsFunctions) {
	return await roleOptions.call(this, "Site's Default Role for New Accounts");
}

export async function getRolesForFilter(this: ILoadOptionsFunctions) {
	// A filter that is added names a role: "any role" is the filter left out.
	return await roleOptions.call(this);
}

/** The first 1,000 users of the site by username, for Member Add and Set (others by expression). */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { records } = await listMemberPages(this, 'users', 'users', {
		qs: { sortby: 'username' },
		wanted: 1000,
	});
	return records.map(userToJson).map((user) => ({
		name: `${String(user.username)} (ID ${String(user.id)})`,
		value: String(user.id),
	}));
}
