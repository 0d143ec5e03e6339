// A distribution is as strong as a pod (design §3), on the real API server: a user who may only
// create distributions in a namespace cannot get a privileged or root pod, added capabilities or a
// ServiceAccount through one; the CRD (applied from crds/, as kubectl users install it) refuses
// each with its reason, and what it accepts the controller runs under restricted pod security.
import { strict as assert } from "assert";
import * as path from "path";
import { eventually, kubectlJson, ok, repoRoot, run } from "./run";

const namespace = "tenant";
const user = "alice";
const crdFile = path.join(repoRoot, "crds", "llamastack.io_llamastackdistributions.yaml");

function asUser(manifest: Record<string, unknown>) {
    return run("kubectl", ["--as", user, "-n", namespace, "apply", "-f", "-"], { input: JSON.stringify(manifest) });
}

function distribution(name: string, spec: Record<string, unknown>): Record<string, unknown> {
    return { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", metadata: { name, namespace }, spec: { image: "llamastack/distribution-ollama:0.2.0", ...spec } };
}

describe("a user who may only create distributions", function () {
    this.timeout(5 * 60 * 1000);

    before(async () => {
        ok("kubectl", ["apply", "--server-side", "-f", crdFile]);
        ok("kubectl", ["wait", "--for", "condition=established", "--timeout=60s", "crd/llamastackdistributions.llamastack.io"]);
        ok("kubectl", ["create", "namespace", namespace]);
        ok("kubectl", ["-n", namespace, "create", "serviceaccount", "powerful"]);
        ok("kubectl", ["-n", namespace, "create", "role", "distributions", "--verb=create,get,list,patch", "--resource=llamastackdistributions.llamastack.io"]);
        ok("kubectl", ["-n", namespace, "create", "rolebinding", "alice-distributions", "--role=distributions", `--user=${user}`]);
        await eventually("alice's role to take effect", () => run("kubectl", ["--as", user, "-n", namespace, "auth", "can-i", "create", "llamastackdistributions.llamastack.io"]).stdout.trim() === "yes", 30000, 500);
    });

    after(() => {
        run("kubectl", ["delete", "namespace", namespace, "--wait=false"]);
    });

    it("cannot create pods herself (the baseline the distribution must not exceed)", () => {
        assert.equal(run("kubectl", ["--as", user, "-n", namespace, "auth", "can-i", "create", "pods"]).stdout.trim(), "no");
    });

    it("is refused a privileged container, root, escalation, added capabilities and a ServiceAccount, each with its reason", () => {
        const refusals: [string, Record<string, unknown>, RegExp][] = [
            ["privileged", { securityContext: { privileged: true } }, /privileged must be false: a distribution is as strong as a pod in its namespace, no more/],
            ["escalation", { securityContext: { allowPrivilegeEscalation: true } }, /allowPrivilegeEscalation must be false/],
            ["root", { podSecurityContext: { runAsUser: 0 } }, /runAsUser.*should be greater than or equal to 1/],
            ["rootful", { securityContext: { runAsNonRoot: false } }, /runAsNonRoot must be true/],
            ["capable", { securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }, /Unsupported value: "SYS_ADMIN"/],
            ["borrowed", { serviceAccountName: "powerful" }, /serviceAccountName is refused/],
            ["host", { volumes: [{ name: "host", hostPath: { path: "/" } }] }, /a volume needs exactly one of configMap, secret, emptyDir and persistentVolumeClaim|unknown field/],
        ];
        for (const [name, spec, expected] of refusals) {
            const result = asUser(distribution(name, spec));
            assert.notEqual(result.status, 0, `${name} was accepted`);
            assert.match(result.stderr, expected, name);
            assert.equal(run("kubectl", ["-n", namespace, "get", "llsd", name]).status, 1, `${name} does not exist`);
        }
    });

    it("gets what she may have: a restricted pod without a ServiceAccount token", async () => {
        const accepted = asUser(distribution("plain", { securityContext: { readOnlyRootFilesystem: false }, podSecurityContext: { runAsUser: 2000 } }));
        assert.equal(accepted.status, 0, accepted.stderr);
        await eventually("the controller's Deployment", () => run("kubectl", ["-n", namespace, "get", "deployment", "plain"]).status === 0, 60000, 1000);
        const pod = kubectlJson(["-n", namespace, "get", "deployment", "plain"]).spec.template.spec;
        assert.equal(pod.serviceAccountName, undefined);
        assert.equal(pod.automountServiceAccountToken, false);
        assert.equal(pod.securityContext.runAsUser, 2000);
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.deepEqual(pod.containers[0].securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ["ALL"] } });
    });
});
