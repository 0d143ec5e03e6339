import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { Distribution, NodePool, ValidationError } from "../../../src";

const NODEPOOL = "kubernetes:karpenter.sh/v1:NodePool";
const DAEMONSET = "kubernetes:apps/v1:DaemonSet";
const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const ec2 = { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" };

/** Builds a pool and waits until it and its children are registered. */
async function make(name: string, args: ConstructorParameters<typeof NodePool>[1]) {
    const pool = new NodePool(name, args);
    await valueOf(pulumi.all([pool.urn, pool.name, pool.nodeSelector, pool.tolerations, pool.devicePluginName]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return pool;
}

async function makeDistribution(name: string, args: ConstructorParameters<typeof Distribution>[1]) {
    const d = new Distribution(name, args);
    await valueOf(pulumi.all([d.urn, d.name, d.serviceName]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return d;
}

describe("NodePool", () => {
    it("defaults to an on-demand Karpenter v1 NodePool that only its own workloads select", async () => {
        const pool = await make("general", { nodeClassRef: ec2 });
        const np = find(NODEPOOL, "general").inputs;
        assert.equal(np.apiVersion, "karpenter.sh/v1");
        assert.equal(np.kind, "NodePool");
        assert.equal(np.metadata.name, "general");
        assert.deepEqual(np.spec, {
            template: {
                spec: {
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
                    requirements: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] }],
                },
            },
            disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "5m", budgets: [{ nodes: "1" }] },
        });
        assert.deepEqual(await valueOf(pool.nodeSelector), { "karpenter.sh/nodepool": "general" });
        assert.deepEqual(await valueOf(pool.tolerations), []);
        assert.deepEqual(await valueOf(pool.spotNodeSelector), {});
        assert.equal(await valueOf(pool.name), "general");
        assert.equal(await valueOf(pool.devicePluginName), "");
        assert.equal(has(DAEMONSET, "general-device-plugin"), false);
    });

    it("a spot pool carries the guide's node-type=spot label and spot=true:NoSchedule taint", async () => {
        const pool = await make("spot", { nodeClassRef: ec2, capacityTypes: ["spot"] });
        const spec = find(NODEPOOL, "spot").inputs.spec;
        assert.deepEqual(spec.template.metadata, { labels: { "node-type": "spot" } });
        assert.deepEqual(spec.template.spec.taints, [{ key: "spot", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(spec.template.spec.requirements, [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] }]);
        assert.deepEqual(await valueOf(pool.nodeSelector), { "node-type": "spot", "karpenter.sh/nodepool": "spot" });
        assert.deepEqual(await valueOf(pool.tolerations), [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(await valueOf(pool.spotNodeSelector), { "karpenter.sh/capacity-type": "spot" });
    });

    it("a mixed pool (spot preferred) is tainted for spot but not labelled node-type=spot", async () => {
        const pool = await make("mixed", { nodeClassRef: ec2, capacityTypes: ["spot", "on-demand"] });
        const spec = find(NODEPOOL, "mixed").inputs.spec;
        assert.equal(spec.template.metadata, undefined);
        assert.deepEqual(spec.template.spec.requirements, [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] }]);
        assert.deepEqual(spec.template.spec.taints, [{ key: "spot", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(await valueOf(pool.nodeSelector), { "karpenter.sh/nodepool": "mixed" });
        assert.deepEqual(await valueOf(pool.spotNodeSelector), { "karpenter.sh/capacity-type": "spot" });
    });

    it("a GPU pool is tainted <resourceName>:NoSchedule and limits GPUs in that resource", async () => {
        const pool = await make("gpu", { nodeClassRef: ec2, gpu: {}, limits: { cpu: "1000", memory: "1000Gi", gpus: "16" } });
        const spec = find(NODEPOOL, "gpu").inputs.spec;
        assert.deepEqual(spec.template.spec.taints, [{ key: "nvidia.com/gpu", effect: "NoSchedule" }]);
        assert.deepEqual(spec.limits, { cpu: "1000", memory: "1000Gi", "nvidia.com/gpu": "16" });
        assert.deepEqual(await valueOf(pool.tolerations), [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);

        await make("amd", { nodeClassRef: ec2, gpu: { resourceName: "amd.com/gpu" }, limits: { gpus: "4" } });
        const amd = find(NODEPOOL, "amd").inputs.spec;
        assert.deepEqual(amd.template.spec.taints, [{ key: "amd.com/gpu", effect: "NoSchedule" }]);
        assert.deepEqual(amd.limits, { "amd.com/gpu": "4" });
    });

    it("GPUs per node and GPU instance requirements become Karpenter requirements, in the cloud's own labels", async () => {
        await make("gpu-reqs", {
            nodeClassRef: ec2,
            gpu: {
                countPerNode: 4,
                countLabel: "karpenter.k8s.aws/instance-gpu-count",
                requirements: [{ key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["g5", "g6"], minValues: 2 }],
            },
            requirements: [
                { key: "topology.kubernetes.io/zone", operator: "In", values: ["us-west-2a", "us-west-2b"] },
                { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["4"] },
                { key: "example.com/no-such", operator: "DoesNotExist" },
            ],
        });
        assert.deepEqual(find(NODEPOOL, "gpu-reqs").inputs.spec.template.spec.requirements, [
            { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
            { key: "karpenter.k8s.aws/instance-gpu-count", operator: "In", values: ["4"] },
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["g5", "g6"], minValues: 2 },
            { key: "topology.kubernetes.io/zone", operator: "In", values: ["us-west-2a", "us-west-2b"] },
            { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["4"] },
            { key: "example.com/no-such", operator: "DoesNotExist" },
        ]);
    });

    it("a spot GPU pool carries both taints and outputs both tolerations", async () => {
        const pool = await make("spot-gpu", { nodeClassRef: ec2, capacityTypes: ["spot"], gpu: {} });
        assert.deepEqual(find(NODEPOOL, "spot-gpu").inputs.spec.template.spec.taints, [
            { key: "spot", value: "true", effect: "NoSchedule" },
            { key: "nvidia.com/gpu", effect: "NoSchedule" },
        ]);
        assert.deepEqual(await valueOf(pool.tolerations), [
            { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" },
            { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        ]);
    });

    it("given labels and taints replace the defaults; disruption, expireAfter and weight pass through", async () => {
        const pool = await make("custom", {
            nodeClassRef: { group: "karpenter.azure.com", kind: "AKSNodeClass", name: "default" },
            capacityTypes: ["spot"],
            labels: { "workload": "llm" },
            taints: [
                { key: "example.com/llm", value: "", effect: "NoExecute" },
                { key: "team", value: "ml", effect: "PreferNoSchedule" },
            ],
            disruption: {
                consolidationPolicy: "WhenEmpty",
                consolidateAfter: "10m",
                budgets: [{ nodes: "10%" }, { nodes: "0", schedule: "0 9 * * mon-fri", duration: "8h" }],
            },
            expireAfter: "Never",
            weight: 50,
        });
        const spec = find(NODEPOOL, "custom").inputs.spec;
        assert.deepEqual(spec.template.metadata, { labels: { workload: "llm" } });
        assert.deepEqual(spec.template.spec.nodeClassRef, { group: "karpenter.azure.com", kind: "AKSNodeClass", name: "default" });
        assert.deepEqual(spec.template.spec.taints, [
            { key: "example.com/llm", effect: "NoExecute" },
            { key: "team", value: "ml", effect: "PreferNoSchedule" },
        ]);
        assert.equal(spec.template.spec.expireAfter, "Never");
        assert.deepEqual(spec.disruption, {
            consolidationPolicy: "WhenEmpty",
            consolidateAfter: "10m",
            budgets: [{ nodes: "10%" }, { nodes: "0", schedule: "0 9 * * mon-fri", duration: "8h" }],
        });
        assert.equal(spec.weight, 50);
        assert.deepEqual(await valueOf(pool.nodeSelector), { workload: "llm", "karpenter.sh/nodepool": "custom" });
        assert.deepEqual(await valueOf(pool.tolerations), [
            { key: "example.com/llm", operator: "Exists", effect: "NoExecute" },
            { key: "team", operator: "Equal", value: "ml", effect: "PreferNoSchedule" },
        ]);

        await make("untainted", { nodeClassRef: ec2, capacityTypes: ["spot"], taints: [], labels: {} });
        const untainted = find(NODEPOOL, "untainted").inputs.spec;
        assert.equal(untainted.template.spec.taints, undefined);
        assert.equal(untainted.template.metadata, undefined);
    });

    describe("the NVIDIA device plugin", () => {
        it("runs on the pool's nodes only, tolerating the pool's taints, as restricted as hostPath allows", async () => {
            const pool = await make("gpus", { nodeClassRef: ec2, capacityTypes: ["spot"], gpu: { devicePlugin: { enabled: true } } });
            const ds = find(DAEMONSET, "gpus-device-plugin").inputs;
            assert.equal(ds.metadata.name, "gpus-device-plugin");
            assert.equal(ds.metadata.namespace, "kube-system");
            assert.equal(await valueOf(pool.devicePluginName), "gpus-device-plugin");
            const pod = ds.spec.template.spec;
            assert.deepEqual(pod.nodeSelector, { "node-type": "spot", "karpenter.sh/nodepool": "gpus" });
            assert.deepEqual(pod.tolerations, [
                { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" },
                { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
            ]);
            assert.equal(pod.priorityClassName, "system-node-critical");
            assert.equal(pod.automountServiceAccountToken, false);
            assert.deepEqual(pod.securityContext, { seccompProfile: { type: "RuntimeDefault" } });
            assert.deepEqual(pod.volumes, [{ name: "device-plugin", hostPath: { path: "/var/lib/kubelet/device-plugins", type: "Directory" } }]);
            const container = pod.containers[0];
            assert.equal(container.image, "nvcr.io/nvidia/k8s-device-plugin:v0.17.1@sha256:af31e2b7c7f89834c4e5219860def7ac2e49a207b3d4e8610d5a26772b7738e5");
            assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
            assert.deepEqual(container.volumeMounts, [{ name: "device-plugin", mountPath: "/var/lib/kubelet/device-plugins" }]);
            assert.deepEqual(container.resources, { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } });
            assert.deepEqual(ds.spec.selector, { matchLabels: { "app.kubernetes.io/name": "nvidia-device-plugin", "app.kubernetes.io/instance": "gpus" } });
            for (const [key, value] of Object.entries(ds.spec.selector.matchLabels)) {
                assert.equal(ds.spec.template.metadata.labels[key], value);
            }
        });

        it("takes an image and a namespace; outside kube-system it asks for no node-critical priority", async () => {
            await make("gpus-own", {
                nodeClassRef: ec2,
                gpu: { devicePlugin: { enabled: true, image: "nvcr.io/nvidia/k8s-device-plugin:v0.17.3", namespace: "gpu-operator" } },
            });
            const ds = find(DAEMONSET, "gpus-own-device-plugin").inputs;
            assert.equal(ds.metadata.namespace, "gpu-operator");
            assert.equal(ds.spec.template.spec.containers[0].image, "nvcr.io/nvidia/k8s-device-plugin:v0.17.3");
            assert.equal(ds.spec.template.spec.priorityClassName, undefined);
            await make("gpus-off", { nodeClassRef: ec2, gpu: { devicePlugin: { enabled: false } } });
            assert.equal(has(DAEMONSET, "gpus-off-device-plugin"), false);
        });
    });

    describe("a Distribution placed with the pool's outputs", () => {
        it("gets exactly the GPU pool's selector and tolerations, without a second GPU toleration", async () => {
            const pool = await make("a100", { nodeClassRef: ec2, gpu: {} });
            await makeDistribution("on-gpu", { image: "img:1", gpu: { count: 1 }, nodeSelector: pool.nodeSelector, tolerations: pool.tolerations });
            const spec = find(CR, "on-gpu").inputs.spec;
            assert.deepEqual(spec.nodeSelector, await valueOf(pool.nodeSelector));
            assert.deepEqual(spec.tolerations, await valueOf(pool.tolerations));
            assert.deepEqual(spec.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
            assert.deepEqual(spec.resources, { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "1" } });
        });

        it("gets exactly the spot GPU pool's selector and tolerations with spot and gpu on", async () => {
            const pool = await make("spot-a100", { nodeClassRef: ec2, capacityTypes: ["spot"], gpu: {} });
            await makeDistribution("on-spot-gpu", {
                image: "img:1",
                gpu: { count: 1 },
                spot: { enabled: true },
                nodeSelector: pool.nodeSelector,
                tolerations: pool.tolerations,
            });
            const spec = find(CR, "on-spot-gpu").inputs.spec;
            assert.deepEqual(spec.nodeSelector, { "node-type": "spot", "karpenter.sh/nodepool": "spot-a100" });
            assert.deepEqual(spec.nodeSelector, await valueOf(pool.nodeSelector));
            assert.deepEqual(spec.tolerations, await valueOf(pool.tolerations));
            assert.equal(spec.replicas, 2);
        });

        it("on a mixed pool, prefers the pool's spot nodes through spotNodeSelector", async () => {
            const pool = await make("mixed-gpu", { nodeClassRef: ec2, capacityTypes: ["spot", "on-demand"], gpu: {} });
            await makeDistribution("on-mixed", {
                image: "img:1",
                gpu: { count: 1 },
                replicas: 1,
                spot: { enabled: true, fallbackToOnDemand: true, nodeSelector: pool.spotNodeSelector },
                nodeSelector: pool.nodeSelector,
                tolerations: pool.tolerations,
            });
            const spec = find(CR, "on-mixed").inputs.spec;
            assert.deepEqual(spec.nodeSelector, { "karpenter.sh/nodepool": "mixed-gpu" });
            assert.deepEqual(spec.tolerations, await valueOf(pool.tolerations));
            assert.deepEqual(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution, [
                { weight: 100, preference: { matchExpressions: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] }] } },
            ]);
        });
    });

    describe("rejects bad input with the component, the field and the rule", () => {
        const rejects = (name: string, args: any, expected: string) => {
            const error = errorOf(() => new NodePool(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
        };

        it("a GPU pool without a GPU resource name, or with one Kubernetes cannot use", () => {
            rejects(
                "no-gpu-name",
                { nodeClassRef: ec2, gpu: { resourceName: "" } },
                'NodePool "no-gpu-name": gpu.resourceName must not be empty: a GPU pool needs the GPU resource name its device plugin advertises, such as nvidia.com/gpu',
            );
            rejects("gpu-bare", { nodeClassRef: ec2, gpu: { resourceName: "gpu" } }, 'NodePool "gpu-bare": gpu.resourceName "gpu" must be an extended resource name with a domain, such as nvidia.com/gpu');
            rejects(
                "gpu-count",
                { nodeClassRef: ec2, gpu: { countPerNode: 4 } },
                'NodePool "gpu-count": gpu.countPerNode needs gpu.countLabel, the cloud\'s node label for GPUs per node (karpenter.k8s.aws/instance-gpu-count on AWS, karpenter.azure.com/sku-gpu-count on Azure)',
            );
            rejects("gpu-limit", { nodeClassRef: ec2, limits: { gpus: "4" } }, 'NodePool "gpu-limit": limits.gpus needs gpu: only a GPU pool has GPUs to limit');
        });

        it("taints with keys, values or effects Kubernetes does not accept", () => {
            rejects(
                "bad-taints",
                { nodeClassRef: ec2, taints: [{ key: "spot instance", value: "true", effect: "NoSchedule" }, { key: "spot", value: "yes please", effect: "NoSchedul" }] },
                'NodePool "bad-taints": 3 problems:\n' +
                    "  - taints[0].key \"spot instance\" must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends\n" +
                    "  - taints[1].value \"yes please\" must be a valid label value (at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends)\n" +
                    '  - taints[1].effect "NoSchedul" must be one of NoSchedule, PreferNoSchedule, NoExecute',
            );
            rejects(
                "bad-prefix",
                { nodeClassRef: ec2, taints: [{ key: "Example.com/gpu", effect: "NoSchedule" }] },
                `NodePool "bad-prefix": taints[0].key "Example.com/gpu" must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends`,
            );
        });

        it("values known only later, with the same message", async () => {
            const pool = new NodePool("later", { nodeClassRef: ec2, capacityTypes: pulumi.output(["reserved" as any]) });
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                pool.urn.apply(() => undefined);
                pool.nodeSelector.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            assert.match((failure as Error).message, /(^|: )NodePool "later": capacityTypes "reserved" must be one of spot, on-demand$/);
        });

        it("capacity types outside spot and on-demand", () => {
            rejects("reserved", { nodeClassRef: ec2, capacityTypes: ["reserved"] }, 'NodePool "reserved": capacityTypes "reserved" must be one of spot, on-demand');
            rejects("none", { nodeClassRef: ec2, capacityTypes: [] }, 'NodePool "none": capacityTypes must name at least one of spot, on-demand');
            rejects("twice", { nodeClassRef: ec2, capacityTypes: ["spot", "spot"] }, 'NodePool "twice": capacityTypes ["spot","spot"] must not repeat a capacity type');
        });

        it("a node class reference Karpenter v1 would refuse", () => {
            rejects(
                "no-class",
                { nodeClassRef: { group: "karpenter.k8s.aws/v1", kind: "", name: "default" } },
                'NodePool "no-class": 2 problems:\n  - nodeClassRef.kind must not be empty: Karpenter v1 needs the node class\'s group, kind and name\n  - nodeClassRef.group "karpenter.k8s.aws/v1" must be an API group without a version, such as "karpenter.k8s.aws"',
            );
        });

        it("requirements, labels, limits, disruption and weight outside Karpenter's schema", () => {
            rejects(
                "bad-reqs",
                {
                    nodeClassRef: ec2,
                    requirements: [
                        { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] },
                        { key: "kubernetes.io/hostname", operator: "Exists" },
                        { key: "example.com/cpu", operator: "Gt", values: ["4", "8"] },
                        { key: "example.com/family", operator: "In", values: [] },
                        { key: "example.com/x", operator: "Near" },
                    ],
                },
                'NodePool "bad-reqs": 5 problems:\n' +
                    '  - requirements[0].key "karpenter.sh/capacity-type" is set by capacityTypes; give the capacity types there\n' +
                    '  - requirements[1].key "kubernetes.io/hostname" uses the label domain "kubernetes.io", which Karpenter reserves\n' +
                    '  - requirements[2].values ["4","8"] must be a single whole number with operator Gt\n' +
                    "  - requirements[3].values must not be empty with operator In\n" +
                    '  - requirements[4].operator "Near" must be one of In, NotIn, Exists, DoesNotExist, Gt, Lt',
            );
            rejects("bad-label", { nodeClassRef: ec2, labels: { "karpenter.sh/nodepool": "x" } }, 'NodePool "bad-label": labels key "karpenter.sh/nodepool" uses the label domain "karpenter.sh", which Karpenter reserves');
            rejects("bad-limit", { nodeClassRef: ec2, limits: { memory: "1000GB" } }, 'NodePool "bad-limit": limits.memory "1000GB" must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3');
            rejects(
                "bad-disruption",
                {
                    nodeClassRef: ec2,
                    disruption: { consolidationPolicy: "WhenUnderutilized", consolidateAfter: "5 minutes", budgets: [{ nodes: "110%" }, { nodes: "1", schedule: "@daily" }] },
                },
                'NodePool "bad-disruption": 4 problems:\n' +
                    '  - disruption.consolidationPolicy "WhenUnderutilized" must be one of WhenEmpty, WhenEmptyOrUnderutilized\n' +
                    '  - disruption.consolidateAfter "5 minutes" must be a duration in s, m and h such as "30s" or "1h30m", or "Never"\n' +
                    '  - disruption.budgets[0].nodes "110%" must be a count such as "1" or a percentage such as "10%"\n' +
                    "  - disruption.budgets[1] must set schedule and duration together",
            );
            rejects("bad-weight", { nodeClassRef: ec2, weight: 0 }, 'NodePool "bad-weight": weight 0 must be a whole number from 1 to 100');
            rejects("bad-expiry", { nodeClassRef: ec2, expireAfter: "30d" }, 'NodePool "bad-expiry": expireAfter "30d" must be a duration in s, m and h such as "720h", or "Never"');
            rejects(
                "Bad_Name",
                { nodeClassRef: ec2 },
                `NodePool "Bad_Name": name "Bad_Name" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
        });
    });
});
