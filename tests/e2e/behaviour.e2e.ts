// The guide's behaviour on the local cluster: the real HPA controller, VPA recommender, scheduler,
// disruption budgets and eviction API acting on pods that kwok runs (no container runs: kwok moves
// the pods through their lifecycle, and their CPU usage is emulated from an annotation).
import { strict as assert } from "assert";
import * as path from "path";
import { endpointPods, podZones, readyPodCount, runningPods } from "./pods";
import { eventually, freshStack, kubectlJson, ok, repoRoot, run } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "behaviour");

/** Sets the emulated CPU usage of every Running pod of a distribution. */
function setCpuUsage(app: string, usage: string): void {
    for (const pod of runningPods(app)) {
        ok("kubectl", ["annotate", "pod", pod.metadata.name, "--overwrite", `kwok.x-k8s.io/usage-cpu=${usage}`]);
    }
}

/** POSTs an Eviction for a pod; returns the API server's answer (201, or 429 when a budget forbids it). */
function evict(pod: string): { allowed: boolean; message: string } {
    const eviction = JSON.stringify({ apiVersion: "policy/v1", kind: "Eviction", metadata: { name: pod, namespace: "default" } });
    const result = run("kubectl", ["create", "--raw", `/api/v1/namespaces/default/pods/${pod}/eviction`, "-f", "-"], { input: eviction });
    return { allowed: result.status === 0, message: result.stderr };
}

