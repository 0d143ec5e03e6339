// LlamaStackOperator with `controller.namespaces`, through the real Pulumi CLI and Kubernetes provider
// on the real API server: what it renders gives the controller's ServiceAccount the controller's
// rules in the served namespaces only (no ClusterRole), and tells the controller which they are.
// The controller's behaviour under exactly these Roles: tests/e2e/controller-namespaced.e2e.sh.
import { strict as assert } from "assert";
import * as path from "path";
import { freshStack, kubectlJson, ok, repoRoot, run } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "namespaced");
const system = "llsd-op-system";
const served = "llsd-op-served";
const other = "llsd-op-other";
const serviceAccount = `system:serviceaccount:${system}:llamastack-controller`;

function canI(verb: string, resource: string, ...scope: string[]): string {
    return run("kubectl", ["auth", "can-i", `--as=${serviceAccount}`, verb, resource, ...scope]).stdout.trim();
}

describe("LlamaStackOperator with controller.namespaces", function () {
    this.timeout(10 * 60 * 1000);
    const pulumi = freshStack(cwd, "namespaced");

    before(() => {
        ok("kubectl", ["apply", "--server-side", "-f", path.join(repoRoot, "crds", "llamastack.io_llamastackdistributions.yaml")]);
        for (const ns of [served, other]) {
            run("kubectl", ["create", "namespace", ns]);
        }
        pulumi("up", "--yes", "--skip-preview");
    });

    after(() => {
        run("kubectl", ["delete", "namespace", served, other, "--wait=false"]);
    });

    it("holds the controller's rules in each served namespace through a Role, and no ClusterRole", () => {
        for (const ns of [served, system]) {
            const role = kubectlJson(["-n", ns, "get", "role", "llamastack-controller-reconcile"]);
            assert.deepEqual(role.rules.map((r: { resources: string[]; verbs: string[] }) => `${r.resources.join()}:${r.verbs.join()}`), [
                "llamastackdistributions:list,watch",
                "llamastackdistributions/status:patch",
                "deployments:get,list,watch,create,patch",
                "pods:list",
                "persistentvolumeclaims:create",
                "events:create",
                "certificates:get,list,watch",
            ]);
        }
        const bindings = kubectlJson(["get", "clusterrolebindings"]).items.filter((b: { subjects?: { namespace?: string }[] }) =>
            (b.subjects ?? []).some((s) => s.namespace === system),
        );
        assert.deepEqual(bindings, [], "no ClusterRoleBinding names the controller's ServiceAccount");
        assert.equal(run("kubectl", ["get", "clusterrole", "llamastack-controller"]).status, 1, "no ClusterRole llamastack-controller");
    });

    it("lets the ServiceAccount create and patch Deployments in the served namespaces only", () => {
        assert.equal(canI("create", "deployments", "-n", served), "yes");
        assert.equal(canI("patch", "deployments", "-n", served), "yes");
        assert.equal(canI("patch", "llamastackdistributions.llamastack.io", "--subresource=status", "-n", served), "yes");
        assert.equal(canI("create", "deployments", "-n", other), "no");
        assert.equal(canI("patch", "deployments", "-n", other), "no");
        assert.equal(canI("create", "deployments", "-n", "kube-system"), "no");
        assert.equal(canI("list", "llamastackdistributions.llamastack.io", "--all-namespaces"), "no");
        assert.equal(canI("watch", "deployments", "--all-namespaces"), "no");
        // Its lease, in its own namespace, as before.
        assert.equal(canI("create", "leases.coordination.k8s.io", "-n", system), "yes");
    });

    it("tells the controller its namespaces (WATCH_NAMESPACES)", () => {
        const deployment = kubectlJson(["-n", system, "get", "deployment", "llamastack-controller"]);
        const env = deployment.spec.template.spec.containers[0].env as { name: string; value?: string }[];
        assert.deepEqual(env.filter((e) => e.name === "WATCH_NAMESPACES"), [{ name: "WATCH_NAMESPACES", value: `${served},${system}` }]);
    });
});
