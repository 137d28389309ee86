import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../shared/paginate';
import type { Context } from '../../shared/runState';
import { expertApiRequest } from '../transport';

/** Expert's largest page (its default limit). */
export const PAGE_SIZE = 100;

interface ListRequest {
	qs: IDataObject;
	wanted: number;
	startOffset?: number;
	itemIndex?: number;
	/** The number of records the list must have, known from elsewhere (see paginate). */
	expectedTotal?: number;
}

const count = (value: unknown) => (value === undefined || value === '' ? undefined : Number(value));
/** A record's ID: Expert's are whole numbers from 1; anything else is no ID. */
const idOf = (record: IDataObject) => {
	const id = record['@id'];
	return typeof id === 'string' && /^[1-9][0-9]{0,9}$/.test(id) ? id : undefined;
};

/** <group> records of GET groups, page by page; the list must hold querycount groups when the server sends it (totalcount counts groups the filter leaves out). */
export async function listGroupPages(
	context: Context,
	{ qs, wanted, startOffset, itemIndex }: ListRequest,
) {
	return await paginate(context, {
		wanted,
		startOffset,
		pageSize: PAGE_SIZE,
		what: 'groups',
		itemIndex,
		key: idOf,
		fetchPage: async (offset, limit) => {
			const document = await expertApiRequest.call(context, 'GET', 'groups', {
				qs: { ...qs, limit, offset },
				expect: 'groups',
				itemIndex,
			});
			const list = (typeof document.groups === 'object' ? document.groups : {}) as IDataObject;
			return {
				records: (list.group ?? []) as IDataObject[],
				total: count(list['@querycount']),
			};
		},
	});
}

/** <user> records of GET groups/{group}/users (or GET users), page by page: to querycount when the server sends it, else until an empty page. */
export async function listMemberPages(
	context: Context,
	path: string,
	subject: string,
	{ qs, wanted, startOffset, itemIndex, expectedTotal }: ListRequest,
) {
	return await paginate(context, {
		wanted,
		startOffset,
		expectedTotal,
		pageSize: PAGE_SIZE,
		what: path === 'users' ? 'users' : 'members',
		itemIndex,
		key: idOf,
		fetchPage: async (offset, limit) => {
			const document = await expertApiRequest.call(context, 'GET', path, {
				qs: { ...qs, limit, offset },
				expect: 'users',
				itemIndex,
				subject,
			});
			const list = (typeof document.users === 'object' ? document.users : {}) as IDataObject;
			return { records: (list.user ?? []) as IDataObject[], total: count(list['@querycount']) };
		},
	});
}
