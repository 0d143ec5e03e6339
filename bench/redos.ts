// `npm run bench:redos [-- --length 30000] [--runs 3]`: how long a hostile 30,000-character value
// takes where user input meets a regular expression (issue 19): the Distribution constructor's
// quantity check, the policy pack's quantity rules, its kubectl-word and registry-entry parsing.
// A figure for BENCHMARKS.md, not a test: the test (tests/unit/redos.test.ts) is recheck's verdict.
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { settle } from "../tests/unit/mocks";
import { Distribution } from "../src";
import { hpaOwnsReplicas } from "../policy/autoscalers";
import { allowedImageRegistries } from "../policy/images";
import { limitsToRequestsRatio, requestsAndLimits } from "../policy/resources";
import { container, cronJob, deployment } from "../tests/policy/fixtures";
import { validate, validateStack } from "../tests/policy/harness";

const argv = process.argv.slice(2);
function option(name: string, fallback: string): number {
    const at = argv.indexOf(`--${name}`);
    return Number(at >= 0 ? argv[at + 1] : fallback);
}
const length = option("length", "30000");
const runs = option("runs", "3");

// Long runs of what each pattern repeats, then a character that makes the whole match fail late.
const memory = `${"1".repeat(length - 1)}x`;
const validMemory = "1".repeat(length);
const quotedWord = `x${"'".repeat(length - 2)}x`;
const registry = `docker.io${"/".repeat(length - 10)}x`;

function withMemory(value: string) {
    return deployment("api", { containers: [container("app", { resources: { requests: { cpu: "1", memory: value }, limits: { cpu: "1", memory: value } } })] });
}

let constructed = 0;

const cases: [string, () => Promise<unknown>][] = [
    [
        "`new Distribution` with `resources.requests.memory` = 29,999 digits + `x` (throws its ValidationError)",
        async () => {
            try {
                new Distribution("hostile", { image: "img:1", resources: { requests: { memory } } });
            } catch {
                return;
            }
            throw new Error("the Distribution accepted a bad quantity");
        },
    ],
    ["`new Distribution` with memory `2Gi`, for comparison", async () => new Distribution(`usual-${++constructed}`, { image: "img:1", resources: { requests: { memory: "2Gi" } } })],
    [
        "`new Distribution` with a valid 30,000-digit memory request",
        async () => new Distribution(`long-${++constructed}`, { image: "img:1", resources: { requests: { memory: validMemory } } }),
    ],
    ["policy `resource-requests-and-limits`, memory = 29,999 digits + `x`", () => validate(requestsAndLimits, withMemory(memory))],
    ["policy `limits-to-requests-ratio`, memory = 29,999 digits + `x`", () => validate(limitsToRequestsRatio, withMemory(memory))],
    ["policy `limits-to-requests-ratio`, valid 30,000-digit memory", () => validate(limitsToRequestsRatio, withMemory(validMemory))],
    [
        "policy `hpa-owns-replicas`, a CronJob's kubectl word `x` + 29,998 quotes + `x`",
        () => validateStack(hpaOwnsReplicas, [cronJob("night", { containers: [container("k", { command: ["kubectl", "scale", "deployment/api", quotedWord] })] })]),
    ],
    [
        "policy `allowed-image-registries`, an entry `docker.io` + 29,990 slashes + `x`",
        () => validate(allowedImageRegistries, deployment("api", { containers: [container("app", { image: "docker.io/llamastack/x:1" })] }), { allowedRegistries: [registry] }),
    ],
];

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
    console.log(`${length}-character values, median of ${runs} runs; ${os.cpus().length} cores, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    console.log("| case | ms |");
    console.log("|---|---:|");
    for (const [name, run] of cases) {
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
            const start = performance.now();
            await run();
            times.push(performance.now() - start);
        }
        const ms = median(times);
        console.log(`| ${name} | ${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} |`);
    }
}

// Let the mocks record what the valid Distributions registered, so that Pulumi does not warn of leaks.
main().then(
    () => settle().then(() => process.exit(0)),
    (e: unknown) => {
        console.error(e);
        process.exit(1);
    },
);
