// `npm run bench [-- evaluation|policy] [--sizes 1,10,100,1000] [--runs 3]`: the benchmarks
// under mocks and the policy pack's throughput, printed as Markdown tables for BENCHMARKS.md.
// Each evaluation runs in a fresh child process (bench/evaluate.ts), so that its peak RSS and
// its module loading are its own; component and plain runs alternate so that the load of the
// (shared) machine hits both alike.
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

function evaluate(mode: string, count: number, dump = false): Evaluation {
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "evaluate.ts"), mode, String(count)], {
        env: { ...process.env, BENCH_DUMP_INPUTS: dump ? "1" : "0" },
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

/** Both sides must register the same Kubernetes objects with the same inputs. */
function checkSameObjects(): void {
    const kube = (e: Evaluation) => (e.inputs ?? []).filter((r) => r.type.startsWith("kubernetes:")).map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
    const component = kube(evaluate("component", 2, true));
    const plain = kube(evaluate("plain", 2, true));
    const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
    component.sort((a, b) => key(a).localeCompare(key(b)));
    plain.sort((a, b) => key(a).localeCompare(key(b)));
    if (!isDeepStrictEqual(component, plain)) {
        throw new Error(`component and plain programs differ:\n${JSON.stringify(component, null, 1)}\n---\n${JSON.stringify(plain, null, 1)}`);
    }
    console.log(`Same objects: both programs register ${component.length} Kubernetes resources for 2 distributions with deep-equal inputs.\n`);
}

function evaluationBenchmark(): void {
    checkSameObjects();
    console.log(`Program evaluation under mocks, median of ${runs} fresh processes per cell (1000: ${Math.min(runs, 3)}), load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    console.log("| distributions | side | registered (custom / all) | evaluation wall ms | wall ms / distribution | evaluation CPU ms (min–max) | stack traces / distribution | module load ms | max RSS MiB | overhead (wall) | overhead (CPU) | overhead (RSS) |");
    console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const count of sizes) {
        const n = count >= 1000 ? Math.min(runs, 3) : runs;
        const results: Record<string, Evaluation[]> = { component: [], plain: [] };
        for (let i = 0; i < n; i++) {
            for (const mode of i % 2 ? ["plain", "component"] : ["component", "plain"]) {
                results[mode].push(evaluate(mode, count));
            }
        }
        const summary = (mode: string) => {
            const rs = results[mode];
            const custom = Object.entries(rs[0].byType).filter(([t]) => t.startsWith("kubernetes:")).reduce((s, [, c]) => s + c, 0);
            return { custom, all: rs[0].registered, total: median(rs.map((r) => r.totalMs)), load: median(rs.map((r) => r.loadMs)), cpu: median(rs.map((r) => r.evalCpuMs)), cpuMin: Math.min(...rs.map((r) => r.evalCpuMs)), cpuMax: Math.max(...rs.map((r) => r.evalCpuMs)), traces: rs[0].stackTraces / count, rss: median(rs.map((r) => r.maxRssMiB)) };
        };
        const c = summary("component");
        const p = summary("plain");
        if (c.custom !== p.custom) {
            throw new Error(`component registered ${c.custom} Kubernetes resources, plain ${p.custom}`);
        }
        const ratio = (a: number, b: number) => `${a >= b ? "+" : ""}${fmt(((a - b) / b) * 100, 1)}%`;
        console.log(`| ${count} | component | ${c.custom} / ${c.all} | ${fmt(c.total)} | ${fmt(c.total / count, 2)} | ${fmt(c.cpu)} (${fmt(c.cpuMin)}–${fmt(c.cpuMax)}) | ${fmt(c.traces, 1)} | ${fmt(c.load)} | ${fmt(c.rss)} | ${ratio(c.total, p.total)} | ${ratio(c.cpu, p.cpu)} | ${ratio(c.rss, p.rss)} |`);
        console.log(`| ${count} | plain | ${p.custom} / ${p.all} | ${fmt(p.total)} | ${fmt(p.total / count, 2)} | ${fmt(p.cpu)} (${fmt(p.cpuMin)}–${fmt(p.cpuMax)}) | ${fmt(p.traces, 1)} | ${fmt(p.load)} | ${fmt(p.rss)} | | | |`);
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
