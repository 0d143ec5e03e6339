// LlamaStackOperator's namespaced mode (`controller.namespaces`): a Role and RoleBinding in each
// served namespace with exactly the controller's rules, no ClusterRole, and WATCH_NAMESPACES.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, recorded, valueOf } from "../mocks";
import { LlamaStackOperator } from "../../../src";
import { expectedReconcileRules } from "./controllerRules";

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";


async function make(name: string, args: ConstructorParameters<typeof LlamaStackOperator>[1] = {}) {
    const operator = new LlamaStackOperator(name, args);
    await valueOf(pulumi.all([operator.urn, operator.crdName, operator.controllerNamespace]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return operator;
}

/** Resources of a type whose Pulumi name starts with the component's name. */
function of(type: string, component: string) {
    return recorded.filter((r) => r.type === type && r.name.startsWith(`${component}-`));
}

function envOf(component: string): { name: string; value?: string }[] {
    return find(DEPLOYMENT, `${component}-controller`).inputs.spec.template.spec.containers[0].env;
}

describe("LlamaStackOperator namespaced controller (controller.namespaces)", () => {
    it("holds a Role with exactly the controller's rules in each served namespace, bound to its ServiceAccount", async () => {
        await make("nsd", { controller: { namespaces: ["team-a", "team-b"] } });
        for (const ns of ["team-a", "team-b"]) {
            const role = find(`${RBAC}:Role`, `nsd-controller-ns-${ns}`).inputs;
            assert.deepEqual(role.metadata.name, "llamastack-controller-reconcile");
            assert.deepEqual(role.metadata.namespace, ns);
            assert.deepEqual(role.rules, expectedReconcileRules);
            const binding = find(`${RBAC}:RoleBinding`, `nsd-controller-ns-${ns}`).inputs;
            assert.deepEqual([binding.metadata.name, binding.metadata.namespace], ["llamastack-controller-reconcile", ns]);
            assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "llamastack-controller-reconcile" });
            assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "llamastack-controller", namespace: "llamastack-system" }]);
        }
        // Two served namespaces and the lease: nothing else.
        assert.deepEqual(of(`${RBAC}:Role`, "nsd").map((r) => `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`).sort(), [
            "llamastack-system/llamastack-controller",
            "team-a/llamastack-controller-reconcile",
            "team-b/llamastack-controller-reconcile",
        ]);
        assert.equal(of(`${RBAC}:RoleBinding`, "nsd").length, 3);
    });

    it("makes no ClusterRole or ClusterRoleBinding at all", async () => {
        await make("nsd-nocluster", { controller: { namespaces: ["team-a"] } });
        assert.deepEqual(of(`${RBAC}:ClusterRole`, "nsd-nocluster"), []);
        assert.deepEqual(of(`${RBAC}:ClusterRoleBinding`, "nsd-nocluster"), []);
    });

    it("keeps the lease Role in the controller's namespace, also when it serves that namespace itself", async () => {
        await make("nsd-self", { controller: { namespace: "platform", namespaces: ["platform", "team-a"] } });
        const lease = find(`${RBAC}:Role`, "nsd-self-controller-lease").inputs;
        assert.deepEqual([lease.metadata.namespace, lease.metadata.name], ["platform", "llamastack-controller"]);
        assert.deepEqual(lease.rules.map((r: { resources: string[] }) => r.resources), [["leases"], ["leases"]]);
        const own = find(`${RBAC}:Role`, "nsd-self-controller-ns-platform").inputs;
        assert.deepEqual([own.metadata.namespace, own.metadata.name], ["platform", "llamastack-controller-reconcile"]);
        assert.deepEqual(find(`${RBAC}:RoleBinding`, "nsd-self-controller-ns-team-a").inputs.subjects, [{ kind: "ServiceAccount", name: "llamastack-controller", namespace: "platform" }]);
    });

    it("tells the controller its namespaces (WATCH_NAMESPACES), and says nothing without them", async () => {
        await make("nsd-env", { controller: { namespaces: ["team-a", "team-b"] } });
        assert.deepEqual(envOf("nsd-env").filter((e) => e.name === "WATCH_NAMESPACES"), [{ name: "WATCH_NAMESPACES", value: "team-a,team-b" }]);
        await make("nsd-all");
        assert.deepEqual(envOf("nsd-all").filter((e) => e.name === "WATCH_NAMESPACES"), []);
    });

    it("without namespaces keeps the cluster-wide ClusterRole with the same rules, and no served Roles", async () => {
        await make("nsd-cluster");
        assert.deepEqual(find(`${RBAC}:ClusterRole`, "nsd-cluster-controller").inputs.rules, expectedReconcileRules);
        assert.equal(has(`${RBAC}:ClusterRoleBinding`, "nsd-cluster-controller"), true);
        assert.deepEqual(of(`${RBAC}:Role`, "nsd-cluster").map((r) => r.name), ["nsd-cluster-controller-lease"]);
    });

    it("rejects an empty list, bad names and repeats with the field and the rule, before any child", () => {
        const error = errorOf(() => new LlamaStackOperator("nsd-bad", { controller: { namespaces: ["team-a", "Team_B", "", "team-a", "x".repeat(64)] } }));
        const label = "must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit";
        assert.equal(
            error.message,
            'LlamaStackOperator "nsd-bad": 4 problems:\n' +
                `  - controller.namespaces[1] "Team_B" ${label}\n` +
                `  - controller.namespaces[2] "" ${label}\n` +
                '  - controller.namespaces[3] "team-a" repeats controller.namespaces[0]\n' +
                `  - controller.namespaces[4] "${"x".repeat(64)}" ${label}`,
        );
        assert.equal(
            errorOf(() => new LlamaStackOperator("nsd-empty", { controller: { namespaces: [] } })).message,
            'LlamaStackOperator "nsd-empty": controller.namespaces must not be empty: list the namespaces the controller serves, or leave it out to serve every namespace',
        );
        // Untyped callers (YAML, Python dicts).
        assert.equal(
            errorOf(() => new LlamaStackOperator("nsd-untyped", { controller: { namespaces: "team-a" as unknown as string[] } })).message,
            'LlamaStackOperator "nsd-untyped": controller.namespaces "team-a" must be a list of namespace names',
        );
        assert.match(errorOf(() => new LlamaStackOperator("nsd-num", { controller: { namespaces: [7 as unknown as string] } })).message, /controller\.namespaces\[0\] 7 must be a namespace name \(a string\)$/);
        // At once even when another controller argument is not known yet (its check waits for it).
        assert.match(
            errorOf(() => new LlamaStackOperator("nsd-later", { controller: { image: pulumi.output("node:22") as unknown as string, namespaces: ["Bad"] } })).message,
            /^LlamaStackOperator "nsd-later": controller\.namespaces\[0\] "Bad" must be a DNS-1123 label/,
        );
        for (const name of ["nsd-bad", "nsd-empty", "nsd-untyped", "nsd-num", "nsd-later"]) {
            assert.equal(recorded.some((r) => r.name.startsWith(`${name}-`)), false, name);
        }
    });
});
