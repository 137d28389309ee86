import { Pace, type Ticket } from '../../nodes/shared/pace';

// The pace alone, against a simulated server on a simulated clock: it widens, finds the bottleneck,
// holds, and narrows on an overload.

interface SimulatedServer {
	/** Milliseconds a request takes once the server works on it (or a function giving them). */
	latency: number | (() => number);
	/** Requests it works on at once (or a function of how many were sent); more wait in its queue (a bottleneck that does not refuse). */
	slots?: number | ((sent: number) => number);
	/** Above this many under way it refuses at once (429). */
	refuseAbove?: number;
}

/** Sends `total` requests (refused ones again) through the pace; the width after each answer, and when the last answer came. */
function simulate(pace: Pace, clock: { now: number }, server: SimulatedServer, total: number) {
	const events: Array<{ at: number; ticket: Ticket; refused: boolean }> = [];
	const slotsNow = (sent: number) =>
		typeof server.slots === 'function' ? server.slots(sent) : (server.slots ?? Infinity);
	const slotFreeAt: number[] = [];
	let toSend = total;
	let underWay = 0;
	let atServer = 0;
	const widths: number[] = [];
	const send = () => {
		toSend--;
		underWay++;
		const ticket = pace.start();
		if (server.refuseAbove !== undefined && atServer >= server.refuseAbove) {
			events.push({ at: clock.now + 2, ticket, refused: true });
			return;
		}
		atServer++;
		const latency = typeof server.latency === 'number' ? server.latency : server.latency();
		let begins = clock.now;
		const slots = slotsNow(total - toSend);
		if (slots !== Infinity) {
			while (slotFreeAt.length < slots) slotFreeAt.push(0);
			const usable = slotFreeAt.slice(0, slots);
			const slot = usable.indexOf(Math.min(...usable));
			begins = Math.max(clock.now, slotFreeAt[slot]);
			slotFreeAt[slot] = begins + latency;
		}
		events.push({ at: begins + latency, ticket, refused: false });
	};
	for (;;) {
		while (toSend > 0 && underWay < pace.width) send();
		if (events.length === 0) break;
		events.sort((a, b) => a.at - b.at);
		const { at, ticket, refused } = events.shift()!;
		clock.now = at;
		underWay--;
		if (refused) toSend++;
		else atServer--;
		pace.finished(ticket, refused);
		widths.push(pace.width);
	}
	return { widths, lastAnswerAt: clock.now };
}

const distinct = (widths: number[]) => widths.filter((width, n) => width !== widths[n - 1]);

function newPace(fixed?: number) {
	const clock = { now: 0 };
	return { clock, pace: new Pace(fixed, 2, 32, () => clock.now) };
}

describe('Pace: how many requests a run keeps under way', () => {
	it('starts at 2 and doubles while doubling pays (a server with room for all), up to its ceiling of 32, and holds there', () => {
		const { clock, pace } = newPace();
		const { widths } = simulate(pace, clock, { latency: 50 }, 1000);
		expect(distinct(widths)).toEqual([2, 4, 8, 16, 32]);
		expect(widths.at(-1)).toBe(32);
	});

	it('climbs back by probes when the server gains room (or a round misjudged it)', () => {
		const { clock, pace } = newPace();
		// The first 100 requests meet a server busy elsewhere (4 served at once); then it has room for all.
		const { widths } = simulate(
			pace,
			clock,
			{ latency: 50, slots: (sent) => (sent < 100 ? 4 : 64) },
			3000,
		);
		expect(widths[100]).toBeLessThanOrEqual(8);
		expect(widths.at(-1)).toBe(32);
	});

	it('is not put off by answers that come back at uneven times (20 to 80 ms): more width still pays', () => {
		const { clock, pace } = newPace();
		let seed = 7;
		const uneven = () => {
			seed = (seed * 48271) % 2147483647;
			return 20 + (seed / 2147483647) * 60;
		};
		const { widths } = simulate(pace, clock, { latency: uneven }, 1000);
		expect(widths.at(-1)).toBe(32);
	});

	it('finds a bottleneck that only queues (10 served at once, no refusals) and settles on the narrowest width that keeps it busy', () => {
		const { clock, pace } = newPace();
		const { widths, lastAnswerAt } = simulate(pace, clock, { latency: 50, slots: 10 }, 2000);
		const settled = widths.at(-1)!;
		// 90% of the best rate: 9 or 10 of the 10 places, not the 32 a blind doubling would hold.
		expect(settled).toBeGreaterThanOrEqual(9);
		expect(settled).toBeLessThanOrEqual(10);
		// The run still goes near the server's pace: 2,000 requests at 10 per 50 ms take 10 s.
		expect(lastAnswerAt).toBeLessThan(10000 / 0.85);
		// The search is over early: over the last three quarters of the run the width held most is 9 or 10,
		// and probes go no wider than a quarter more.
		const later = widths.slice(widths.length / 4);
		const counts = new Map<number, number>();
		for (const width of later) counts.set(width, (counts.get(width) ?? 0) + 1);
		const held = [...counts].sort((a, b) => b[1] - a[1])[0][0];
		expect([9, 10]).toContain(held);
		expect(Math.max(...later)).toBeLessThanOrEqual(13);
	});

	it('narrows at once on an overload to what the server was still serving, and never probes above it again', () => {
		const { clock, pace } = newPace();
		const { widths } = simulate(pace, clock, { latency: 50, refuseAbove: 8 }, 1000);
		const firstNarrowing = widths.findIndex((width, n) => n > 0 && width < widths[n - 1]);
		expect(firstNarrowing).toBeGreaterThan(0);
		// Each refusal narrows it to the requests still under way, down to the 8 served; never wider again.
		const settled = widths.indexOf(8, firstNarrowing);
		expect(
			widths
				.slice(firstNarrowing, settled)
				.every((width, n, narrowing) => n === 0 || width < narrowing[n - 1]),
		).toBe(true);
		expect(Math.max(...widths.slice(settled))).toBe(8);
	});

	it("keeps the user's fixed width (Batching) whatever the answers", () => {
		const { clock, pace } = newPace(5);
		expect(distinct(simulate(pace, clock, { latency: 50, refuseAbove: 3 }, 200).widths)).toEqual([
			5,
		]);
		expect(distinct(simulate(pace, clock, { latency: 50 }, 200).widths)).toEqual([5]);
	});

	it('lets no more requests be under way than the width: the others wait their place, in order', async () => {
		const flush = () => new Promise((resolve) => setImmediate(resolve));
		const pace = new Pace(2);
		const order: number[] = [];
		const tickets: Ticket[] = [];
		const requests = [1, 2, 3, 4].map(async (n) => {
			tickets.push(await pace.acquire());
			order.push(n);
		});
		await flush();
		expect(order).toEqual([1, 2]);
		pace.finished(tickets[0], false);
		await flush();
		expect(order).toEqual([1, 2, 3]);
		pace.finished(tickets[1], false);
		pace.finished(tickets[2], false);
		await Promise.all(requests);
		expect(order).toEqual([1, 2, 3, 4]);
	});
});
