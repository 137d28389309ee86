import { Pace } from '../../nodes/shared/pace';

// The pace alone: fed answers as a server would give them, it widens, holds and narrows.

/** `width` requests leave, then all come back after `ms` (overloaded or not): one round. */
function round(pace: Pace, ms: number, overloaded = false) {
	const width = pace.width;
	for (let n = 0; n < width; n++) pace.started();
	for (let n = 0; n < width; n++) pace.finished(ms, overloaded);
}

describe('Pace: how many items a run keeps under way', () => {
	it('starts at 2 and doubles with each round of healthy answers, up to its ceiling', () => {
		const pace = new Pace();
		const widths = [pace.width];
		for (let n = 0; n < 6; n++) {
			round(pace, 50);
			widths.push(pace.width);
		}
		expect(widths).toEqual([2, 4, 8, 16, 32, 32, 32]);
	});

	it('stops growing when a round answers twice as slow as the fastest (a queue at the server), and grows by one after that', () => {
		const pace = new Pace();
		round(pace, 50); // 4
		round(pace, 50); // 8
		round(pace, 110); // slow: holds at 8, growth from now on by one
		expect(pace.width).toBe(8);
		round(pace, 50);
		expect(pace.width).toBe(9);
	});

	it('narrows at once on an overload to what the server was still serving, and never probes above it again', () => {
		const pace = new Pace();
		round(pace, 50);
		round(pace, 50);
		round(pace, 50); // 16
		for (let n = 0; n < 16; n++) pace.started();
		// A server that serves 8 at once refuses the other 8 first.
		for (let n = 0; n < 8; n++) pace.finished(2, true);
		for (let n = 0; n < 8; n++) pace.finished(50, false);
		expect(pace.width).toBe(8);
		for (let n = 0; n < 5; n++) round(pace, 50);
		expect(pace.width).toBe(8);
	});

	it("keeps the user's fixed width (Batching) whatever the answers", () => {
		const pace = new Pace(5);
		round(pace, 50);
		round(pace, 50, true);
		round(pace, 500);
		expect(pace.width).toBe(5);
	});

	it('lets no more requests be under way than the width: the others wait their place, in order', async () => {
		const flush = () => new Promise((resolve) => setImmediate(resolve));
		const pace = new Pace(2);
		const order: number[] = [];
		const requests = [1, 2, 3, 4].map(async (n) => {
			await pace.acquire();
			order.push(n);
		});
		await flush();
		expect(order).toEqual([1, 2]);
		pace.finished(10, false);
		await flush();
		expect(order).toEqual([1, 2, 3]);
		pace.finished(10, false);
		pace.finished(10, false);
		await Promise.all(requests);
		expect(order).toEqual([1, 2, 3, 4]);
	});
});

