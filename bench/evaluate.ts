// One program evaluation under Pulumi's mocks, in a process of its own so that its peak memory is
// its own: `evaluate.ts <component|plain|wrapped> <count>`. Prints one JSON line with the figures.
//
// "component": `count` Distributions with the guide's HPA arguments. "plain": the same objects
// written by hand with @pulumi/kubernetes (CustomResource + Service + PDB + HPA), as a user
// without this package would. "wrapped": "plain" with each distribution's objects in an empty
// component, the least any component costs. All register the same custom resources with the same
// inputs (bench/run.ts checks that on two distributions).
//
// Run with `--expose-gc` and BENCH_HEAP=1, it also reports the live heap right after the program's
// constructors have run (after a full collection): everything is in flight then, so it is the
// program's memory at its largest, and unlike peak RSS it does not move with when the collector
// happens to run. The forced collection costs time, so run.ts takes it from a process of its own.
import { performance } from "node:perf_hooks";

const mode = process.argv[2];
const count = Number(process.argv[3]);
if (!["component", "plain", "wrapped"].includes(mode) || !Number.isInteger(count) || count < 1) {
    throw new Error("usage: evaluate.ts <component|plain|wrapped> <count>");
}

// Pulumi records a stack trace for every resource and every property promise, and under ts-node
// each is mapped through source maps: the biggest single cost per registration. Counting them
// gives a figure that, unlike time, does not move with the machine's load.
let stackTraces = 0;
const prepare = Error.prepareStackTrace;
Error.prepareStackTrace = (error, frames) => {
    stackTraces++;
    return prepare ? prepare(error, frames) : `${error}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
};

const loadStart = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const k8s = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");

interface Registration {
    type: string;
    name: string;
    inputs: unknown;
}
const registrations: Registration[] = [];
const dump = process.env.BENCH_DUMP_INPUTS === "1";

pulumi.runtime.setMocks(
    {
        newResource(args) {
            registrations.push({ type: args.type, name: args.name, inputs: dump ? args.inputs : undefined });
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args) {
            return args.inputs;
        },
    },
    "bench",
    "bench",
    false,
);

// The program modules load after setMocks, as in a test; their load time is reported apart.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const programs = require("./programs/fleet") as typeof import("./programs/fleet");
const loadMs = performance.now() - loadStart;

const start = performance.now();
const startCpu = process.cpuUsage();
const tracesAtStart = stackTraces;
if (mode === "component") {
    programs.componentFleet(count);
} else {
    programs.plainFleet(pulumi, k8s, count, undefined, mode === "wrapped");
}
const constructMs = performance.now() - start;
const collect = (globalThis as { gc?: () => void }).gc;
let heapInFlightMiB: number | undefined;
if (process.env.BENCH_HEAP === "1" && collect !== undefined) {
    collect();
    heapInFlightMiB = round(process.memoryUsage().heapUsed / 1024 / 1024);
}

// Under mocks the evaluation is over when the event loop has nothing left: every input resolved,
// every registration answered.
process.once("beforeExit", () => {
    const totalMs = performance.now() - start;
    const cpu = process.cpuUsage(startCpu);
    const byType: Record<string, number> = {};
    for (const r of registrations) {
        byType[r.type] = (byType[r.type] ?? 0) + 1;
    }
    const usage = process.resourceUsage();
    const result = {
        mode,
        count,
        loadMs: round(loadMs),
        constructMs: round(constructMs),
        totalMs: round(totalMs),
        evalCpuMs: round((cpu.user + cpu.system) / 1000),
        maxRssMiB: round(usage.maxRSS / 1024),
        cpuUserMs: round(usage.userCPUTime / 1000),
        cpuSystemMs: round(usage.systemCPUTime / 1000),
        registered: registrations.length,
        stackTraces: stackTraces - tracesAtStart,
        heapInFlightMiB,
        byType,
        ...(dump ? { inputs: registrations } : {}),
    };
    process.stdout.write(JSON.stringify(result) + "\n");
});

function round(x: number): number {
    return Math.round(x * 10) / 10;
}
