import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { createServer as createTlsServer } from 'https';
import type { AddressInfo } from 'net';

/** One request as the emulator received it: what tests assert "on the wire". */
export interface ReceivedRequest {
	method: string;
	/** Raw path and query, exactly as sent (not decoded). */
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** Date.now() when it arrived. */
	received: number;
	/** Date.now() when its answer was sent (undefined: none, or not yet). */
	answered?: number;
}

/**
 * Server trouble the emulators can mix in: error answers (500, 503 with Retry-After, 429), a dropped
 * connection before or after the change is applied (the uncertain case), or no answer at all.
 */
export type Fault = 'http500' | 'http503' | 'http429' | 'reset' | 'appliedThenReset' | 'stall';

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body?: string;
}

/** A tiny HTTP server on 127.0.0.1 that records every request and lets a model answer it. */
export abstract class EmulatorServer {
	readonly requests: ReceivedRequest[] = [];

	/** Requests answered; with `recordRequests` off (long benchmarks), the only record kept. */
	requestCount = 0;

	recordRequests = true;

	/** Replies given, in order, to the next requests instead of the model's answer (server trouble). */
	readonly queuedReplies: Reply[] = [];

	/** A glitch: changes the model's answer to a request before it is sent (an empty list, a short page...). */
	glitch?: (request: ReceivedRequest, reply: Reply) => Reply;

	/** Share of requests (0..1) that meet one of `faultKinds`, drawn from a seeded sequence. */
	faultRate = 0;

	faultKinds: Fault[] = ['http500', 'http503', 'http429', 'reset', 'appliedThenReset', 'stall'];

	/** Faults met so far, by kind. */
	readonly faultsMet: Partial<Record<Fault, number>> = {};

	private seed = 1;

	/** A repeatable pseudo-random number in [0, 1). */
	private random(): number {
		this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
		return this.seed / 2147483648;
	}

	private server?: Server;

	url = '';

	/** Time every answer takes, as a remote server's round trip would. */
	latencyMs = 0;

	/** Time one answer takes, when it is not `latencyMs` (a slow group, a slow call). */
	latencyOf?: (request: ReceivedRequest) => number | undefined;

	/** Requests served at once above which the server answers 429 with Retry-After: 1 (a concurrency limit). */
	concurrencyLimit = Infinity;

	/** Requests refused for the concurrency limit. */
	overLimit = 0;

	/** Requests being served now, and the most at any moment (refused ones not counted). */
	underWay = 0;

	maxUnderWay = 0;

	/** Requests being served at each arrival (refused ones not counted), for settledUnderWay. */
	private underWayAtArrivals: number[] = [];

	/** The most served at once over the later half of the requests: the width a client settled on. */
	settledUnderWay(): number {
		return this.underWayAtArrivals
			.slice(Math.floor(this.underWayAtArrivals.length / 2))
			.reduce((most, count) => Math.max(most, count), 0);
	}

	protected abstract handle(request: ReceivedRequest): Reply | Promise<Reply>;

	/** Counts the resets: a request from before the last one is not the current test's. */
	private epoch = 0;

	/**
	 * What every test starts without: no requests, no queued replies, no faults met or planned, no latency,
	 * and nothing of the test before: its open connections end, and a request of it still arriving or
	 * waiting out its latency is neither recorded nor carried out (a canceled run's last requests).
	 */
	protected resetServer(): void {
		this.epoch++;
		this.server?.closeAllConnections();
		this.requests.length = 0;
		this.requestCount = 0;
		this.queuedReplies.length = 0;
		this.glitch = undefined;
		this.latencyOf = undefined;
		this.latencyMs = 0;
		this.faultRate = 0;
		this.concurrencyLimit = Infinity;
		this.overLimit = 0;
		this.maxUnderWay = 0;
		this.underWayAtArrivals = [];
		for (const kind of Object.keys(this.faultsMet) as Fault[]) delete this.faultsMet[kind];
	}

	/** Listens on 127.0.0.1 (a random port by default); with `tls`, over HTTPS with that key and certificate. */
	async start(port = 0, tls?: { key: string; cert: string }): Promise<string> {
		const listener = (req: IncomingMessage, res: ServerResponse) => void this.serve(req, res);
		this.server = tls ? createTlsServer(tls, listener) : createServer(listener);
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.url;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private async serve(req: IncomingMessage, res: ServerResponse) {
		const epoch = this.epoch;
		const chunks: Buffer[] = [];
		try {
			for await (const chunk of req) chunks.push(chunk as Buffer);
		} catch {
			return; // the connection ended before the whole request came: nothing was asked
		}
		const request: ReceivedRequest = {
			method: req.method ?? 'GET',
			url: req.url ?? '/',
			headers: req.headers,
			body: Buffer.concat(chunks).toString('utf8'),
			received: Date.now(),
		};
		this.requestCount++;
		if (this.recordRequests) this.requests.push(request);
		if (this.underWay >= this.concurrencyLimit) {
			this.overLimit++;
			request.answered = Date.now();
			return void res.writeHead(429, { 'Retry-After': '1' }).end('Too many requests at once');
		}
		this.underWay++;
		this.maxUnderWay = Math.max(this.maxUnderWay, this.underWay);
		this.underWayAtArrivals.push(this.underWay);
		try {
			await this.respond(req, res, request, epoch);
		} finally {
			this.underWay--;
		}
	}

	private async respond(
		req: IncomingMessage,
		res: ServerResponse,
		request: ReceivedRequest,
		epoch: number,
	) {
		const latency = this.latencyOf?.(request) ?? this.latencyMs;
		// Unref'd: a test over (its client gone) does not wait for a slow answer nobody reads.
		if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency).unref());
		if (epoch !== this.epoch) return void req.socket.destroy();
		const fault =
			this.faultRate > 0 && this.random() < this.faultRate
				? this.faultKinds[Math.floor(this.random() * this.faultKinds.length)]
				: undefined;
		if (fault) this.faultsMet[fault] = (this.faultsMet[fault] ?? 0) + 1;
		if (fault === 'reset') return void req.socket.destroy();
		if (fault === 'stall') return; // no answer: the client's timeout has to end it
		if (fault === 'http500') return void res.writeHead(500).end('Internal Server Error');
		if (fault === 'http503')
			return void res.writeHead(503, { 'Retry-After': '1' }).end('Service Unavailable');
		if (fault === 'http429') return void res.writeHead(429).end('Too Many Requests');
		let reply: Reply;
		try {
			reply = this.queuedReplies.shift() ?? (await this.handle(request));
			if (this.glitch) reply = this.glitch(request, reply);
		} catch (error) {
			reply = { status: 500, body: String((error as Error).stack ?? error) };
		}
		if (fault === 'appliedThenReset') return void req.socket.destroy();
		request.answered = Date.now();
		res.writeHead(reply.status, reply.headers);
		res.end(reply.body ?? '');
	}
}
