import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

// Small servers that misbehave on purpose, for what the emulators (models of the real APIs) cannot
// play: a proxy's login page, a redirect, a trickle, a server that ignores paging or answers too
// much. Each test sets `answer`; every request is recorded.

export interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
	/** When it arrived (ms since the epoch). */
	receivedAt: number;
}

export type Answer = (
	request: SeenRequest,
	res: ServerResponse,
	count: number,
) => void | Promise<void>;

export class HostileServer {
	readonly requests: SeenRequest[] = [];

	/** Answers whose connection the client has not closed yet. */
	openAnswers = 0;

	url = '';

	answer: Answer = (_request, res) => void res.writeHead(500).end();

	private server?: Server;

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.serve(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	reset(): void {
		this.requests.length = 0;
		this.answer = (_request, res) => void res.writeHead(500).end();
	}

	private async serve(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const request = {
			method: req.method ?? 'GET',
			url: req.url ?? '/',
			headers: req.headers,
			body: Buffer.concat(chunks).toString('utf8'),
			receivedAt: Date.now(),
		};
		this.requests.push(request);
		this.openAnswers++;
		res.once('close', () => this.openAnswers--);
		res.on('error', () => undefined);
		await this.answer(request, res, this.requests.length);
	}
}

export const LOGIN_PAGE =
	'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign in</title></head><body><form action="/sso/login"><input name="user"></form></body></html>';

/** 200 with an HTML page, as a single sign-on proxy answers any path. */
export const loginPage: Answer = (_request, res) =>
	void res.writeHead(200, { 'Content-Type': 'text/html' }).end(LOGIN_PAGE);

/** 200 with this body as XML. */
export const xml =
	(body: string): Answer =>
	(_request, res) =>
		void res.writeHead(200, { 'Content-Type': 'application/xml' }).end(body);

/** 200 with this JSON. */
export const json =
	(body: unknown): Answer =>
	(_request, res) =>
		void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

/** A redirect to another address. */
export const redirectTo =
	(location: string, status = 302): Answer =>
	(_request, res) =>
		void res.writeHead(status, { Location: location }).end();

/** Whether the client has gone (closed the connection). */
function closed(res: ServerResponse): () => boolean {
	let gone = false;
	res.once('close', () => (gone = true));
	// Closed before this was asked (an answer that started late): no 'close' is coming.
	return () => gone || res.destroyed;
}

/** Sends headers at once, then one byte of `body` every `everyMs`, for as long as the client listens (bounded: 2 minutes). */
export const trickle =
	(everyMs: number): Answer =>
	async (_request, res) => {
		const gone = closed(res);
		res.writeHead(200, { 'Content-Type': 'application/xml' });
		for (let n = 0; n < (2 * 60 * 1000) / everyMs && !gone(); n++) {
			res.write('<');
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
		res.end();
	};

/** `megabytes` of a valid-looking XML answer, as fast as the client reads. */
export const huge =
	(megabytes: number): Answer =>
	async (_request, res) => {
		const gone = closed(res);
		res.writeHead(200, { 'Content-Type': 'application/xml' });
		res.write('<groups>');
		const chunk = '<group id="1"><groupname>x</groupname></group>'.repeat(20000);
		for (let written = 0; written < megabytes * 1024 * 1024 && !gone(); written += chunk.length) {
			if (!res.write(chunk))
				await new Promise((resolve) =>
					gone() ? resolve(undefined) : (res.once('drain', resolve), res.once('close', resolve)),
				);
		}
		res.end('</groups>');
	};
