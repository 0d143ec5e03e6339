// The pack's own work in a preview, measured where a busy machine distorts it least: the pack started
// as the language host starts it (tests/policy/analyzer.ts: run-policy-pack in policy/), then the
// calls the engine makes for n distributions (per distribution a LlamaStackDistribution, an HPA, a
// PDB and a LoadBalancer Service). Per resource the engine's step generator makes three calls in a
// row (pulumi's step_generator.go: GetAnalyzerInfo, Remediate, then Analyze), then one AnalyzeStack
// over them all. Reports wall and the pack process's CPU seconds (/proc/<pid>/stat) for starting,
// for the per-resource calls and for AnalyzeStack: CPU is what the pack takes from a preview on an
// idle machine. BENCH_RPC_ANALYZE_ONLY=1 makes only the Analyze calls (the earlier rounds' table).
//
//   node -r ts-node/register/transpile-only bench/policy-rpc.ts [n=100] [runs=5]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Analyzer } from "../tests/policy/analyzer";
import { distribution, hpa, pdb, service, types } from "../tests/policy/fixtures";

const ticks = 100; // USER_HZ
function cpuSeconds(pid: number): number {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
}

function fleet(n: number) {
    const resources = [];
    for (let i = 0; i < n; i++) {
        const name = `llama-${i}`;
        resources.push(
            { type: types.distribution, props: distribution(name, { version: "v1" }).props, name },
            { type: types.hpa, props: hpa(name, name).props, name },
            { type: types.pdb, props: pdb(name, { app: name }).props, name },
            { type: types.service, props: service(name, { type: "LoadBalancer", selector: { app: name }, ports: [{ port: 8080, targetPort: 8321 }] }).props, name },
        );
    }
    return resources;
}

async function main(): Promise<void> {
    const n = Number(process.argv[2] ?? 100);
    const runs = Number(process.argv[3] ?? 5);
    const resources = fleet(n);
    const analyzeOnly = process.env.BENCH_RPC_ANALYZE_ONLY === "1";
    const perResource = analyzeOnly ? "Analyze" : "(GetAnalyzerInfo, Remediate, Analyze)";
    console.log(`| run | start s (CPU s) | ${resources.length} × ${perResource} s (CPU s) | AnalyzeStack s (CPU s) | diagnostics |`);
    console.log("|---:|---:|---:|---:|---:|");
    for (let run = 1; run <= runs; run++) {
        const t0 = performance.now();
        const analyzer = await Analyzer.start();
        const pid = analyzer.pid;
        const t1 = performance.now();
        const c1 = cpuSeconds(pid);
        await analyzer.configure({});
        let found = 0;
        for (const resource of resources) {
            if (!analyzeOnly) {
                await analyzer.info();
                await analyzer.remediate(resource);
            }
            found += (await analyzer.analyze(resource)).length;
        }
        const t2 = performance.now();
        const c2 = cpuSeconds(pid);
        found += (await analyzer.analyzeStack(resources)).length;
        const t3 = performance.now();
        const c3 = cpuSeconds(pid);
        analyzer.stop();
        const s = (ms: number) => (ms / 1000).toFixed(2);
        console.log(`| ${run} | ${s(t1 - t0)} (${c1.toFixed(2)}) | ${s(t2 - t1)} (${(c2 - c1).toFixed(2)}) | ${s(t3 - t2)} (${(c3 - c2).toFixed(2)}) | ${found} |`);
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
