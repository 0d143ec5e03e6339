import { strict as assert } from "assert";
import { gpuRequestsEqualLimits, limitsToRequestsRatio, requestsAndLimits } from "../../policy/resources";
import { rules } from "../../src/core/rules";
import { container, cronJob, deployment, distribution, guideResources, job, pod, types } from "./fixtures";
import { remediate, unknownObject, unknownString, validate } from "./harness";

describe("policy limits-to-requests-ratio", () => {
    it("passes the guide's examples: limits cpu 4 / requests cpu 2, and exactly 2x", async () => {
        const vertical = distribution("my-llamastack", { resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } } });
        assert.deepEqual(await validate(limitsToRequestsRatio, vertical), []);
        assert.deepEqual(await validate(limitsToRequestsRatio, distribution("my-llamastack", { resources: guideResources })), []);
    });

    it("flags a distribution's cpu limit above 2x its request, with the field and the fix", async () => {
        const cr = distribution("my-llamastack", { resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "3", memory: "4Gi" } } });
        assert.deepEqual(await validate(limitsToRequestsRatio, cr), [
            'LlamaStackDistribution "my-llamastack": spec.resources.limits.cpu "3" is 3 times requests.cpu "1", above the allowed ratio of 2. Lower the limit to "2" or raise the request.',
        ]);
    });

    it("compares quantities exactly: 0.5 vs 500m, 1Gi vs 1024Mi, numbers", async () => {
        const equalEdges = deployment("api", {
            containers: [container("app", { resources: { requests: { cpu: "0.5", memory: "1Gi" }, limits: { cpu: "1000m", memory: "2048Mi" } } })],
        });
        assert.deepEqual(await validate(limitsToRequestsRatio, equalEdges), []);
        const justOver = deployment("api", {
            containers: [container("app", { resources: { requests: { cpu: "500m", memory: "1024Mi" }, limits: { cpu: "1001m", memory: "2Gi" } } })],
        });
        assert.deepEqual(await validate(limitsToRequestsRatio, justOver), [
            'Deployment "api", container "app": spec.template.spec.containers[0].resources.limits.cpu "1001m" is 2.002 times requests.cpu "500m", above the allowed ratio of 2. Lower the limit to "1" or raise the request.',
        ]);
        const numbers = pod("p", { containers: [container("app", { resources: { requests: { cpu: 1, memory: "1Gi" }, limits: { cpu: 3, memory: "1Gi" } } })] });
        assert.equal((await validate(limitsToRequestsRatio, numbers)).length, 1);
    });

    it("judges memory and init containers, and every workload kind", async () => {
        const init = container("migrate", { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "1Gi" } } });
        const podSpec = { initContainers: [init], containers: [container("app")] };
        const expected = (kind: string, field: string) =>
            `${kind}, init container "migrate": ${field}.initContainers[0].resources.limits.memory "1Gi" is 8 times requests.memory "128Mi", above the allowed ratio of 2. Lower the limit to "256Mi" or raise the request.`;
        assert.deepEqual(await validate(limitsToRequestsRatio, deployment("d", podSpec)), [expected('Deployment "d"', "spec.template.spec")]);
        assert.deepEqual(await validate(limitsToRequestsRatio, deployment("s", podSpec, {}, types.statefulSet)), [expected('StatefulSet "s"', "spec.template.spec")]);
        assert.deepEqual(await validate(limitsToRequestsRatio, deployment("ds", podSpec, {}, types.daemonSet)), [expected('DaemonSet "ds"', "spec.template.spec")]);
        assert.deepEqual(await validate(limitsToRequestsRatio, deployment("rs", podSpec, {}, types.replicaSet)), [expected('ReplicaSet "rs"', "spec.template.spec")]);
        assert.deepEqual(await validate(limitsToRequestsRatio, job("j", podSpec)), [expected('Job "j"', "spec.template.spec")]);
        assert.deepEqual(await validate(limitsToRequestsRatio, cronJob("c", podSpec)), [expected('CronJob "c"', "spec.jobTemplate.spec.template.spec")]);
        assert.deepEqual(await validate(limitsToRequestsRatio, pod("p", podSpec)), [expected('Pod "p"', "spec")]);
    });

    it("skips what it cannot judge: missing requests or limits, zero limits, other kinds", async () => {
        const onlyLimits = deployment("api", { containers: [container("app", { resources: { limits: { cpu: "8", memory: "8Gi" } } })] });
        assert.deepEqual(await validate(limitsToRequestsRatio, onlyLimits), []);
        const onlyRequests = distribution("x", { resources: { requests: { cpu: "1" } } });
        assert.deepEqual(await validate(limitsToRequestsRatio, onlyRequests), []);
        assert.deepEqual(await validate(limitsToRequestsRatio, { type: types.service, props: { spec: { type: "ClusterIP" } } }), []);
    });

    it("reports a zero request with a positive limit", async () => {
        const zero = distribution("x", { resources: { requests: { cpu: "0", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } });
        assert.deepEqual(await validate(limitsToRequestsRatio, zero), [
            'LlamaStackDistribution "x": spec.resources.limits.cpu "1" is infinitely many times requests.cpu "0", above the allowed ratio of 2. Set a request greater than 0.',
        ]);
    });

    it("takes maxRatio and resources from config", async () => {
        const cr = distribution("x", { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "3Gi" } } });
        assert.deepEqual(await validate(limitsToRequestsRatio, cr, { maxRatio: 3 }), []);
        assert.deepEqual(await validate(limitsToRequestsRatio, cr, { maxRatio: 1.5 }), [
            'LlamaStackDistribution "x": spec.resources.limits.cpu "2" is 2 times requests.cpu "1", above the allowed ratio of 1.5. Lower the limit to "1500m" or raise the request.',
            'LlamaStackDistribution "x": spec.resources.limits.memory "3Gi" is 3 times requests.memory "1Gi", above the allowed ratio of 1.5. Lower the limit to "1536Mi" or raise the request.',
        ]);
        assert.equal((await validate(limitsToRequestsRatio, cr, { resources: ["cpu"] })).length, 0);
        assert.equal((await validate(limitsToRequestsRatio, cr, { resources: ["memory"] })).length, 1);
    });

    it("skips unknown values during preview instead of failing or crashing", async () => {
        const unknownLimit = distribution("x", { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: unknownString, memory: "4Gi" } } });
        assert.deepEqual(await validate(limitsToRequestsRatio, unknownLimit), [
            'LlamaStackDistribution "x": spec.resources.limits.memory "4Gi" is 4 times requests.memory "1Gi", above the allowed ratio of 2. Lower the limit to "2Gi" or raise the request.',
        ]);
        assert.deepEqual(await validate(limitsToRequestsRatio, distribution("x", { resources: unknownObject })), []);
        assert.deepEqual(await validate(limitsToRequestsRatio, deployment("d", { containers: unknownObject })), []);
        assert.deepEqual(await validate(limitsToRequestsRatio, { type: types.distribution, props: { metadata: { name: "x" }, spec: unknownObject } }), []);
    });

    it("remediates by lowering each limit to maxRatio x request, in the request's units", async () => {
        const cr = distribution("x", { resources: { requests: { cpu: "500m", memory: "1536Mi" }, limits: { cpu: "4", memory: "8Gi" } } });
        const fixed = await remediate(limitsToRequestsRatio, cr);
        assert.deepEqual((fixed?.spec as { resources: unknown }).resources, { requests: { cpu: "500m", memory: "1536Mi" }, limits: { cpu: "1", memory: "3Gi" } });
        assert.equal((fixed?.spec as { image: string }).image, "llamastack/distribution-ollama:0.2.0");
        const d = deployment("api", { initContainers: [container("init", { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "5", memory: "1Gi" } } })], containers: [container("app")] });
        const fixedDeployment = await remediate(limitsToRequestsRatio, d, { maxRatio: 1.5 });
        const spec = (fixedDeployment as { spec: { template: { spec: { initContainers: { resources: unknown }[]; containers: { resources: unknown }[] } } } }).spec.template.spec;
        assert.deepEqual(spec.initContainers[0].resources, { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1500m", memory: "1Gi" } });
        assert.deepEqual(spec.containers[0].resources, { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1500m", memory: "3Gi" } });
        assert.equal(await remediate(limitsToRequestsRatio, distribution("ok")), undefined);
    });
});

