// Probes: a server container has a readiness probe (so the Service sends it traffic only when it
// can answer) and a liveness probe (so a hung server is restarted), the two are not identical
// (an identical liveness probe restarts a pod that is merely busy), and a GPU server whose model
// loads slowly has a startup probe instead of a liveness probe that kills it mid-load.
//
// A LlamaStackDistribution is never judged here: the llamastack controller gives its container a
// startup probe (up to 10 minutes of model loading), a readiness probe and a different liveness
// probe of its own (controller/deployment.ts), whatever the distribution says.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { isExtendedResource } from "../src/core/rules";
import { asDict, at, ContainerView, hasUnknown, isUnknown, subjectOf, Workload, workloadOfArgs } from "./kube";

/** Kinds whose pods run until stopped (Jobs and CronJobs run to completion and need no probes). */
const longRunningKinds = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod"]);

/** Config of `startup-probe-for-slow-start`. */
export interface StartupProbeConfig {
    /** Seconds a GPU server may need to load its model before it answers. @default 300 */
    slowStartSeconds?: number;
}

export const defaultSlowStartSeconds = 300;

/**
 * The server containers of a long-running workload made by the program itself (not by the llamastack
 * controller): app containers (not init containers) that declare a port. Undefined when not applicable.
 */
export function serverContainers(workload: Workload | undefined): ContainerView[] {
    if (workload === undefined || workload.controllerManaged || !longRunningKinds.has(workload.type.kind) || isUnknown(workload.containers)) {
        return [];
    }
    if (workload.type.kind === "Pod") {
        const restartPolicy = at(workload.podSpec, "restartPolicy");
        if (restartPolicy === "Never" || restartPolicy === "OnFailure" || isUnknown(restartPolicy)) {
            return [];
        }
    }
    return workload.containers.filter((c) => {
        if (c.init || isUnknown(c.raw)) {
            return false;
        }
        const ports = at(c.raw, "ports");
        return Array.isArray(ports) && ports.length > 0;
    });
}


export const containerProbes: ResourceValidationPolicy = {
    name: "container-probes",
    description:
        "Every server container (one that declares a port) of a long-running workload has a readiness probe and a liveness probe. LlamaStackDistributions get both from the controller.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        for (const container of serverContainers(workload)) {
            const readiness = at(container.raw, "readinessProbe");
            const liveness = at(container.raw, "livenessProbe");
            const missing = [
                ...(readiness === undefined || readiness === null ? ["readinessProbe"] : []),
                ...(liveness === undefined || liveness === null ? ["livenessProbe"] : []),
            ];
            if (missing.length === 0) {
                continue;
            }
            reportViolation(
                `${subjectOf(workload!, container)}: ${container.field} has no ${missing.join(" and no ")}: ` +
                    `without a readiness probe the Service sends requests to a server that is still loading or overloaded; ` +
                    `without a liveness probe a hung server is never restarted. Add both (LlamaStack answers GET /v1/health), ` +
                    `the liveness probe more tolerant than the readiness probe.`,
            );
        }
    },
};

export const livenessDiffersFromReadiness: ResourceValidationPolicy = {
    name: "liveness-differs-from-readiness",
    description:
        "A container's liveness probe is not identical to its readiness probe: an identical one restarts pods that are merely busy, as soon as they stop being ready.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        for (const container of serverContainers(workload)) {
            const readiness = at(container.raw, "readinessProbe");
            const liveness = at(container.raw, "livenessProbe");
            if (asDict(readiness) === undefined || asDict(liveness) === undefined || hasUnknown(readiness) || hasUnknown(liveness)) {
                continue;
            }
            if (canonical(readiness) === canonical(liveness)) {
                reportViolation(
                    `${subjectOf(workload!, container)}: ${container.field}.livenessProbe is identical to its readinessProbe: ` +
                        `a server too busy to pass readiness (a long generation, a full queue) also fails liveness and is restarted, ` +
                        `losing its work and loading the model again. Give the liveness probe a higher failureThreshold or a longer period ` +
                        `(e.g. readiness every 10 s, 3 failures; liveness every 20 s, 6 failures), or a cheaper endpoint.`,
                );
            }
        }
    },
};

/** JSON with sorted keys, so that two probes written in a different key order compare equal. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (value !== null && typeof value === "object") {
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value) ?? "null";
}

/** How long a liveness probe lets a container start before killing it: initialDelay + period × failures. */
export function livenessGraceSeconds(probe: unknown): number | undefined {
    const read = (name: string, fallback: number): number | undefined => {
        const value = at(probe, name);
        return value === undefined || value === null ? fallback : typeof value === "number" && Number.isFinite(value) ? value : undefined;
    };
    const initialDelay = read("initialDelaySeconds", 0);
    const period = read("periodSeconds", 10);
    const failures = read("failureThreshold", 3);
    return initialDelay === undefined || period === undefined || failures === undefined ? undefined : initialDelay + period * failures;
}

function requestsGpus(container: ContainerView): boolean {
    for (const kind of ["requests", "limits"]) {
        const map = asDict(at(container.resources, kind));
        if (map !== undefined && Object.keys(map).some(isExtendedResource)) {
            return true;
        }
    }
    return false;
}

export const startupProbeForSlowStart: ResourceValidationPolicy = {
    name: "startup-probe-for-slow-start",
    description:
        "A GPU server container (it requests GPUs: it loads a model) whose liveness probe would kill it within slowStartSeconds (default 300) of starting has a startup probe.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            slowStartSeconds: {
                type: "integer",
                minimum: 1,
                default: defaultSlowStartSeconds,
                description: "Seconds a GPU server may need to load its model before it answers.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const configured = args.getConfig<StartupProbeConfig>().slowStartSeconds;
        const slow = typeof configured === "number" && configured > 0 ? configured : defaultSlowStartSeconds;
        const workload = workloadOfArgs(args);
        for (const container of serverContainers(workload)) {
            const startup = at(container.raw, "startupProbe");
            const liveness = at(container.raw, "livenessProbe");
            if (startup !== undefined && startup !== null) {
                continue;
            }
            if (asDict(liveness) === undefined || hasUnknown(liveness) || isUnknown(container.resources) || hasUnknown(container.resources) || !requestsGpus(container)) {
                continue;
            }
            const grace = livenessGraceSeconds(liveness);
            if (grace === undefined || grace >= slow) {
                continue;
            }
            reportViolation(
                `${subjectOf(workload!, container)}: ${container.field} requests GPUs and has no startupProbe, and its livenessProbe kills it ` +
                    `${grace} s after it starts, less than the ${slow} s a model may take to load: the pod restarts in a loop while loading. ` +
                    `Add a startupProbe on the same endpoint with failureThreshold × periodSeconds of at least ${slow} (e.g. periodSeconds 10, failureThreshold ${Math.ceil(slow / 10)}); ` +
                    `liveness starts only after it succeeds.`,
            );
        }
    },
};
