import { Clock } from "../../controller/queue";

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
    time = 0;
    private timers: { due: number; fn: () => void; id: number }[] = [];
    private next = 0;
    now() {
        return this.time;
    }
    setTimeout(fn: () => void, ms: number) {
        const id = ++this.next;
        this.timers.push({ due: this.time + ms, fn, id });
        return id;
    }
    clearTimeout(handle: unknown) {
        this.timers = this.timers.filter((t) => t.id !== handle);
    }
    /** Moves time on and runs the timers that came due, in one go. */
    advance(ms: number) {
        this.time += ms;
        const due = this.timers.filter((t) => t.due <= this.time).sort((a, b) => a.due - b.due);
        this.timers = this.timers.filter((t) => t.due > this.time);
        due.forEach((t) => t.fn());
    }
    /** Moves time on timer by timer, letting promises settle after each, as an event loop would. */
    async run(ms: number) {
        const end = this.time + ms;
        await flush();
        for (;;) {
            const t = this.timers.filter((x) => x.due <= end).sort((a, b) => a.due - b.due)[0];
            if (!t) {
                break;
            }
            this.timers = this.timers.filter((x) => x !== t);
            this.time = Math.max(this.time, t.due);
            t.fn();
            await flush();
        }
        this.time = end;
    }
    get pending() {
        return this.timers.length;
    }
}

/** Lets every settled promise's callbacks run. */
export function flush(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}
