// GPU workloads and priority: on a GPU pool shared by several workloads, the scheduler preempts by
// priority class; a GPU server without one has the default priority (usually 0) and is the first
// to be evicted when something with a class needs its GPUs, or waits behind batch jobs.
// Distributions are judged on their own `spec.priorityClassName`, which the controller puts on the pods.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { isExtendedResource } from "../src/core/rules";
import { asDict, at, hasUnknown, isUnknown, workloadOfArgs } from "./kube";

export const gpuPriorityClass: ResourceValidationPolicy = {
    name: "gpu-priority-class",
    description:
        "A workload that requests GPUs sets a priorityClassName, so that preemption on a shared GPU pool follows an order you chose (a serving pod outranks a batch job) instead of the default priority.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined || isUnknown(workload.podSpec) || isUnknown(workload.containers)) {
            return;
        }
        const priority = at(workload.podSpec, "priorityClassName");
        if (isUnknown(priority) || (typeof priority === "string" && priority !== "")) {
            return;
        }
        const gpus = new Set<string>();
        for (const container of workload.containers) {
            if (hasUnknown(container.resources)) {
                continue;
            }
            for (const kind of ["requests", "limits"]) {
                for (const name of Object.keys(asDict(at(container.resources, kind)) ?? {})) {
                    if (isExtendedResource(name)) {
                        gpus.add(name);
                    }
                }
            }
        }
        if (gpus.size === 0) {
            return;
        }
        reportViolation(
            `${workload.subject}: requests ${[...gpus].join(", ")} but ${workload.podField}.priorityClassName is not set: on a shared GPU pool the scheduler ` +
                `preempts by priority, and a pod without a class has the default, so it is evicted first or waits behind whatever has one. ` +
                `Set priorityClassName to a PriorityClass that orders serving against batch work (e.g. "gpu-serving").`,
        );
    },
};
