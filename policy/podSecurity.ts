// Pod security, restricted: what the restricted Pod Security Standard adds to baseline
// (podSecurityBaseline.ts) — non-root (never user 0), no privilege escalation, all capabilities
// dropped, a seccomp profile, and only the volume types restricted allows. A LlamaStackDistribution
// is judged by the overrides it gives, since the llamastack controller applies these very settings
// by default.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, at, ContainerView, hasOwn, isUnknown, subjectOf, text, Workload, workloadOfArgs } from "./kube";
import { baselineCapabilities, exempt, PodSecurityConfig, podSecurityConfigSchema } from "./podSecurityBaseline";

/** Capabilities the restricted standard lets a container add. */
const allowedCapabilities = new Set(["NET_BIND_SERVICE"]);

/** The volume types the restricted standard allows (kubernetes.io, Pod Security Standards, "Volume Types"). */
export const restrictedVolumeTypes: readonly string[] = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/** The volumes of a pod whose type restricted does not allow (hostPath is baseline's finding), as `"name" (type)`. */
export function disallowedVolumes(podSpec: unknown): string[] {
    const found: string[] = [];
    (asArray(at(podSpec, "volumes")) ?? []).forEach((volume, index) => {
        if (isUnknown(volume) || volume === null || typeof volume !== "object") {
            return;
        }
        const types = Object.keys(volume).filter((k) => k !== "name" && !restrictedVolumeTypes.includes(k) && k !== "hostPath");
        if (types.length > 0 && !hasOwn(volume, "hostPath")) {
            const name = at(volume, "name");
            found.push(`${typeof name === "string" ? `"${name}"` : `#${index}`} (${types.join(", ")})`);
        }
    });
    return found;
}

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
    // Restricted forbids user 0 at either level, even where the other level overrides it.
    const rootAt = [
        ...(at(pod, "runAsUser") === 0 ? [workload.type.kind === "LlamaStackDistribution" ? "spec.podSecurityContext" : "pod"] : []),
        ...(at(own, "runAsUser") === 0 ? [workload.type.kind === "LlamaStackDistribution" ? "spec.securityContext" : "container"] : []),
    ];
    if (rootAt.length > 0) {
        problems.push(`runs as root (runAsUser 0 in the ${rootAt.join(" and the ")} security context): set ${where("runAsUser")} to a non-zero user`);
    } else if (!isUnknown(runAsNonRoot) && runAsNonRoot !== true) {
        if (typeof runAsUser === "number") {
            problems.push(
                `runs as user ${text(runAsUser)} but runAsNonRoot is ${runAsNonRoot === undefined ? "unset" : text(runAsNonRoot)}: ` +
                    `set ${where("runAsNonRoot")} to true as well, so the kubelet refuses to start it as root if the user is ever dropped or overridden`,
            );
        } else if (!isUnknown(runAsUser)) {
            problems.push(`may run as root: set ${where("runAsNonRoot")} to true`);
        }
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
        if (!isUnknown(drop) && !(asArray(drop) ?? []).some(isUnknown) && !(asArray(drop) ?? []).includes("ALL")) {
            problems.push('keeps Linux capabilities: set securityContext.capabilities.drop to ["ALL"]');
        }
        if (!isUnknown(add)) {
            // Capabilities outside the baseline set are pod-security-baseline's finding.
            const extra = (asArray(add) ?? []).filter((c): c is string => typeof c === "string" && baselineCapabilities.has(c) && !allowedCapabilities.has(c));
            if (extra.length > 0) {
                problems.push(`adds capabilities ${extra.join(", ")}: add none but NET_BIND_SERVICE`);
            }
        }
    }

    const seccomp = at(own, "seccompProfile", "type") !== undefined ? at(own, "seccompProfile", "type") : at(pod, "seccompProfile", "type");
    // Unconfined is pod-security-baseline's finding; restricted adds that a profile must be set.
    if (seccomp === undefined || seccomp === null) {
        problems.push(`has no seccomp profile: set ${where("seccompProfile")} to { type: RuntimeDefault }`);
    }
    return problems;
}

export const podSecurityRestricted: ResourceValidationPolicy = {
    name: "pod-security-restricted",
    description:
        "Pods meet what the restricted Pod Security Standard adds to baseline: non-root (never user 0), no privilege escalation, all capabilities dropped, a seccomp profile, and only restricted's volume types.",
    enforcementLevel: "advisory",
    configSchema: podSecurityConfigSchema,
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined || isUnknown(workload.containers) || exempt(workload, args.getConfig<PodSecurityConfig>())) {
            return;
        }
        if (isUnknown(workload.podSecurityContext)) {
            return;
        }
        if (!workload.controllerManaged) {
            const volumes = disallowedVolumes(workload.podSpec);
            if (volumes.length > 0) {
                reportViolation(
                    `${workload.subject}: ${workload.podField}.volumes ${volumes.join(", ")} ${volumes.length === 1 ? "is a type" : "are types"} the restricted standard does not allow ` +
                        `(only ${restrictedVolumeTypes.join(", ")}): mount storage through a PersistentVolumeClaim (an NFS or cloud disk becomes a PersistentVolume), so the cluster admin controls the driver.`,
                );
            }
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
