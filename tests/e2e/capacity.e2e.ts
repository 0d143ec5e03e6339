// examples/spot-gpu against a real API server that has Karpenter's own NodePool CRD (the local
// cluster installs the CRDs of sigs.k8s.io/karpenter v1.13.0, from its Go module, for the
// Karpenter controller it runs): the NodePool the package writes must pass Karpenter's schema and
// CEL rules server-side, and the Distribution must get the pool's selector and tolerations. The
// example's pool references an AWS EC2NodeClass, which the local cluster's kwok provider does not
// serve, so no node is launched here (tests/e2e/karpenter.e2e.ts launches them).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kubectlJson, ok, repoRoot, run } from "./run";

describe("GPU and spot capacity (examples/spot-gpu) against Karpenter's NodePool CRD, end to end", function () {
    this.timeout(15 * 60 * 1000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "llamastack-capacity-"));
    const dir = path.join(work, "spot-gpu");
    const stack = "capacity";
    const pulumi = (...args: string[]) => ok("pulumi", [...args, "--stack", stack], { cwd: dir });
    const ourCrd = path.join(repoRoot, "crds", "llamastack.io_llamastackdistributions.yaml");

    before(() => {
        // The example expects the operator installed already; its CRD is what matters here.
        ok("kubectl", ["apply", "--server-side", "-f", ourCrd]);
        ok("kubectl", ["wait", "--for", "condition=established", "--timeout=60s", "crd/nodepools.karpenter.sh", "crd/llamastackdistributions.llamastack.io"]);

        fs.cpSync(path.join(repoRoot, "examples", "spot-gpu"), dir, { recursive: true, filter: (src) => !/\/node_modules$/.test(src) });
        fs.rmSync(path.join(dir, "package.json"));
        fs.mkdirSync(path.join(dir, "node_modules"));
        for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
            fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(dir, "node_modules", entry));
        }
        fs.symlinkSync(repoRoot, path.join(dir, "node_modules", "llamastack"));
        fs.copyFileSync(path.join(repoRoot, "quickstart", "tsconfig.json"), path.join(dir, "tsconfig.json"));
        ok("pulumi", ["stack", "init", stack], { cwd: dir });
        pulumi("config", "set", "skipAwait", "true");
    });

    after(() => {
        if (fs.existsSync(dir)) {
            run("pulumi", ["destroy", "--yes", "--skip-preview", "--stack", stack], { cwd: dir });
            run("pulumi", ["stack", "rm", "--yes", "--force", stack], { cwd: dir });
        }
        run("kubectl", ["delete", "--ignore-not-found", "-f", ourCrd]);
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("pulumi up: Karpenter's CRD accepts the NodePool, and the distribution lands on it", () => {
        pulumi("up", "--yes", "--skip-preview");

        const pool = kubectlJson(["get", "nodepool", "spot-gpu"]);
        const template = pool.spec.template;
        assert.equal(template.metadata.labels["node-type"], "spot");
        assert.deepEqual(
            template.spec.taints.map((t: any) => `${t.key}=${t.value ?? ""}:${t.effect}`).sort(),
            ["nvidia.com/gpu=:NoSchedule", "spot=true:NoSchedule"],
        );
        const requirement = (key: string) => template.spec.requirements.find((r: any) => r.key === key);
        assert.deepEqual(requirement("karpenter.sh/capacity-type").values, ["spot"]);
        assert.deepEqual(requirement("karpenter.k8s.aws/instance-family").values, ["g5", "g6"]);
        assert.deepEqual(template.spec.nodeClassRef, { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" });
        assert.equal(pool.spec.limits["nvidia.com/gpu"], "8");
        assert.equal(pool.spec.disruption.consolidationPolicy, "WhenEmpty");
        assert.equal(pool.spec.disruption.consolidateAfter, "10m");

        // The distribution carries exactly the pool's selector (its node labels, plus the
        // karpenter.sh/nodepool label Karpenter puts on every node it launches for the pool) and
        // tolerations, and a GPU.
        const poolNodes = { ...template.metadata.labels, "karpenter.sh/nodepool": "spot-gpu" };
        const distribution = kubectlJson(["get", "llsd", "my-llamastack", "-n", "llm"]);
        assert.deepEqual(distribution.spec.nodeSelector, poolNodes);
        const tolerated = distribution.spec.tolerations.map((t: any) => `${t.key}:${t.effect}`).sort();
        for (const taint of template.spec.taints) {
            assert.ok(tolerated.includes(`${taint.key}:${taint.effect}`), `tolerates ${taint.key}:${taint.effect}`);
        }
        assert.equal(distribution.spec.resources.limits["nvidia.com/gpu"], "1");
        assert.equal(distribution.spec.replicas, 2);
        assert.ok(kubectlJson(["get", "pdb", "my-llamastack", "-n", "llm"]));

        // The namespace enforces restricted Pod Security and the guide's 2x ratio at admission.
        const namespace = kubectlJson(["get", "namespace", "llm"]);
        assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        const limitRange = kubectlJson(["get", "limitrange", "-n", "llm"]).items[0];
        assert.equal(limitRange.spec.limits[0].maxLimitRequestRatio.cpu, "2");
        const quota = kubectlJson(["get", "resourcequota", "-n", "llm"]).items[0];
        assert.equal(quota.spec.hard["requests.nvidia.com/gpu"], "8");

        // The NVIDIA device plugin runs on the pool's nodes only.
        const plugins = kubectlJson(["get", "daemonsets", "-A", "-l", "app.kubernetes.io/name=nvidia-device-plugin"]).items;
        assert.equal(plugins.length, 1);
        assert.deepEqual(plugins[0].spec.template.spec.nodeSelector, poolNodes);
    });

    it("a second preview shows no changes", () => {
        pulumi("preview", "--expect-no-changes");
    });

    it("Karpenter's CRD also refuses a requirement the component refuses (operator In with no values)", () => {
        // The component says `requirements[0].values must not be empty with operator In` before
        // anything is sent (unit tests); the API server, given the object directly, agrees.
        const bad = run("kubectl", ["apply", "--dry-run=server", "-f", "-"], {
            input: JSON.stringify({
                apiVersion: "karpenter.sh/v1",
                kind: "NodePool",
                metadata: { name: "bad-pool" },
                spec: {
                    template: {
                        spec: {
                            nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
                            requirements: [{ key: "karpenter.k8s.aws/instance-family", operator: "In", values: [] }],
                        },
                    },
                },
            }),
        });
        assert.notEqual(bad.status, 0, "the API server must refuse the NodePool");
        assert.match(bad.stderr, /requirements with operator 'In' must have a value defined/);
    });
});
