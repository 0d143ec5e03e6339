// Pod security: the restricted Pod Security Standard's core — non-root, no privilege escalation,
// all capabilities dropped, seccomp RuntimeDefault. A LlamaStackDistribution is judged by the
// overrides it gives, since the llamastack controller applies these very settings by default.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, at, ContainerView, isUnknown, plain, subjectOf, Workload, workloadOf } from "./kube";

/** Capabilities the restricted standard lets a container add. */
const allowedCapabilities = new Set(["NET_BIND_SERVICE"]);

/** What is wrong with one container's security, in the words of a fix; empty when it is restricted. */
export function securityProblems(workload: Workload, container: ContainerView): string[] {
    const pod = workload.podSecurityContext;
    const own = container.securityContext;
    const problems: string[] = [];
    // A container's own setting wins over the pod's.
    const setting = (name: string): unknown => {
        const mine = at(own, name);
        return mine !== undefined ? mine : at(pod, name);
    };
    const where = (name: string): string =>
        workload.type.kind === "LlamaStackDistribution" ? `spec.securityContext.${name} (or spec.podSecurityContext.${name})` : `securityContext.${name}`;

    const runAsNonRoot = setting("runAsNonRoot");
    const runAsUser = setting("runAsUser");
    if (!isUnknown(runAsUser) && runAsUser === 0) {
        problems.push(`runs as root (runAsUser 0): set ${where("runAsUser")} to a non-zero user`);
    } else if (!isUnknown(runAsNonRoot) && runAsNonRoot !== true) {
        problems.push(`may run as root: set ${where("runAsNonRoot")} to true`);
    }

    const privileged = at(own, "privileged");
    if (!isUnknown(privileged) && privileged === true) {
        problems.push("is privileged: remove securityContext.privileged");
    }
    const escalation = at(own, "allowPrivilegeEscalation");
    if (!isUnknown(escalation) && escalation !== false) {
        problems.push(
            `may escalate privileges: set ${workload.type.kind === "LlamaStackDistribution" ? "spec.securityContext" : "securityContext"}.allowPrivilegeEscalation to false`,
        );
    }

    const capabilities = at(own, "capabilities");
    if (!isUnknown(capabilities)) {
        const drop = at(capabilities, "drop");
        const add = at(capabilities, "add");
        if (!isUnknown(drop) && !(asArray(drop) ?? []).includes("ALL")) {
            problems.push('keeps Linux capabilities: set securityContext.capabilities.drop to ["ALL"]');
        }
        if (!isUnknown(add)) {
            const extra = (asArray(add) ?? []).filter((c) => typeof c !== "string" || !allowedCapabilities.has(c));
            if (extra.length > 0) {
                problems.push(`adds capabilities ${extra.map(String).join(", ")}: add none but NET_BIND_SERVICE`);
            }
        }
    }

    const seccomp = at(own, "seccompProfile", "type") !== undefined ? at(own, "seccompProfile", "type") : at(pod, "seccompProfile", "type");
    if (!isUnknown(seccomp) && seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
        problems.push(
            seccomp === undefined
                ? `has no seccomp profile: set ${where("seccompProfile")} to { type: RuntimeDefault }`
                : `uses seccomp profile ${String(seccomp)}: set ${where("seccompProfile")} to { type: RuntimeDefault }`,
        );
    }
    return problems;
}

export const podSecurityRestricted: ResourceValidationPolicy = {
    name: "pod-security-restricted",
    description:
        "Pods run as non-root, without privilege escalation, with all capabilities dropped and the RuntimeDefault seccomp profile (the restricted Pod Security Standard).",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOf(args.type, plain(args.props), args.name);
        if (workload === undefined || isUnknown(workload.containers)) {
            return;
        }
        if (isUnknown(workload.podSecurityContext)) {
            return;
        }
        for (const container of workload.containers) {
            if (isUnknown(container.securityContext)) {
                continue;
            }
            const problems = securityProblems(workload, container);
            if (problems.length > 0) {
                const field =
                    workload.type.kind === "LlamaStackDistribution" ? "spec.securityContext / spec.podSecurityContext" : `${container.field}.securityContext`;
                reportViolation(`${subjectOf(workload, container)} (${field}): ${problems.join("; ")}.`);
            }
        }
    },
};
