import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asApiError } from '../../shared/errors';
import { runState } from '../../shared/runState';
import { invalidParameter } from '../../shared/validation';
import { expertApiRequest, userToJson } from '../transport';
import { type UserRef, nameSegment } from './parameters';

/**
 * The user IDs of `users` (the parameter labelled `label`): usernames looked up (GET users/=name),
 * each once per run; an unknown one is an error of the parameter.
 */
export async function userIdsOf(
	context: IExecuteFunctions,
	users: UserRef[],
	label: string,
	itemIndex: number,
): Promise<number[]> {
	const known = runState(context).userIdsByName;
	const ids = users.map(async (user) => {
		if ('id' in user) return user.id;
		let id = known.get(user.username);
		if (!id) {
			id = userIdByName(context, user.username, label, itemIndex);
			known.set(user.username, id);
			// A failed lookup is not kept: another item may try again.
			id.catch(() => known.delete(user.username));
		}
		return await id;
	});
	return [...new Set(await Promise.all(ids))];
}

async function userIdByName(
	context: IExecuteFunctions,
	username: string,
	label: string,
	itemIndex: number,
): Promise<number> {
	const subject = `user named "${username}"`;
	let document: IDataObject;
	try {
		document = await expertApiRequest.call(context, 'GET', `users/${nameSegment(username)}`, {
			expect: 'user',
			itemIndex,
			subject,
		});
	} catch (error) {
		if ((error as NodeApiError).httpCode === '404')
			throw invalidParameter(
				context,
				label,
				itemIndex,
				`names a user Expert does not have: "${username}" (nothing was changed)`,
			);
		throw asApiError(context, error);
	}
	const { id, username: found } = userToJson((document.user ?? {}) as IDataObject);
	if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
		throw new NodeApiError(context.getNode(), {} as JsonObject, {
			itemIndex,
			message: `Expert's answer for the ${subject} carries no user ID`,
		});
	}
	// The user read must be the one asked for (Expert matches usernames without regard to case).
	if (String(found).toLowerCase() !== username.toLowerCase()) {
		throw new NodeApiError(context.getNode(), {} as JsonObject, {
			itemIndex,
			message: `Expert answered the ${subject} with user ${id} named "${String(found)}": it is not taken for that user (nothing was changed)`,
			description: 'Check the Site URL of the credential.',
		});
	}
	return id;
}
