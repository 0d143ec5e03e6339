// GPU and spot capacity through Karpenter on the local cluster: our NodePool, Karpenter's kwok
// provider launching nodes from scripts/cluster/instance-types.json (kwok keeps them Ready and runs
// their pods in simulation), the real scheduler placing the pods.
import { strict as assert } from "assert";
import * as path from "path";
import { runningPods } from "./pods";
import { eventually, freshStack, kubectlJson, repoRoot } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "karpenter");

function nodesByName(): Map<string, any> {
    return new Map(kubectlJson(["get", "nodes"]).items.map((node: any) => [node.metadata.name, node]));
}

function gpuPods(): any[] {
    return kubectlJson(["get", "pods", "-l", "app=gpu-llamastack"]).items.filter((p: any) => !p.metadata.deletionTimestamp);
}

describe("GPU and spot capacity through Karpenter", function () {
    this.timeout(15 * 60 * 1000);
    const pulumi = freshStack(cwd, "karpenter");

    function deploy(gpuInstanceType: string, fallbackToOnDemand: boolean, expectPending = false): void {
        pulumi("config", "set", "gpuInstanceType", gpuInstanceType);
        pulumi("config", "set", "fallbackToOnDemand", String(fallbackToOnDemand));
        pulumi("config", "set", "expectPending", String(expectPending));
        pulumi("up", "--yes", "--skip-preview");
    }

    it("without spot capacity and without fallback, the GPU pods stay Pending and say why", async () => {
        deploy("gpu-8x-on-demand-only", false, true);
        await eventually("Karpenter to give up on the pods", () => {
            const events = kubectlJson(["get", "events", "--field-selector", "involvedObject.kind=Pod"]).items;
            return events.some((e: any) => e.source?.component === "karpenter" && /gpu-llamastack/.test(e.involvedObject.name) && e.type === "Warning");
        }, 120000, 2000);
        const pods = gpuPods();
        assert.equal(pods.length, 2);
        for (const pod of pods) {
            assert.equal(pod.status.phase, "Pending");
            const scheduled = pod.status.conditions?.find((c: any) => c.type === "PodScheduled");
            assert.equal(scheduled?.status, "False");
            assert.equal(scheduled?.reason, "Unschedulable");
        }
        const nodeClaims = kubectlJson(["get", "nodeclaims"]).items;
        assert.deepEqual(nodeClaims.map((c: any) => c.metadata.name), [], "no node was launched");
        // The plain distribution runs meanwhile, on the static CPU nodes.
        await eventually("the CPU distribution's pods", () => runningPods("cpu-llamastack").length === 2, 60000);
    });

    it("spot-only: pending GPU pods make Karpenter launch spot GPU nodes with the guide's labels and taints, and land only there", async () => {
        const started = Date.now();
        deploy("gpu-1x", false);
        // `pulumi up` returned: the distribution is serving.
        console.log(`      (pulumi up with Karpenter launching GPU nodes: ${Math.round((Date.now() - started) / 1000)} s)`);
        const nodes = nodesByName();
        const pods = runningPods("gpu-llamastack");
        assert.equal(pods.length, 2);
        for (const pod of pods) {
            const node = nodes.get(pod.spec.nodeName);
            const labels = node.metadata.labels;
            assert.equal(labels["karpenter.sh/nodepool"], "gpu", `${pod.metadata.name} is on a node of our pool`);
            assert.equal(labels["node-type"], "spot", "the guide's spot label");
            assert.equal(labels["karpenter.sh/capacity-type"], "spot");
            assert.equal(labels["node.kubernetes.io/instance-type"], "gpu-1x");
            assert.equal(node.status.allocatable["nvidia.com/gpu"], "1");
            const taints = (node.spec.taints ?? []).map((t: any) => `${t.key}=${t.value ?? ""}:${t.effect}`).sort();
            assert.deepEqual(taints, ["nvidia.com/gpu=:NoSchedule", "spot=true:NoSchedule"]);
        }
        // The distribution without a GPU never lands on a GPU node.
        for (const pod of runningPods("cpu-llamastack")) {
            assert.equal(nodes.get(pod.spec.nodeName).status.allocatable["nvidia.com/gpu"], undefined, `${pod.metadata.name} is on a CPU node`);
        }
    });

    it("with fallbackToOnDemand and no spot capacity left, the GPU pods land on on-demand nodes", async () => {
        deploy("gpu-8x-on-demand-only", true);
        await eventually("the new pods to replace the spot ones", () => {
            const pods = runningPods("gpu-llamastack");
            const nodes = nodesByName();
            return pods.length === 2 && pods.every((p) => nodes.get(p.spec.nodeName)?.metadata.labels["karpenter.sh/capacity-type"] === "on-demand");
        }, 120000, 2000);
        const nodes = nodesByName();
        for (const pod of runningPods("gpu-llamastack")) {
            assert.equal(nodes.get(pod.spec.nodeName).metadata.labels["node.kubernetes.io/instance-type"], "gpu-8x-on-demand-only");
        }
    });
});
