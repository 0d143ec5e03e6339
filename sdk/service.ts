import { Service } from "./distributionArgs";
import { defaultServicePort, defaultServiceType, defaultSessionAffinity } from "./defaults";
import * as pulumi from "@pulumi/pulumi";

/** `Service` after every Output has resolved. */
export type ResolvedServiceArgs = pulumi.Unwrap<Service>;

/**
 * The `spec` of the Service in front of a distribution (the guide's "Load Balancing"): the
 * guide's port 8080, type LoadBalancer and round-robin, sending traffic to the server's port.
 */
export function buildServiceSpec(
    service: ResolvedServiceArgs,
    selector: Record<string, string>,
    containerPort: number,
): Record<string, unknown> {
    const spec: Record<string, unknown> = {
        type: service.type ?? defaultServiceType,
        selector,
        ports: [{ name: "http", port: service.port ?? defaultServicePort, targetPort: containerPort, protocol: "TCP" }],
        sessionAffinity: service.sessionAffinity ?? defaultSessionAffinity,
    };
    if (service.loadBalancerSourceRanges && service.loadBalancerSourceRanges.length > 0) {
        spec.loadBalancerSourceRanges = service.loadBalancerSourceRanges;
    }
    return spec;
}
