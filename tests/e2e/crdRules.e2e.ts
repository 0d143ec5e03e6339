// The CRD's own rules on the real API server (applied from crds/, as kubectl users install it): what the
// Distribution component refuses, `kubectl apply` of a LlamaStackDistribution is refused too, with the
// same reason (issues 18, 19). Server-side dry runs: nothing is stored.
import { strict as assert } from "assert";
import * as path from "path";
import { ok, repoRoot, run } from "./run";

const namespace = "crd-rules";
const crdFile = path.join(repoRoot, "crds", "llamastack.io_llamastackdistributions.yaml");

function dryRun(name: string, spec: Record<string, unknown>) {
    const manifest = { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", metadata: { name, namespace }, spec: { image: "llamastack/distribution-ollama:0.2.0", ...spec } };
    return run("kubectl", ["apply", "--dry-run=server", "-f", "-"], { input: JSON.stringify(manifest) });
}

describe("the CRD's rules, on the real API server", function () {
    this.timeout(3 * 60 * 1000);

    before(() => {
        ok("kubectl", ["apply", "--server-side", "-f", crdFile]);
        ok("kubectl", ["wait", "--for", "condition=established", "--timeout=60s", "crd/llamastackdistributions.llamastack.io"]);
        ok("kubectl", ["create", "namespace", namespace]);
    });

    after(() => {
        run("kubectl", ["delete", "namespace", namespace, "--wait=false"]);
    });

    it("accepts a distribution that uses every rule's good side", () => {
        const result = dryRun("good", {
            resources: { requests: { cpu: "1", "nvidia.com/gpu": 1 }, limits: { cpu: "2", "nvidia.com/gpu": "1" } },
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }, { key: "spot", value: "true", effect: "NoSchedule" }, { operator: "Exists" }],
            nodeSelector: { "karpenter.sh/capacity-type": "spot", "node-type": "gpu" },
            podLabels: { team: "ml", "example.com/tier": "" },
            podAnnotations: { "prometheus.io/scrape": "true" },
            tls: { secretName: "good-tls", certificateName: "good-tls" },
            caBundle: { configMapName: "corp-ca" },
        });
        assert.equal(result.status, 0, result.stderr);
    });

    it("refuses, each with its reason, what the component refuses", () => {
        const refusals: [string, Record<string, unknown>, RegExp][] = [
            ["fractional-gpu", { resources: { requests: { "nvidia.com/gpu": "0.5" }, limits: { "nvidia.com/gpu": "0.5" } } }, /extended resources such as nvidia.com\/gpu are counted in whole units/],
            ["bad-resource", { resources: { requests: { "cpu count": "1" } } }, /resource names must be qualified names/],
            ["bad-taint-key", { tolerations: [{ key: "spot instance", operator: "Exists" }] }, /must be a taint key/],
            ["bad-taint-value", { tolerations: [{ key: "spot", value: "yes please", effect: "NoSchedule" }] }, /must be a taint value/],
            ["bad-selector", { nodeSelector: { "node type": "spot" } }, /keys must be label keys/],
            ["bad-label", { podLabels: { team: "-ml-" } }, /values must be label values/],
            ["bad-annotation", { podAnnotations: { "a/b/c": "x" } }, /keys must be annotation keys/],
            ["bad-tls", { tls: { secretName: "Bad_Secret" } }, /must be a Secret name/],
            ["tls-without-secret", { tls: { certificateName: "x" } }, /secretName: Required value/],
            ["bad-ca", { caBundle: { configMapName: "corp-ca", key: "a/b" } }, /must be a ConfigMap key/],
            ["taken-volume", { volumes: [{ name: "tls", emptyDir: {} }] }, /the volume names tmp, storage, run-config, tls and ca-bundle are the controller's/],
        ];
        for (const [name, spec, expected] of refusals) {
            const result = dryRun(name, spec);
            assert.notEqual(result.status, 0, `${name} was accepted`);
            assert.match(result.stderr, expected, `${name}: ${result.stderr}`);
        }
    });
});
