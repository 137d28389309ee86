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
}

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

	private server?: Server;

	url = '';

	/** Time every answer takes, as a remote server's round trip would. */
	latencyMs = 0;

	protected abstract handle(request: ReceivedRequest): Reply | Promise<Reply>;

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
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const request: ReceivedRequest = {
			method: req.method ?? 'GET',
			url: req.url ?? '/',
			headers: req.headers,
			body: Buffer.concat(chunks).toString('utf8'),
			received: Date.now(),
		};
		this.requestCount++;
		if (this.recordRequests) this.requests.push(request);
		if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		let reply: Reply;
		try {
			reply = this.queuedReplies.shift() ?? (await this.handle(request));
		} catch (error) {
			reply = { status: 500, body: String((error as Error).stack ?? error) };
		}
		res.writeHead(reply.status, reply.headers);
		res.end(reply.body ?? '');
	}
}
