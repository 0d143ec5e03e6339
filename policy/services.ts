// Services: a LoadBalancer (the guide's choice) open to the whole internet is worth a second look.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, at, describe, hasUnknown, isService, isUnknown, kubeType, plain } from "./kube";

const sourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";

export const loadBalancerSourceRanges: ResourceValidationPolicy = {
    name: "loadbalancer-source-ranges",
    description: "A Service of type LoadBalancer sets spec.loadBalancerSourceRanges, so the load balancer does not accept traffic from every address.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isService(kubeType(args.type))) {
            return;
        }
        const props = plain(args.props);
        if (at(props, "spec", "type") !== "LoadBalancer") {
            return;
        }
        const ranges = at(props, "spec", "loadBalancerSourceRanges");
        const annotation = at(props, "metadata", "annotations", sourceRangesAnnotation);
        if (isUnknown(ranges) || hasUnknown(ranges) || isUnknown(annotation)) {
            return;
        }
        if ((asArray(ranges) ?? []).length > 0 || (typeof annotation === "string" && annotation.trim() !== "")) {
            return;
        }
        reportViolation(
            `${describe("Service", props, args.name)}: spec.type is LoadBalancer without spec.loadBalancerSourceRanges, so the load balancer ` +
                `accepts traffic from any address. Set loadBalancerSourceRanges to your clients' CIDRs (e.g. ["10.0.0.0/8"]), ` +
                `or use type ClusterIP behind an ingress.`,
        );
    },
};
