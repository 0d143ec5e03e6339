// The controller's namespaced mode (`controller.namespaces`): the names it takes, and the Role and
// RoleBinding it holds in each namespace it serves instead of a ClusterRole.
import { checkDns1123Label } from "../core/names";
import { Problems, show } from "../core/validation";
import { buildControllerClusterRules, controllerLabels, controllerName, PolicyRule } from "./controllerDeployment";

/**
 * Name of the Role (and RoleBinding) in each served namespace. Not the lease Role's name, so that the
 * controller may also serve its own namespace.
 */
const servedRoleName = `${controllerName}-reconcile`;

/** Records a problem unless `namespaces` is a non-empty list of distinct namespace names (DNS-1123 labels). */
export function checkServedNamespaces(problems: Problems, namespaces: unknown): void {
    if (namespaces === undefined) {
        return;
    }
    if (!Array.isArray(namespaces)) {
        problems.add(`controller.namespaces ${show(namespaces)}`, "must be a list of namespace names");
        return;
    }
    problems.check(namespaces.length > 0, "controller.namespaces", "must not be empty: list the namespaces the controller serves, or leave it out to serve every namespace");
    const firstIndex = new Map<string, number>();
    namespaces.forEach((namespace: unknown, index) => {
        const field = `controller.namespaces[${index}]`;
        if (typeof namespace !== "string") {
            problems.add(`${field} ${show(namespace)}`, "must be a namespace name (a string)");
            return;
        }
        checkDns1123Label(problems, field, namespace);
        const first = firstIndex.get(namespace);
        problems.check(first === undefined, `${field} ${show(namespace)}`, `repeats controller.namespaces[${first}]`);
        if (first === undefined) {
            firstIndex.set(namespace, index);
        }
    });
}

/** The Role of one served namespace: exactly the controller's reconcile rules, there only. */
export function buildServedRole(namespace: string): { metadata: { name: string; namespace: string; labels: Record<string, string> }; rules: PolicyRule[] } {
    return { metadata: { name: servedRoleName, namespace, labels: controllerLabels() }, rules: buildControllerClusterRules() };
}

/** Binds a served namespace's Role to the controller's ServiceAccount, which lives in `controllerNamespace`. */
export function buildServedRoleBinding<N>(namespace: string, controllerNamespace: N) {
    return {
        metadata: { name: servedRoleName, namespace, labels: controllerLabels() },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: servedRoleName },
        subjects: [{ kind: "ServiceAccount", name: controllerName, namespace: controllerNamespace }],
    };
}
