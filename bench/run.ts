// `npm run bench [-- evaluation|policy] [--sizes 1,10,100,1000] [--runs 3]`: the benchmarks
// under mocks and the policy pack's throughput, printed as Markdown tables for BENCHMARKS.md.
// Each evaluation runs in a fresh child process (bench/evaluate.ts), so that its peak RSS and
// its module loading are its own; the component, wrapped and plain runs take turns so that the
// load of the machine hits all alike.
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { runPolicyBenchmark } from "./policy";

interface Evaluation {
    mode: string;
    count: number;
    loadMs: number;
    constructMs: number;
    totalMs: number;
    maxRssMiB: number;
    evalCpuMs: number;
    registered: number;
    /** Stack traces formatted during the evaluation (Error.prepareStackTrace calls). */
    stackTraces: number;
    /** Live heap right after the constructors ran, after a full collection (BENCH_HEAP=1 only). */
    heapInFlightMiB?: number;
    byType: Record<string, number>;
    inputs?: { type: string; name: string; inputs: unknown }[];
}

const argv = process.argv.slice(2);
function option(name: string, fallback: string): string {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : fallback;
}
const which = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && argv[i - 1].startsWith("--")));
const wants = (part: string) => which.length === 0 || which.includes(part);
const sizes = option("sizes", "1,10,100,1000").split(",").map(Number);
const runs = Number(option("runs", "3"));

function evaluate(mode: string, count: number, options: { dump?: boolean; heap?: boolean } = {}): Evaluation {
    const flags = options.heap ? ["--expose-gc"] : [];
    const out = execFileSync(process.execPath, [...flags, "-r", "ts-node/register/transpile-only", path.join(__dirname, "evaluate.ts"), mode, String(count)], {
        env: { ...process.env, BENCH_DUMP_INPUTS: options.dump ? "1" : "0", BENCH_HEAP: options.heap ? "1" : "0" },
        encoding: "utf8",
        maxBuffer: 1 << 28,
    });
    return JSON.parse(out.trim().split("\n").pop()!) as Evaluation;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (x: number, digits = 0) => x.toFixed(digits);
const sides = ["component", "wrapped", "plain"] as const;

/** Every side must register the same Kubernetes objects with the same inputs. */
function checkSameObjects(): void {
    const kube = (e: Evaluation) => (e.inputs ?? []).filter((r) => r.type.startsWith("kubernetes:")).map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
    const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
    const [component, ...others] = sides.map((side) => kube(evaluate(side, 2, { dump: true })).sort((a, b) => key(a).localeCompare(key(b))));
    others.forEach((other, i) => {
        if (!isDeepStrictEqual(component, other)) {
            throw new Error(`component and ${sides[i + 1]} programs differ:\n${JSON.stringify(component, null, 1)}\n---\n${JSON.stringify(other, null, 1)}`);
        }
    });
    console.log(`Same objects: all three programs register ${component.length} Kubernetes resources for 2 distributions with deep-equal inputs.\n`);
}

function evaluationBenchmark(): void {
    checkSameObjects();
    console.log(`Program evaluation under mocks, median of ${runs} fresh processes per cell (1000: ${Math.min(runs, 3)}), load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    console.log("| distributions | side | registered (custom / all) | evaluation wall ms | evaluation CPU ms (min–max) | stack traces / distribution | heap in flight MiB | max RSS MiB | CPU over plain | heap over plain | CPU over wrapped | heap over wrapped |");
    console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const count of sizes) {
        const n = count >= 1000 ? Math.min(runs, 3) : runs;
        const results: Record<string, Evaluation[]> = Object.fromEntries(sides.map((side) => [side, []]));
        // Each round runs the three sides in a rotated order, so that load and warm caches hit all alike.
        for (let i = 0; i < n; i++) {
            for (let j = 0; j < sides.length; j++) {
                const side = sides[(i + j) % sides.length];
                results[side].push(evaluate(side, count));
            }
        }
        // The heap in flight from one process per side of its own: its forced collection costs time.
        const heaps = Object.fromEntries(sides.map((side) => [side, evaluate(side, count, { heap: true }).heapInFlightMiB ?? NaN]));
        const summary = (side: string) => {
            const rs = results[side];
            const custom = Object.entries(rs[0].byType).filter(([t]) => t.startsWith("kubernetes:")).reduce((s, [, c]) => s + c, 0);
            const cpus = rs.map((r) => r.evalCpuMs);
            return {
                custom,
                all: rs[0].registered,
                total: median(rs.map((r) => r.totalMs)),
                cpu: median(cpus),
                cpuMin: Math.min(...cpus),
                cpuMax: Math.max(...cpus),
                traces: rs[0].stackTraces / count,
                rss: median(rs.map((r) => r.maxRssMiB)),
                heap: heaps[side],
            };
        };
        const [c, w, p] = sides.map(summary);
        if (c.custom !== p.custom || w.custom !== p.custom) {
            throw new Error(`Kubernetes resources registered: component ${c.custom}, wrapped ${w.custom}, plain ${p.custom}`);
        }
        const over = (a: number, b: number) => `${a >= b ? "+" : ""}${fmt(((a - b) / b) * 100, 1)}%`;
        const row = (side: string, s: typeof c, overPlain: string, overWrapped: string) =>
            console.log(
                `| ${count} | ${side} | ${s.custom} / ${s.all} | ${fmt(s.total)} | ${fmt(s.cpu)} (${fmt(s.cpuMin)}–${fmt(s.cpuMax)}) | ${fmt(s.traces, 1)} | ${fmt(s.heap, 1)} | ${fmt(s.rss)} | ${overPlain} | ${overWrapped} |`,
            );
        row("component", c, `${over(c.cpu, p.cpu)} | ${over(c.heap, p.heap)}`, `${over(c.cpu, w.cpu)} | ${over(c.heap, w.heap)}`);
        row("wrapped", w, `${over(w.cpu, p.cpu)} | ${over(w.heap, p.heap)}`, " | ");
        row("plain", p, " | ", " | ");
    }
    console.log();
}

async function main(): Promise<void> {
    console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${new Date().toISOString()}\n`);
    if (wants("evaluation")) {
        evaluationBenchmark();
    }
    if (wants("policy")) {
        await runPolicyBenchmark([1000, 10000]);
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
