// The quickstart through the real Pulumi engine, Node.js language host and Kubernetes provider,
// against a real kube-apiserver: up, no-change preview, the guide's kubectl commands, the CRD's
// server-side validation, and destroy.
import { strict as assert } from "assert";
import { rmSync } from "fs";
import * as path from "path";
import { endpointPods, readyPodCount, runningPods } from "./pods";
import { eventually, kubectlJson, ok, repoRoot, run } from "./run";

const stack = process.env.E2E_STACK ?? "e2e";

describe("quickstart, end to end", function () {
    this.timeout(15 * 60 * 1000);

    before(() => {
        // A stack left by an interrupted run, and its config file, must not leak into this one.
        rmSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), { force: true });
        run("pulumi", ["stack", "rm", "--yes", "--force", stack]);
        ok("pulumi", ["stack", "init", stack]);
        // The local cluster has no load balancer; everything else is awaited.
        ok("pulumi", ["config", "set", "localCluster", "true", "--stack", stack]);
    });

    after(() => {
        // Leave nothing behind even when a test failed half-way.
        run("pulumi", ["destroy", "--yes", "--skip-preview", "--stack", stack]);
        run("pulumi", ["stack", "rm", "--yes", "--force", stack]);
    });

    it("pulumi up creates the CRD, the distribution, its Service and its PodDisruptionBudget", () => {
        ok("pulumi", ["up", "--yes", "--skip-preview", "--stack", stack]);

        const crd = kubectlJson(["get", "crd", "llamastackdistributions.llamastack.io"]);
        const established = crd.status.conditions.find((c: any) => c.type === "Established");
        assert.equal(established?.status, "True");
        assert.deepEqual(crd.spec.versions[0].subresources.scale, {
            specReplicasPath: ".spec.replicas",
            statusReplicasPath: ".status.replicas",
            labelSelectorPath: ".status.selector",
        });

        const distribution = kubectlJson(["get", "llamastackdistribution", "my-llamastack", "-n", "default"]);
        assert.equal(distribution.spec.image, "llamastack/distribution-ollama:0.2.0");
        assert.equal(distribution.spec.replicas, 2);
        assert.equal(distribution.spec.port, 8321);
        assert.deepEqual(distribution.spec.resources, {
            requests: { cpu: "1", memory: "2Gi" },
            limits: { cpu: "2", memory: "4Gi" },
        });

        const service = kubectlJson(["get", "service", "my-llamastack", "-n", "default"]);
        assert.equal(service.spec.type, "LoadBalancer");
        assert.deepEqual(service.spec.selector, { app: "my-llamastack" });
        assert.equal(service.spec.ports[0].port, 8080);
        assert.equal(service.spec.ports[0].targetPort, 8321);
        assert.equal(service.spec.sessionAffinity, "None");

        const pdb = kubectlJson(["get", "poddisruptionbudget", "my-llamastack", "-n", "default"]);
        assert.deepEqual(pdb.spec.selector.matchLabels, { app: "my-llamastack" });
    });

    it("pulumi up returns with 2 pods Running and Ready on the cluster's nodes, and the Service's endpoints are exactly those pods", () => {
        // No waiting here: `pulumi up` waited for the distribution to serve.
        const distribution = kubectlJson(["get", "llsd", "my-llamastack", "-n", "default"]);
        assert.equal(distribution.status.readyReplicas, 2);
        assert.equal(distribution.status.phase, "Ready");
        const pods = runningPods("my-llamastack");
        assert.equal(pods.length, 2);
        for (const pod of pods) {
            assert.ok(pod.spec.nodeName, `${pod.metadata.name} is bound to a node`);
            assert.equal(pod.status.phase, "Running");
            assert.equal(pod.status.conditions.find((c: any) => c.type === "Ready")?.status, "True");
        }
        assert.deepEqual(endpointPods("my-llamastack"), pods.map((p) => p.metadata.name).sort());
    });

    it("the guide's monitoring command answers: kubectl top pods -l app=my-llamastack", async () => {
        // metrics-server scrapes every 15 s and needs two samples of a pod for its CPU rate.
        await eventually("kubectl top pods", () => {
            const top = run("kubectl", ["top", "pods", "-l", "app=my-llamastack", "--no-headers"]);
            return top.status === 0 && top.stdout.trim().split("\n").length === 2;
        }, 180000, 3000);
        const lines = ok("kubectl", ["top", "pods", "-l", "app=my-llamastack", "--no-headers"]).trim().split("\n");
        for (const line of lines) {
            assert.match(line, /^my-llamastack-\S+\s+\d+m\s+\d+Mi\s*$/, "a pod, its CPU and memory");
        }
    });

    it("the controller turns the distribution into a Deployment and reports the selector the HPA needs", async () => {
        await eventually("Deployment my-llamastack", () => run("kubectl", ["get", "deployment", "my-llamastack"]).status === 0);
        const deployment = kubectlJson(["get", "deployment", "my-llamastack"]);
        assert.equal(deployment.spec.replicas, 2);
        assert.deepEqual(deployment.spec.selector.matchLabels, { app: "my-llamastack" });
        const container = deployment.spec.template.spec.containers[0];
        assert.equal(container.name, "llamastack");
        assert.equal(container.image, "llamastack/distribution-ollama:0.2.0");
        assert.deepEqual(container.resources, { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } });
        assert.equal(deployment.metadata.ownerReferences[0].kind, "LlamaStackDistribution");
        await eventually("status.selector", () => kubectlJson(["get", "llsd", "my-llamastack"]).status?.selector === "app=my-llamastack");
    });

    it("a second preview shows no changes", () => {
        ok("pulumi", ["preview", "--expect-no-changes", "--stack", stack]);
    });

    it("the guide's kubectl patch and kubectl scale change the replicas through the API", async () => {
        ok("kubectl", ["patch", "llamastackdistribution", "my-llamastack", "--type=merge", "-p", '{"spec":{"replicas":3}}']);
        assert.equal(kubectlJson(["get", "llsd", "my-llamastack"]).spec.replicas, 3);

        ok("kubectl", ["scale", "llamastackdistribution", "my-llamastack", "--replicas=4"]);
        assert.equal(kubectlJson(["get", "llsd", "my-llamastack"]).spec.replicas, 4);
        const scale = JSON.parse(ok("kubectl", ["get", "--raw", "/apis/llamastack.io/v1alpha1/namespaces/default/llamastackdistributions/my-llamastack/scale"]));
        assert.equal(scale.kind, "Scale");
        assert.equal(scale.spec.replicas, 4);
        await eventually("the Deployment follows kubectl scale", () => kubectlJson(["get", "deployment", "my-llamastack"]).spec.replicas === 4);
        await eventually("4 pods Running and Ready", () => readyPodCount("my-llamastack") === 4, 60000);
        await eventually("readyReplicas 4", () => kubectlJson(["get", "llsd", "my-llamastack"]).status.readyReplicas === 4, 30000);

        // And down again: the pods follow.
        ok("kubectl", ["scale", "llamastackdistribution", "my-llamastack", "--replicas=2"]);
        await eventually("2 pods left", () => kubectlJson(["get", "pods", "-l", "app=my-llamastack"]).items.length === 2, 60000);
        await eventually("the endpoints follow", () => endpointPods("my-llamastack").length === 2, 30000);
    });

    it("the API server rejects the guide's GPU example and limits below requests with the CRD's messages", () => {
        const gpu = run("kubectl", ["apply", "-f", "-"], {
            input: JSON.stringify({
                apiVersion: "llamastack.io/v1alpha1",
                kind: "LlamaStackDistribution",
                metadata: { name: "bad-gpu", namespace: "default" },
                spec: { image: "img:1", resources: { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "2" } } },
            }),
        });
        assert.notEqual(gpu.status, 0);
        assert.match(gpu.stderr, /extended resources such as nvidia\.com\/gpu cannot be overcommitted/);

        const limits = run("kubectl", ["apply", "-f", "-"], {
            input: JSON.stringify({
                apiVersion: "llamastack.io/v1alpha1",
                kind: "LlamaStackDistribution",
                metadata: { name: "bad-limits", namespace: "default" },
                spec: { image: "img:1", resources: { requests: { cpu: "2" }, limits: { cpu: "1500m" } } },
            }),
        });
        assert.notEqual(limits.status, 0);
        assert.match(limits.stderr, /limits must be greater than or equal to requests/);

        const negative = run("kubectl", ["apply", "-f", "-"], {
            input: JSON.stringify({
                apiVersion: "llamastack.io/v1alpha1",
                kind: "LlamaStackDistribution",
                metadata: { name: "bad-replicas", namespace: "default" },
                spec: { image: "img:1", replicas: -1 },
            }),
        });
        assert.notEqual(negative.status, 0);
        assert.match(negative.stderr, /spec\.replicas/);

        // Equal quantities in other notations are accepted: 0.5 == 500m, 1Gi == 1024Mi.
        ok("kubectl", ["apply", "-f", "-"], {
            input: JSON.stringify({
                apiVersion: "llamastack.io/v1alpha1",
                kind: "LlamaStackDistribution",
                metadata: { name: "good-notations", namespace: "default" },
                spec: { image: "img:1", resources: { requests: { cpu: "0.5", memory: "1Gi", "nvidia.com/gpu": "1" }, limits: { cpu: "500m", memory: "1024Mi", "nvidia.com/gpu": 1 } } },
            }),
        });
        ok("kubectl", ["delete", "llsd", "good-notations", "--wait=true"]);
    });

    it("pulumi destroy removes everything it created but the CRD and its guard, which it keeps", () => {
        ok("pulumi", ["destroy", "--yes", "--skip-preview", "--stack", stack]);
        assert.equal(run("kubectl", ["get", "service", "my-llamastack"]).status, 1);
        assert.equal(run("kubectl", ["get", "llsd", "my-llamastack"]).status, 1);
        assert.equal(run("kubectl", ["get", "deployment", "my-llamastack"]).status, 1);
        // Deleting the CRD would delete every distribution in the cluster (deleteCrdOnDestroy opts in).
        assert.equal(run("kubectl", ["get", "crd", "llamastackdistributions.llamastack.io"]).status, 0);
        assert.equal(run("kubectl", ["get", "validatingadmissionpolicy", "llamastack-crd-guard"]).status, 0);
    });
});
