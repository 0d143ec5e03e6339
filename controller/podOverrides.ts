// A distribution is as strong as a pod: unless the operator allows overrides, the controller
// refuses a spec that would give its pods more than the restricted Pod Security Standard, or a
// ServiceAccount of their own. The CRD's schema says the same; this holds for CRDs installed
// from elsewhere (or older) too.
import { DistributionSpec } from "./types";

// The same lists as the CRD's schema (tests/unit/controller/podOverrides.test.ts holds them equal).
/** The pod security fields a distribution may set. */
export const podFields: ReadonlySet<string> = new Set(["runAsUser", "runAsGroup", "fsGroup", "fsGroupChangePolicy", "supplementalGroups", "runAsNonRoot", "seccompProfile"]);
/** The container security fields a distribution may set. */
export const containerFields: ReadonlySet<string> = new Set(["allowPrivilegeEscalation", "privileged", "readOnlyRootFilesystem", "runAsUser", "runAsGroup", "runAsNonRoot", "capabilities", "seccompProfile"]);
/** The volume kinds a distribution may mount: none gives a pod more than its namespace. */
export const volumeSources: ReadonlySet<string> = new Set(["configMap", "secret", "emptyDir", "persistentVolumeClaim"]);

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function seccompProblem(field: string, profile: unknown): string | undefined {
    if (profile === undefined) {
        return undefined;
    }
    const type = isObject(profile) ? profile.type : undefined;
    return type === "RuntimeDefault" || type === "Localhost" ? undefined : `${field}.seccompProfile.type must be RuntimeDefault or Localhost`;
}

/** Why the spec asks for more than a restricted pod, or undefined when it does not. */
export function refusedOverride(spec: DistributionSpec): string | undefined {
    if (spec.serviceAccountName !== undefined) {
        return "spec.serviceAccountName is refused: this operator does not let a distribution choose the pods' ServiceAccount";
    }
    const pod = spec.podSecurityContext;
    if (pod !== undefined) {
        if (!isObject(pod)) {
            return "spec.podSecurityContext must be an object";
        }
        const extra = Object.keys(pod).find((k) => !podFields.has(k));
        if (extra !== undefined) {
            return `spec.podSecurityContext.${extra} is refused: only ${[...podFields].join(", ")} may be set`;
        }
        if (pod.runAsUser === 0) {
            return "spec.podSecurityContext.runAsUser 0 is refused: a distribution does not run as root";
        }
        if (pod.runAsNonRoot === false) {
            return "spec.podSecurityContext.runAsNonRoot must be true";
        }
        const seccomp = seccompProblem("spec.podSecurityContext", pod.seccompProfile);
        if (seccomp) {
            return seccomp;
        }
    }
    const container = spec.securityContext;
    if (container !== undefined) {
        if (!isObject(container)) {
            return "spec.securityContext must be an object";
        }
        const extra = Object.keys(container).find((k) => !containerFields.has(k));
        if (extra !== undefined) {
            return `spec.securityContext.${extra} is refused: only ${[...containerFields].join(", ")} may be set`;
        }
        if (container.privileged === true) {
            return "spec.securityContext.privileged is refused: a distribution is as strong as a pod in its namespace, no more";
        }
        if (container.allowPrivilegeEscalation === true) {
            return "spec.securityContext.allowPrivilegeEscalation must be false";
        }
        if (container.runAsUser === 0 || container.runAsNonRoot === false) {
            return "spec.securityContext: a distribution does not run as root";
        }
        const add = isObject(container.capabilities) ? container.capabilities.add : undefined;
        if (add !== undefined && (!Array.isArray(add) || add.some((c) => c !== "NET_BIND_SERVICE"))) {
            return "spec.securityContext.capabilities.add may hold NET_BIND_SERVICE only";
        }
        const seccomp = seccompProblem("spec.securityContext", container.seccompProfile);
        if (seccomp) {
            return seccomp;
        }
    }
    for (const volume of spec.volumes ?? []) {
        const sources = Object.keys(isObject(volume) ? volume : {}).filter((k) => k !== "name");
        if (sources.length !== 1 || !volumeSources.has(sources[0])) {
            return `spec.volumes: ${JSON.stringify(isObject(volume) ? volume.name : volume)} must be one of ${[...volumeSources].join(", ")}`;
        }
    }
    return undefined;
}
