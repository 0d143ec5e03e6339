// The quickstart through the real Pulumi engine, Node.js language host and Kubernetes provider,
// against a real kube-apiserver: up, no-change preview, the guide's kubectl commands, the CRD's
// server-side validation, and destroy.
import { strict as assert } from "assert";
import { kubectlJson, ok, run } from "./run";

const stack = process.env.E2E_STACK ?? "e2e";

describe("quickstart, end to end", function () {
    this.timeout(15 * 60 * 1000);

    before(() => {
        run("pulumi", ["stack", "rm", "--yes", "--force", stack]);
        ok("pulumi", ["stack", "init", stack]);
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

    it("a second preview shows no changes", () => {
        ok("pulumi", ["preview", "--expect-no-changes", "--stack", stack]);
    });

    it("the guide's kubectl patch and kubectl scale change the replicas through the API", () => {
        ok("kubectl", ["patch", "llamastackdistribution", "my-llamastack", "--type=merge", "-p", '{"spec":{"replicas":3}}']);
        assert.equal(kubectlJson(["get", "llsd", "my-llamastack"]).spec.replicas, 3);

        ok("kubectl", ["scale", "llamastackdistribution", "my-llamastack", "--replicas=4"]);
        assert.equal(kubectlJson(["get", "llsd", "my-llamastack"]).spec.replicas, 4);
        const scale = JSON.parse(ok("kubectl", ["get", "--raw", "/apis/llamastack.io/v1alpha1/namespaces/default/llamastackdistributions/my-llamastack/scale"]));
        assert.equal(scale.kind, "Scale");
        assert.equal(scale.spec.replicas, 4);
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

    it("pulumi destroy removes everything it created", () => {
        ok("pulumi", ["destroy", "--yes", "--skip-preview", "--stack", stack]);
        assert.equal(run("kubectl", ["get", "service", "my-llamastack"]).status, 1);
        assert.equal(run("kubectl", ["get", "crd", "llamastackdistributions.llamastack.io"]).status, 1);
    });
});
