import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

// Small servers for the pace's benchmark (scripts/bench.ts --only pace), written apart from the
// emulators: each answers an Expert group rename (PUT /@api/deki/groups/{id}) the way one kind of
// real server behaves under load. Nothing here is shared with the node or the emulators.
//
// - latency: every answer after `latencyMs`, however many are under way;
// - queue: `slots` served at once, each for `latencyMs`; the others wait their turn (latency grows
//   with what waits);
// - limit: at most `slots` under way; above that, 429 with Retry-After: 1 at once;
// - loaded: `latencyMs` plus `perRequestMs` for every request under way when it came (a server whose
//   work grows with load);
// - badMoment: as latency, but every request that comes from `badFromMs` to `badUntilMs` after the
//   first is answered 503 at once (a restart, a failover).

export type LoadKind = 'latency' | 'queue' | 'limit' | 'loaded' | 'badMoment';

export interface LoadSettings {
	kind: LoadKind;
	latencyMs: number;
	slots: number;
	perRequestMs: number;
	badFromMs: number;
	badUntilMs: number;
}

export const LOAD_DEFAULTS: LoadSettings = {
	kind: 'latency',
	latencyMs: 50,
	slots: 8,
	perRequestMs: 3,
	badFromMs: 150,
	badUntilMs: 450,
};

/** What a server saw: answers by kind, the most requests under way at once (refused ones included), and when each 2xx answer left (ms after the first request). */
export interface LoadFigures {
	requests: number;
	refused: number;
	maxUnderWay: number;
	answeredAt: number[];
}

export class LoadServer {
	url = '';

	private readonly figures: LoadFigures = {
		requests: 0,
		refused: 0,
		maxUnderWay: 0,
		answeredAt: [],
	};

	private underWay = 0;

	/** Requests under way, those being refused included. */
	private open = 0;

	private served = 0;

	private readonly waiting: Array<() => void> = [];

	private firstAt?: number;

	private server?: Server;

	constructor(private readonly settings: LoadSettings) {}

	async start(port = 0): Promise<this> {
		this.server = createServer((req, res) => void this.serve(req, res));
		this.server.keepAliveTimeout = 5000;
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	/** The figures so far; `reset` starts counting again (a new run against the same server). */
	take(reset = true): LoadFigures {
		const figures = { ...this.figures, answeredAt: [...this.figures.answeredAt] };
		if (reset) {
			Object.assign(this.figures, { requests: 0, refused: 0, maxUnderWay: 0, answeredAt: [] });
			this.firstAt = undefined;
		}
		return figures;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		let body = '';
		for await (const chunk of req) body += String(chunk);
		const now = performance.now();
		this.firstAt ??= now;
		const since = now - this.firstAt;
		this.figures.requests++;
		this.open++;
		this.figures.maxUnderWay = Math.max(this.figures.maxUnderWay, this.open);
		res.once('close', () => this.open--);
		const id = /^\/@api\/deki\/groups\/(\d+)(\?|$)/.exec(req.url ?? '')?.[1];
		if (!req.headers.authorization?.startsWith('Basic '))
			return this.reply(res, 401, 'Unauthorized');
		if (req.method !== 'PUT' || id === undefined) return this.reply(res, 404, 'Not Found');
		const { kind, latencyMs, slots, perRequestMs, badFromMs, badUntilMs } = this.settings;
		if (kind === 'badMoment' && since >= badFromMs && since < badUntilMs)
			return this.refuse(res, 503);
		if (kind === 'limit' && this.underWay >= slots)
			return this.refuse(res, 429, { 'Retry-After': '1' });

		this.underWay++;
		try {
			// A freed slot passes straight to the longest waiting request.
			if (kind === 'queue' && this.served < slots) this.served++;
			else if (kind === 'queue') await new Promise<void>((resolve) => this.waiting.push(resolve));
			const wait = kind === 'loaded' ? latencyMs + perRequestMs * (this.underWay - 1) : latencyMs;
			await new Promise((resolve) => setTimeout(resolve, wait));
			if (kind === 'queue') {
				const next = this.waiting.shift();
				if (next) next();
				else this.served--;
			}
		} finally {
			this.underWay--;
		}
		const name = /<name>([^<]*)<\/name>/.exec(body)?.[1] ?? '';
		const role = /<role>([^<]*)<\/role>/.exec(body)?.[1] ?? 'Viewer';
		this.figures.answeredAt.push(Math.round(performance.now() - this.firstAt));
		res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8' });
		res.end(
			`<group id="${id}" href="${this.url}/@api/deki/groups/${id}"><groupname>${name}</groupname>` +
				`<permissions.group><role>${role}</role></permissions.group><users count="0"/></group>`,
		);
	}

	private refuse(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
		this.figures.refused++;
		this.reply(res, status, status === 429 ? 'Too Many Requests' : 'Service Unavailable', headers);
	}

	private reply(
		res: ServerResponse,
		status: number,
		message: string,
		headers: Record<string, string> = {},
	): void {
		res.writeHead(status, { 'Content-Type': 'application/xml', ...headers });
		res.end(`<error><status>${status}</status><message>${message}</message></error>`);
	}
}

// In a process of its own: `node dist/test/load/servers.js limit --slots 8`. It prints its address
// as a JSON line; each line it then reads on stdin ("take") is answered with the figures so far.
if (require.main === module) {
	const [kind, ...rest] = process.argv.slice(2);
	const settings: LoadSettings = { ...LOAD_DEFAULTS, kind: kind as LoadKind };
	for (let n = 0; n + 1 < rest.length; n += 2)
		(settings as unknown as Record<string, number>)[rest[n].replace(/^--/, '')] = Number(
			rest[n + 1],
		);
	void new LoadServer(settings).start().then((server) => {
		process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
		process.stdin.setEncoding('utf8');
		process.stdin.on('data', (lines: string) => {
			for (const line of lines.split('\n').filter(Boolean))
				process.stdout.write(`${JSON.stringify(line === 'take' ? server.take() : {})}\n`);
		});
		process.stdin.on('end', () => void server.stop().then(() => process.exit(0)));
	});
}