describe("policy resource-requests-and-limits", () => {
    it("passes containers that request and limit cpu and memory, and limits alone (the request defaults to the limit)", async () => {
        assert.deepEqual(await validate(requestsAndLimits, distribution("x")), []);
        assert.deepEqual(await validate(requestsAndLimits, deployment("d", { containers: [container("app", { resources: { limits: { cpu: "1", memory: "1Gi" } } })] })), []);
    });

    it("flags missing requests and limits, init containers included", async () => {
        const d = deployment("d", {
            initContainers: [container("init", { resources: undefined })],
            containers: [container("app", { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2" } } })],
        });
        assert.deepEqual(await validate(requestsAndLimits, d), [
            'Deployment "d", init container "init": spec.template.spec.initContainers[0].resources sets neither requests.cpu nor limits.cpu. Set both requests and limits for cpu and memory on every container: requests let the scheduler place the pod and an autoscaler compute utilization, limits keep one pod from starving its node.',
            'Deployment "d", init container "init": spec.template.spec.initContainers[0].resources sets neither requests.memory nor limits.memory. Set both requests and limits for cpu and memory on every container: requests let the scheduler place the pod and an autoscaler compute utilization, limits keep one pod from starving its node.',
            'Deployment "d", container "app": spec.template.spec.containers[0].resources has requests.memory "1Gi" but no limits.memory. Set both requests and limits for cpu and memory on every container: requests let the scheduler place the pod and an autoscaler compute utilization, limits keep one pod from starving its node.',
        ]);
    });

    it("flags the guide's declarative example, which requests without limits", async () => {
        const declarative = distribution("scaled-llamastack", { image: "llamastack/llamastack:latest", replicas: 5, resources: { requests: { cpu: "1", memory: "2Gi" } } });
        const messages = await validate(requestsAndLimits, declarative);
        assert.equal(messages.length, 2);
        assert.ok(messages[0].startsWith('LlamaStackDistribution "scaled-llamastack": spec.resources has requests.cpu "1" but no limits.cpu.'));
    });

    it("flags invalid and negative quantities, and limits below requests, with the shared rule texts", async () => {
        const cr = distribution("x", { resources: { requests: { cpu: "2", memory: "2GB" }, limits: { cpu: "1", memory: "-1Gi" } } });
        assert.deepEqual(await validate(requestsAndLimits, cr), [
            `LlamaStackDistribution "x": spec.resources.requests.memory "2GB" ${rules.quantity}.`,
            'LlamaStackDistribution "x": spec.resources.limits.memory "-1Gi" must not be negative.',
            `LlamaStackDistribution "x": spec.resources.limits.cpu "1" is below requests.cpu "2": ${rules.limitsAtLeastRequests}. Raise the limit or lower the request.`,
        ]);
        const exact = distribution("x", { resources: { requests: { cpu: "0.5", memory: "1Gi" }, limits: { cpu: "500m", memory: "1024Mi" } } });
        assert.deepEqual(await validate(requestsAndLimits, exact), []);
    });

    it("takes the required resources from config", async () => {
        const cpuOnly = distribution("x", { resources: { requests: { cpu: "1" }, limits: { cpu: "1" } } });
        assert.equal((await validate(requestsAndLimits, cpuOnly)).length, 1);
        assert.deepEqual(await validate(requestsAndLimits, cpuOnly, { resources: ["cpu"] }), []);
    });

    it("skips unknown resources, maps and values", async () => {
        assert.deepEqual(await validate(requestsAndLimits, distribution("x", { resources: unknownObject })), []);
        assert.deepEqual(await validate(requestsAndLimits, distribution("x", { resources: { requests: unknownObject, limits: { cpu: "1" } } })), []);
        assert.deepEqual(await validate(requestsAndLimits, distribution("x", { resources: { requests: { cpu: unknownString, memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } })), []);
    });
});

describe("policy gpu-requests-equal-limits", () => {
    it("fails the guide's GPU example (requests 1, limits 2) with the shared rule text", async () => {
        const guide = distribution("my-llamastack", { resources: { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "2" } } });
        assert.deepEqual(await validate(gpuRequestsEqualLimits, guide), [
            `LlamaStackDistribution "my-llamastack": spec.resources.limits["nvidia.com/gpu"] "2" differs from requests["nvidia.com/gpu"] "1": ${rules.extendedResourcesEqual}. Set both to the number of GPUs each pod needs.`,
        ]);
    });

    it("passes equal counts in any notation and limits alone", async () => {
        assert.deepEqual(await validate(gpuRequestsEqualLimits, distribution("x", { resources: { requests: { "nvidia.com/gpu": 1 }, limits: { "nvidia.com/gpu": "1" } } })), []);
        assert.deepEqual(await validate(gpuRequestsEqualLimits, distribution("x", { resources: { limits: { "amd.com/gpu": "2" } } })), []);
    });

    it("flags a GPU request without a limit, in init containers too", async () => {
        const d = deployment("d", { initContainers: [container("warm", { resources: { requests: { "nvidia.com/gpu": "1" } } })], containers: [container("app")] });
        assert.deepEqual(await validate(gpuRequestsEqualLimits, d), [
            `Deployment "d", init container "warm": spec.template.spec.initContainers[0].resources.limits["nvidia.com/gpu"] is missing: ${rules.extendedResourceNeedsLimit}. Set limits["nvidia.com/gpu"] to "1".`,
        ]);
    });

    it("skips unknown GPU counts", async () => {
        const cr = distribution("x", { resources: { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": unknownString } } });
        assert.deepEqual(await validate(gpuRequestsEqualLimits, cr), []);
    });

    it("remediates to the smaller count, adding a missing limit", async () => {
        const guide = distribution("x", { resources: { requests: { "nvidia.com/gpu": "1", cpu: "1" }, limits: { "nvidia.com/gpu": "2", cpu: "2" } } });
        const fixed = await remediate(gpuRequestsEqualLimits, guide);
        assert.deepEqual((fixed?.spec as { resources: unknown }).resources, { requests: { "nvidia.com/gpu": "1", cpu: "1" }, limits: { "nvidia.com/gpu": "1", cpu: "2" } });
        const over = distribution("x", { resources: { requests: { "nvidia.com/gpu": "2" }, limits: { "nvidia.com/gpu": "1" } } });
        assert.deepEqual(((await remediate(gpuRequestsEqualLimits, over))?.spec as { resources: unknown }).resources, {
            requests: { "nvidia.com/gpu": "1" },
            limits: { "nvidia.com/gpu": "1" },
        });
        const noLimit = distribution("x", { resources: { requests: { "nvidia.com/gpu": "1" } } });
        assert.deepEqual(((await remediate(gpuRequestsEqualLimits, noLimit))?.spec as { resources: unknown }).resources, {
            requests: { "nvidia.com/gpu": "1" },
            limits: { "nvidia.com/gpu": "1" },
        });
        assert.equal(await remediate(gpuRequestsEqualLimits, distribution("ok")), undefined);
    });
});
