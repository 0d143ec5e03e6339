// A LoadBalancer in front of a single pod: the load balancer is there to spread traffic and
// survive failures, and one replica without an autoscaler does neither (every rollout, eviction or
// crash is an outage).

import { StackValidationPolicy } from "@pulumi/policy";
import { at } from "./kube";
import { replicaFloor } from "./availability";
import { Stack } from "./stack";

export const loadBalancerSingleReplica: StackValidationPolicy = {
    name: "loadbalancer-single-replica",
    description:
        "A workload behind a Service of type LoadBalancer runs more than one replica or has an HPA: with one pod, every rollout, eviction or crash is an outage the load balancer cannot route around.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        for (const service of stack.services) {
            if (at(service.props, "spec", "type") !== "LoadBalancer") {
                continue;
            }
            for (const object of stack.workloadsBehind(service)) {
                if (!object.workload.scalable) {
                    continue;
                }
                if (stack.hpasOf(object).length > 0) {
                    continue;
                }
                const replicas = replicaFloor(stack, object);
                if (replicas !== 1) {
                    continue;
                }
                const written = object.workload.replicas === undefined ? "spec.replicas is unset (1)" : "spec.replicas is 1";
                reportViolation(
                    `${object.subject} is behind LoadBalancer ${service.subject} but ${written} and no HPA scales it: every rollout, eviction or crash ` +
                        `is an outage the load balancer cannot route around. Run at least 2 replicas (with a PodDisruptionBudget and spread), or add an HPA with minReplicas 2.`,
                    object.urn,
                );
            }
        }
    },
};
