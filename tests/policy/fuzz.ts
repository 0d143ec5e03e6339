// Seeded mutation of realistic resources, for the policy tier's fuzz run: a small PRNG, a corpus of
// good resources the pack passes, and mutations that put hostile or unknown values anywhere.

import { container, cronJob, deployment, distribution, hpa, job, nodePool, pdb, pod, restrictedContainer, service, types, vpa } from "./fixtures";
import { TestResource, unknownArray, unknownNumber, unknownObject, unknownString } from "./harness";

/** mulberry32: a tiny seeded PRNG, so that a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
    return items[Math.floor(random() * items.length)];
}

const probe = (period: number, failures: number) => ({ httpGet: { path: "/v1/health", port: "http" }, periodSeconds: period, failureThreshold: failures });
const gpu = { requests: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, limits: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1" } };
const podSecurity = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } };
const zoneSpread = (app: string) => [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app } } }];

/**
 * A stack of realistic, correct resources: the pack reports nothing on it (the fuzz test checks
 * that first). Distributions autoscaled and spread with their budgets; a GPU server Deployment
 * written the way the controller writes one; a Job, a CronJob, a Pod; Services, a NodePool.
 */
export function goodStack(): TestResource[] {
    const server = container("server", {
        ports: [{ name: "http", containerPort: 8321 }],
        resources: gpu,
        startupProbe: probe(5, 120),
        readinessProbe: probe(10, 3),
        livenessProbe: probe(20, 3),
    });
    const gpuTolerations = [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }];
    return [
        distribution("my-llamastack", { version: "v1", tls: { secretName: "my-llamastack-tls" }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" }] }),
        hpa("my-llamastack", "my-llamastack", {
            metrics: [{ type: "Pods", pods: { metric: { name: "requests_per_second" }, target: { type: "AverageValue", averageValue: "10" } } }],
        }),
        vpa("my-llamastack", "my-llamastack", { updatePolicy: { updateMode: "Off" } }),
        pdb("my-llamastack", { app: "my-llamastack" }),
        service("my-llamastack", { type: "LoadBalancer", selector: { app: "my-llamastack" }, ports: [{ name: "https", port: 443, targetPort: 8321 }], loadBalancerSourceRanges: ["10.0.0.0/8"] }),
        distribution("gpu-llamastack", {
            replicas: 2,
            resources: gpu,
            nodeSelector: { "node-type": "gpu" },
            tolerations: gpuTolerations,
            podLabels: { team: "ml" },
            topologySpreadConstraints: zoneSpread("gpu-llamastack"),
            priorityClassName: "gpu-serving",
        }),
        pdb("gpu-llamastack", { app: "gpu-llamastack" }),
        nodePool("gpu", { labels: { "node-type": "gpu" }, taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] }),
        deployment(
            "vllm",
            {
                securityContext: podSecurity,
                priorityClassName: "gpu-serving",
                containers: [server],
                tolerations: gpuTolerations,
                nodeSelector: { "node-type": "gpu" },
                topologySpreadConstraints: zoneSpread("vllm"),
                volumes: [
                    { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "8Gi" } },
                    { name: "weights", persistentVolumeClaim: { claimName: "weights" } },
                ],
            },
            { replicas: 2 },
        ),
        pdb("vllm", { app: "vllm" }),
        deployment("worker", { securityContext: podSecurity, containers: [container("worker")] }, {}, types.statefulSet),
        job("migrate", { securityContext: podSecurity, restartPolicy: "Never", containers: [container("migrate")] }),
        cronJob("nightly", { securityContext: podSecurity, restartPolicy: "OnFailure", containers: [container("report", { command: ["report"] })] }),
        pod("debug", { securityContext: podSecurity, restartPolicy: "Never", containers: [container("debug", { securityContext: restrictedContainer })] }),
    ];
}

const unknowns = [unknownString, unknownNumber, unknownArray, unknownObject];
const trickyKeys = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "length", "0", ""];

/** A hostile value: wrong types, empty shapes, unknowns, or maps keyed by Object.prototype's names. */
function hostile(random: Random): unknown {
    switch (Math.floor(random() * 14)) {
        case 0:
            return null;
        case 1:
            return "";
        case 2:
            return pick(random, ["string", "1", "-1", "0", "latest", "100%", "0%", "1Gi", "x/y", "Unconfined"]);
        case 3:
            return pick(random, [0, -1, 1, 1.5, 1e308, -0, 2 ** 53]);
        case 4:
            return pick(random, [true, false]);
        case 5:
            return [];
        case 6:
            return {};
        case 7:
            return [null, pick(random, unknowns), "x", 1];
        case 8:
            return pick(random, unknowns);
        case 9:
            return [pick(random, unknowns)];
        case 10:
            return { [pick(random, trickyKeys)]: pick(random, ["x", 1, null, {}, [], unknownString]) };
        case 11:
            return JSON.parse('{"__proto__": {"polluted": true}, "toString": "x"}');
        case 12:
            return [{}, { name: pick(random, unknowns) }, { key: "toString", operator: "Exists" }];
        default:
            return { requests: pick(random, [null, "1", [], unknownObject]), limits: pick(random, [null, "2", { "nvidia.com/gpu": null }]) };
    }
}

/** The objects and arrays inside a value (itself included), to choose a mutation site from. */
function containers(value: unknown, found: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
    if (value !== null && typeof value === "object") {
        found.push(value as Record<string, unknown> | unknown[]);
        for (const child of Object.values(value)) {
            containers(child, found);
        }
    }
    return found;
}

function setOwn(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy with 1–4 hostile mutations: a value replaced, a key removed, or a tricky key added. */
export function mutate(random: Random, resource: TestResource): TestResource {
    const props = structuredClone(resource.props);
    const count = 1 + Math.floor(random() * 4);
    for (let i = 0; i < count; i++) {
        const sites = containers(props);
        const site = pick(random, sites);
        const keys = Object.keys(site);
        const action = random();
        if (action < 0.6 && keys.length > 0) {
            setOwn(site, pick(random, keys), hostile(random));
        } else if (action < 0.75 && keys.length > 0 && !Array.isArray(site)) {
            delete (site as Record<string, unknown>)[pick(random, keys)];
        } else if (Array.isArray(site)) {
            site.push(hostile(random));
        } else {
            setOwn(site, pick(random, trickyKeys), hostile(random));
        }
    }
    return { ...resource, props };
}

/** A deep copy in which 1–3 known values are replaced by unknowns of their own kind, as in a preview. */
export function unknownize(random: Random, resource: TestResource): TestResource {
    const props = structuredClone(resource.props);
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
        const sites = containers(props).filter((site) => Object.keys(site).length > 0);
        const site = pick(random, sites);
        const key = pick(random, Object.keys(site));
        const value = (site as Record<string, unknown>)[key];
        const replacement = Array.isArray(value) ? unknownArray : value !== null && typeof value === "object" ? unknownObject : typeof value === "number" ? unknownNumber : unknownString;
        setOwn(site, Array.isArray(site) ? Number(key) : key, replacement);
    }
    return { ...resource, props };
}
