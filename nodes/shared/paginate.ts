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
	/** A record's identity, to see a server hand out the same records again. */
	key: (record: T) => string;
	/** What the list holds, for messages: "groups", "members". */
	what: string;
	itemIndex?: number;
}

/** More than any real list of groups or members; a Return All stops with an error past it. */
export const MAX_RECORDS = 250_000;

/**
 * Walks an offset-paged list. It always ends: at the limit, at the server's total, at a short or
 * empty page (when there is no total), and with an error on a page of records already read (a
 * server that ignores offset), on an impossible total, or past MAX_RECORDS. A page larger than
 * asked for is cut to what was asked. Once two pages in a row have come as asked and the server gives
 * the total, the rest of the pages are asked for at once (the run's pace keeps that to what the server
 * answers well) and read in order; a page shorter than asked before the end sends the walk back to one
 * page at a time from there.
 */
export async function paginate<T>(
	context: Context,
	options: PaginateOptions<T>,
): Promise<{ records: T[]; nextOffset?: number }> {
	const { wanted, pageSize, fetchPage, key, what, itemIndex } = options;
	const fail = (message: string, description: string) =>
		new NodeApiError(context.getNode(), {} as JsonObject, { itemIndex, message, description });
	const records: T[] = [];
	const seen = new Set<string>();
	let offset = options.startOffset ?? 0;

	/** Takes a page asked for at the current offset; whether the list goes on after it. */
	const take = (page: Page<T>, limit: number): boolean => {
		if (
			page.total !== undefined &&
			(!Number.isSafeInteger(page.total) || page.total < 0 || page.total > MAX_RECORDS)
		) {
			throw fail(
				`The server claims ${String(page.total)} ${what}: more than the node reads (${MAX_RECORDS})`,
				'That is no real list. Check the address in the credential, or narrow the request with a filter.',
			);
		}
		const fresh = page.records.slice(0, limit).filter((record) => !seen.has(key(record)));
		if (page.records.length > 0 && fresh.length === 0) {
			throw fail(
				`The server answered offset ${offset} with ${what} it had already sent: it seems to ignore paging`,
				'Nothing was output, so that no list is taken for whole that is not. Check the address in the credential (a proxy or a different API?).',
			);
		}
		for (const record of fresh) seen.add(key(record));
		records.push(...fresh);
		offset += Math.min(page.records.length, limit);
		if (records.length > MAX_RECORDS) {
			throw fail(
				`More than ${MAX_RECORDS} ${what}: the node stops here`,
				'Narrow the request with a filter, or use Limit.',
			);
		}
		const more = page.total !== undefined ? offset < page.total : page.records.length >= limit;
		return page.records.length > 0 && more;
	};

	for (let pagesInStep = 1; ; pagesInStep++) {
		const limit = Math.min(pageSize, wanted - records.length);
		const page = await fetchPage(offset, limit);
		if (!take(page, limit)) return { records };
		if (records.length >= wanted) return { records, nextOffset: offset };
		// Two pages one after the other first: a server that ignores offset is caught before more are asked for.
		if (page.total === undefined || pagesInStep < 2) continue;
		// The total is known: every page still wanted, asked for together.
		const asks: Array<[number, number]> = [];
		for (
			let at = offset, left = wanted - records.length;
			at < page.total && left > 0;
			at += pageSize, left -= pageSize
		) {
			asks.push([at, Math.min(pageSize, left)]);
		}
		const pages = await Promise.all(asks.map(async ([at, size]) => await fetchPage(at, size)));
		let inStep = true;
		for (const [n, [at, size]] of asks.entries()) {
			if (at !== offset) break; // a short page before: the rest is read one at a time from here
			inStep = take(pages[n], size);
			if (!inStep) return { records };
			if (records.length >= wanted) return { records, nextOffset: offset };
		}
		if (inStep && offset >= page.total) return { records };
		pagesInStep = 0;
	}
}
