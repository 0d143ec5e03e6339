import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { LlamaStackNamespace, ValidationError } from "../../../src";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const QUOTA = "kubernetes:core/v1:ResourceQuota";
const LIMITRANGE = "kubernetes:core/v1:LimitRange";

async function make(name: string, args: ConstructorParameters<typeof LlamaStackNamespace>[1]) {
    const ns = new LlamaStackNamespace(name, args);
    await valueOf(pulumi.all([ns.urn, ns.name, ns.quotaName, ns.limitRangeName]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return ns;
}

describe("LlamaStackNamespace", () => {
    it("defaults to restricted Pod Security and a LimitRange enforcing the guide's 2x rule, with no quota", async () => {
        const ns = await make("llm", {});
        const namespace = find(NAMESPACE, "llm").inputs;
        assert.equal(namespace.metadata.name, "llm");
        assert.deepEqual(namespace.metadata.labels, {
            "app.kubernetes.io/part-of": "llamastack",
            "app.kubernetes.io/managed-by": "pulumi",
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/warn-version": "latest",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/audit-version": "latest",
        });
        const limitRange = find(LIMITRANGE, "llm-limits").inputs;
        assert.equal(limitRange.metadata.namespace, "llm");
        assert.deepEqual(limitRange.spec, {
            limits: [
                {
                    type: "Container",
                    maxLimitRequestRatio: { cpu: "2", memory: "2" },
                    defaultRequest: { cpu: "250m", memory: "512Mi" },
                    default: { cpu: "500m", memory: "1Gi" },
                },
            ],
        });
        assert.equal(has(QUOTA, "llm-quota"), false);
        assert.equal(await valueOf(ns.name), "llm");
        assert.equal(await valueOf(ns.quotaName), "");
        assert.equal(await valueOf(ns.limitRangeName), "llamastack");
    });

    it("makes a ResourceQuota on cpu, memory and GPU requests, limits and pods", async () => {
        const ns = await make("team-a", {
            quota: { requests: { cpu: "32", memory: "128Gi" }, limits: { cpu: "64", memory: "256Gi" }, gpus: "4", pods: "50" },
        });
        const quota = find(QUOTA, "team-a-quota").inputs;
        assert.equal(quota.metadata.namespace, "team-a");
        assert.deepEqual(quota.spec.hard, {
            "requests.cpu": "32",
            "requests.memory": "128Gi",
            "limits.cpu": "64",
            "limits.memory": "256Gi",
            "requests.nvidia.com/gpu": "4",
            pods: "50",
        });
        assert.equal(await valueOf(ns.quotaName), "llamastack");

        await make("team-b", { quota: { gpus: "2", gpuResourceName: "amd.com/gpu" } });
        assert.deepEqual(find(QUOTA, "team-b-quota").inputs.spec.hard, { "requests.amd.com/gpu": "2" });
        await make("team-c", { quota: { enabled: false, gpus: "2" } });
        assert.equal(has(QUOTA, "team-c-quota"), false);
    });

    it("takes a name, labels, a Pod Security level and version, and LimitRange options", async () => {
        await make("ns-options", {
            name: "inference",
            labels: { team: "ml" },
            podSecurity: "baseline",
            podSecurityVersion: "v1.30",
            limitRange: {
                maxLimitRequestRatio: { cpu: "4", memory: "1.5" },
                defaultRequests: { cpu: "1", memory: "2Gi" },
                defaultLimits: { cpu: "2", memory: "3Gi" },
                max: { cpu: "16", memory: "64Gi" },
            },
        });
        const namespace = find(NAMESPACE, "ns-options").inputs;
        assert.equal(namespace.metadata.name, "inference");
        assert.equal(namespace.metadata.labels.team, "ml");
        assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "baseline");
        assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/audit-version"], "v1.30");
        assert.deepEqual(find(LIMITRANGE, "ns-options-limits").inputs.spec.limits[0], {
            type: "Container",
            maxLimitRequestRatio: { cpu: "4", memory: "1.5" },
            defaultRequest: { cpu: "1", memory: "2Gi" },
            default: { cpu: "2", memory: "3Gi" },
            max: { cpu: "16", memory: "64Gi" },
        });

        const ns = await make("no-limits", { limitRange: { enabled: false } });
        assert.equal(has(LIMITRANGE, "no-limits-limits"), false);
        assert.equal(await valueOf(ns.limitRangeName), "");
    });

    describe("rejects", () => {
        const rejects = (name: string, args: any, expected: string) => {
            const error = errorOf(() => new LlamaStackNamespace(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
        };

        it("default limits that the namespace's own ratio would reject, and ratios below 1", () => {
            rejects(
                "ratio",
                { limitRange: { defaultRequests: { cpu: "250m", memory: "1Gi" }, defaultLimits: { cpu: "1", memory: "512Mi" } } },
                'LlamaStackNamespace "ratio": 2 problems:\n' +
                    '  - limitRange.defaultLimits["cpu"] "1" exceeds maxLimitRequestRatio "2" x defaultRequests["cpu"] "250m": containers given both defaults would be rejected\n' +
                    '  - limitRange.defaultLimits["memory"] "512Mi" is below defaultRequests["memory"] "1Gi": limits must be greater than or equal to requests',
            );
            rejects(
                "low-ratio",
                { limitRange: { maxLimitRequestRatio: { cpu: "0.5" } } },
                'LlamaStackNamespace "low-ratio": limitRange.maxLimitRequestRatio["cpu"] "0.5" must be at least 1: a limit is never below its request',
            );
            rejects("over-max", { limitRange: { max: { memory: "512Mi" } } }, 'LlamaStackNamespace "over-max": limitRange.defaultLimits["memory"] "1Gi" exceeds max["memory"] "512Mi"');
        });

        it("quotas Kubernetes would refuse or that say nothing", () => {
            rejects(
                "gpu-limit",
                { quota: { limits: { "nvidia.com/gpu": "4" } } },
                'LlamaStackNamespace "gpu-limit": quota.limits["nvidia.com/gpu"] is not allowed: quotas count extended resources such as GPUs by requests only; use quota.gpus',
            );
            rejects(
                "gpu-twice",
                { quota: { gpus: "4", requests: { "nvidia.com/gpu": "2" } } },
                'LlamaStackNamespace "gpu-twice": quota.requests["nvidia.com/gpu"] conflicts with quota.gpus; set the GPU quota in one place',
            );
            rejects("empty-quota", { quota: {} }, 'LlamaStackNamespace "empty-quota": quota must limit at least one of requests, limits, gpus or pods');
            rejects("bad-cpu", { quota: { requests: { cpu: "lots" } } }, 'LlamaStackNamespace "bad-cpu": quota.requests["cpu"] "lots" must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3');
        });

        it("Pod Security levels and versions that do not exist, and bad names", () => {
            rejects(
                "psa",
                { podSecurity: "strict", podSecurityVersion: "1.30" },
                'LlamaStackNamespace "psa": 2 problems:\n  - podSecurity "strict" must be one of privileged, baseline, restricted\n  - podSecurityVersion "1.30" must be "latest" or a Kubernetes minor version such as "v1.30"',
            );
            rejects(
                "named",
                { name: "LLM" },
                `LlamaStackNamespace "named": name "LLM" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
        });
    });
});