describe("the guide's behaviour on the local cluster", function () {
    this.timeout(15 * 60 * 1000);
    const pulumi = freshStack(cwd, "behaviour");

    before(() => {
        // `pulumi up` itself waits until every distribution is serving.
        pulumi("up", "--yes", "--skip-preview");
    });

    it("HPA: emulated CPU above the target scales the distribution up through its scale subresource, and back down", async () => {
        // `pulumi up` returned once the distribution served at the CRD's default of 1 replica; the
        // HPA raises it to its minimum at its first look (every 5 s here).
        await eventually("the HPA's minimum of 2 Ready pods", () => readyPodCount("hpa-llamastack") === 2, 60000, 1000);
        // Two pods at 1.5 CPU of a 1 CPU request: 150% against a 50% target → 6 (the maximum).
        setCpuUsage("hpa-llamastack", "1500m");
        await eventually("the HPA to see the usage", () => {
            const current = kubectlJson(["get", "hpa", "hpa-llamastack"]).status.currentMetrics?.[0]?.resource?.current?.averageUtilization;
            return typeof current === "number" && current >= 100;
        }, 120000, 2000);
        await eventually("the HPA to raise the distribution's replicas", () => kubectlJson(["get", "llsd", "hpa-llamastack"]).spec.replicas > 2, 60000, 1000);
        await eventually("the new pods Ready", () => readyPodCount("hpa-llamastack") >= 4, 60000, 1000);
        const hpaView = ok("kubectl", ["get", "hpa", "hpa-llamastack"]);
        assert.match(hpaView, /cpu: \d+%\/50%/, "kubectl get hpa shows the real current utilization");

        // Idle again: after the 15 s scale-down window the HPA returns to its minimum.
        setCpuUsage("hpa-llamastack", "10m");
        await eventually("scale-down to the minimum", () => kubectlJson(["get", "llsd", "hpa-llamastack"]).spec.replicas === 2, 180000, 2000);
        await eventually("two pods left", () => runningPods("hpa-llamastack").length === 2, 60000, 1000);
        assert.equal(kubectlJson(["get", "llsd", "hpa-llamastack"]).status.readyReplicas, 2);
    });

    it("VPA: the recommender writes a recommendation for the distribution, found through its scale subresource", async () => {
        setCpuUsage("vpa-llamastack", "700m");
        await eventually("a VPA recommendation", () => {
            const vpa = kubectlJson(["get", "verticalpodautoscaler", "vpa-llamastack"]);
            return (vpa.status?.recommendation?.containerRecommendations ?? []).length > 0;
        }, 180000, 2000);
        const vpa = kubectlJson(["get", "verticalpodautoscaler", "vpa-llamastack"]);
        const recommendation = vpa.status.recommendation.containerRecommendations[0];
        assert.equal(recommendation.containerName, "llamastack");
        assert.ok(recommendation.target.cpu, "a CPU target");
        assert.ok(recommendation.target.memory, "a memory target");
        assert.equal(vpa.status.conditions.find((c: any) => c.type === "RecommendationProvided")?.status, "True");
    });

    it("a drain: the eviction API refuses what the budget forbids, the pods move, none is lost", async () => {
        const nodes: string[] = kubectlJson(["get", "nodes", "-l", "llamastack.io/static-node=true"]).items.map((n: any) => n.metadata.name);
        try {
            // With nowhere to reschedule, the budget (maxUnavailable 1) allows one eviction, not two.
            for (const node of nodes) ok("kubectl", ["cordon", node]);
            const [first, second] = runningPods("drain-llamastack").map((p) => p.metadata.name);
            assert.equal(evict(first).allowed, true, "the first eviction is within the budget");
            const refused = evict(second);
            assert.equal(refused.allowed, false, "the second eviction would break the budget");
            assert.match(refused.message, /disruption budget/);
        } finally {
            for (const node of nodes) ok("kubectl", ["uncordon", node]);
        }
        await eventually("three Ready pods again", () => readyPodCount("drain-llamastack") === 3, 60000, 1000);

        // kubectl drain of a node holding a replica: it waits for the budget and moves the pods.
        const target = runningPods("drain-llamastack")[0].spec.nodeName;
        ok("kubectl", ["drain", target, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=120s"]);
        try {
            const pods = runningPods("drain-llamastack");
            assert.equal(pods.length, 3, "no replica lost");
            assert.ok(pods.every((p) => p.spec.nodeName !== target), "none left on the drained node");
            await eventually("the Service's endpoints follow", () => endpointPods("drain-llamastack").length === 3, 30000);
        } finally {
            ok("kubectl", ["uncordon", target]);
        }
    });

    it("topology spread: the controller passes the constraint and the scheduler spreads replicas over the zones", async () => {
        const distribution = {
            apiVersion: "llamastack.io/v1alpha1",
            kind: "LlamaStackDistribution",
            metadata: { name: "spread-llamastack", namespace: "default" },
            spec: {
                image: "llamastack/distribution-ollama:0.2.0",
                replicas: 4,
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
                topologySpreadConstraints: [
                    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" },
                ],
            },
        };
        ok("kubectl", ["apply", "-f", "-"], { input: JSON.stringify(distribution) });
        try {
            await eventually("4 Ready pods", () => readyPodCount("spread-llamastack") === 4, 60000, 1000);
            const zones = podZones("spread-llamastack").sort();
            assert.deepEqual(zones, ["zone-a", "zone-a", "zone-b", "zone-b"]);
        } finally {
            ok("kubectl", ["delete", "llsd", "spread-llamastack", "--wait=true"]);
        }
    });

    it("a GPU quota: a distribution over it gets no pods, and its status says why", async () => {
        const namespace = JSON.parse(pulumi("stack", "output", "--json")).overQuotaNamespace;
        await eventually("the quota refusal in the distribution's status", () => {
            const status = kubectlJson(["get", "llsd", "over-quota", "-n", namespace]).status ?? {};
            const degraded = (status.conditions ?? []).find((c: any) => c.type === "Degraded");
            return degraded?.status === "True" && /exceeded quota/.test(degraded.message);
        }, 60000, 1000);
        const status = kubectlJson(["get", "llsd", "over-quota", "-n", namespace]).status;
        assert.equal(status.phase, "Degraded");
        assert.equal(status.readyReplicas ?? 0, 0);
        assert.equal(kubectlJson(["get", "pods", "-n", namespace, "-l", "app=over-quota"]).items.length, 0, "no pod was admitted");
    });

    it("pulumi up fails on a distribution the cluster cannot run, instead of reporting success", () => {
        pulumi("config", "set", "unschedulable", "true");
        try {
            const result = run("pulumi", ["up", "--yes", "--skip-preview", "--stack", "behaviour"], { cwd });
            assert.notEqual(result.status, 0, "pulumi up must fail");
            const output = result.stdout + result.stderr;
            assert.match(output, /stuck-llamastack/);
            // The controller's Warning event, with the scheduler's reason, reaches the user.
            assert.match(output, /pods cannot be scheduled: 0\/\d+ nodes are available/);
            const progressing = kubectlJson(["get", "llsd", "stuck-llamastack"]).status.conditions.find((c: any) => c.type === "Progressing");
            assert.equal(progressing.reason, "PodsUnschedulable");
            const pods = kubectlJson(["get", "pods", "-l", "app=stuck-llamastack"]).items;
            assert.ok(pods.length > 0 && pods.every((p: any) => p.status.phase === "Pending"), "its pods exist and stay Pending");
        } finally {
            pulumi("config", "rm", "unschedulable");
            pulumi("up", "--yes", "--skip-preview");
        }
        assert.equal(run("kubectl", ["get", "llsd", "stuck-llamastack"]).status, 1, "removed by the next up");
    });
});
