import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Context } from './runState';

/** One page as the server gave it. */
export interface Page<T> {
	records: T[];
	/** How many records the whole list has, when the server says (Expert's querycount). */
	total?: number;
}

export interface PaginateOptions<T> {
	/** How many records the user wants (Infinity for Return All). */
	wanted: number;
	/** The largest page to ask for. */
	pageSize: number;
	/** Where to start (a list search's next page). */
	startOffset?: number;
	fetchPage: (offset: number, limit: number) => Promise<Page<T>>;
	/** A record's identity (its ID as text), or undefined when it has none that is valid. */
	key: (record: T) => string | undefined;
	/** What the list holds, for messages: "groups", "members". */
	what: string;
	itemIndex?: number;
	/** How many records the list has, known from elsewhere (an Expert group's member count): held to as the server's own total. */
	expectedTotal?: number;
}

/** More than any real list of groups or members; a Return All stops with an error past it. */
export const MAX_RECORDS = 250_000;

/** Pages asked for at once beyond what has been read, once the server has shown it pages as asked. */
export const READ_AHEAD = 4;

const CHECK_ADDRESS =
	'Nothing was output, so that no list is taken for whole that is not. Check the address in the credential (a proxy, or a different API?), or try again.';

/**
 * Walks an offset-paged list, and returns it only when it is provably complete and consistent:
 * with the server's total, exactly that many distinct records (an empty page before it, or a
 * different count at the end, is an error); without one, until an empty page (a short page is no
 * end: a server may give fewer than asked). A record without a valid ID, or one already read (a
 * server that ignores offset, or lists a record twice), is an error; so is an impossible total or a
 * list past MAX_RECORDS. A page larger than asked for is cut to what was asked. Once two pages in a
 * row have come as asked and the server gives the total, up to READ_AHEAD pages are asked for at
 * once (the run's pace keeps that to what the server answers well) and read in order; a short page
 * sends the walk back to one page at a time from where it ended.
 */
export async function paginate<T>(
	context: Context,
	options: PaginateOptions<T>,
): Promise<{ records: T[]; nextOffset?: number }> {
	const { wanted, pageSize, fetchPage, key, what, itemIndex } = options;
	const fail = (message: string, description = CHECK_ADDRESS) =>
		new NodeApiError(context.getNode(), {} as JsonObject, { itemIndex, message, description });
	const records: T[] = [];
	const seen = new Set<string>();
	const startOffset = options.startOffset ?? 0;
	let offset = startOffset;
	let total: number | undefined = options.expectedTotal;

	/** Takes a page asked for at the current offset with `limit`: whether the list goes on after it. */
	const take = (page: Page<T>, limit: number): boolean => {
		if (page.total !== undefined) {
			if (!Number.isSafeInteger(page.total) || page.total < 0 || page.total > MAX_RECORDS) {
				throw fail(
					`The server claims ${String(page.total)} ${what}: that is no real list (the node reads at most ${MAX_RECORDS})`,
					'Check the address in the credential, or narrow the request with a filter.',
				);
			}
			if (total !== undefined && page.total !== total) {
				throw fail(
					`The server's count of ${what} changed while they were read (${total}, then ${page.total})`,
					'The list changed, or the server is not consistent: nothing was output. Try again.',
				);
			}
			total = page.total;
		}
		for (const record of page.records.slice(0, limit)) {
			const id = key(record);
			if (id === undefined)
				throw fail(`The server listed ${what} without a valid ID (at offset ${offset})`);
			if (seen.has(id)) {
				throw fail(
					`The server listed ${what} it had already listed (ID ${id}, at offset ${offset}): it seems to ignore paging, or lists a record twice`,
				);
			}
			seen.add(id);
			records.push(record);
		}
		offset += Math.min(page.records.length, limit);
		if (records.length > MAX_RECORDS) {
			throw fail(
				`More than ${MAX_RECORDS} ${what}: the node stops here`,
				'Narrow the request with a filter, or use Limit.',
			);
		}
		if (total === undefined) return page.records.length > 0;
		if (offset > total)
			throw fail(
				`The server listed more ${what} than its own count (${offset - startOffset} read, ${total} said)`,
			);
		if (offset === total) return false;
		if (page.records.length === 0) {
			throw fail(
				`The server said ${total} ${what} but stopped at ${offset}: the list is incomplete`,
			);
		}
		return true;
	};

	for (let pagesInStep = 1; ; pagesInStep++) {
		const limit = Math.min(pageSize, wanted - records.length);
		const page = await fetchPage(offset, limit);
		if (!take(page, limit)) return { records };
		if (records.length >= wanted) return { records, nextOffset: offset };
		// Two pages one after the other first: a server that ignores offset is caught before more are asked for.
		if (total === undefined || pagesInStep < 2 || page.records.length < limit) continue;
		const asks: Array<[number, number]> = [];
		for (
			let at = offset, left = wanted - records.length;
			at < total && left > 0 && asks.length < READ_AHEAD;
			at += pageSize, left -= pageSize
		) {
			asks.push([at, Math.min(pageSize, left)]);
		}
		const pages = await Promise.all(asks.map(async ([at, size]) => await fetchPage(at, size)));
		let inStep = true;
		for (const [n, [at, size]] of asks.entries()) {
			if (at !== offset) break; // a short page before: the rest is read one at a time from here
			const goesOn = take(pages[n], size);
			if (!goesOn) return { records };
			if (records.length >= wanted) return { records, nextOffset: offset };
			inStep = pages[n].records.length === size;
		}
		pagesInStep = inStep ? 1 : 0;
	}
}
