import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Service } from "./args";
import { defaultServicePort, defaultServiceType, defaultSessionAffinity } from "./defaults";
import { commonLabels } from "../core/labels";

/** `Service` after every Output has resolved. */
export type ResolvedServiceArgs = pulumi.Unwrap<Service>;

/**
 * The `spec` of the Service in front of a distribution (the guide's "Load Balancing"): the
 * guide's port 8080, type LoadBalancer and round-robin, sending traffic to the server's port
 * (named `https` when the server serves TLS).
 */
export function buildServiceSpec(
    service: ResolvedServiceArgs,
    selector: Record<string, string>,
    containerPort: number,
    tls = false,
): Record<string, unknown> {
    const spec: Record<string, unknown> = {
        type: service.type ?? defaultServiceType,
        selector,
        // The name says the protocol: clients, meshes and the policy pack read it.
        ports: [{ name: tls ? "https" : "http", port: service.port ?? defaultServicePort, targetPort: containerPort, protocol: "TCP" }],
        sessionAffinity: service.sessionAffinity ?? defaultSessionAffinity,
    };
    if (service.loadBalancerSourceRanges && service.loadBalancerSourceRanges.length > 0) {
        spec.loadBalancerSourceRanges = service.loadBalancerSourceRanges;
    }
    return spec;
}

/** Name of the Service in front of `name`: `service.name`, default `name`. */
export function frontServiceName(name: string, service: Service | undefined): pulumi.Input<string> {
    return service?.name ?? name;
}

/**
 * The Service `<name>-service` in front of the distribution or rollout `name` (named
 * `service.name`, default `name`), or none when `service.enabled` is false. `spec` is only asked
 * for when there is a Service; Distribution, BlueGreen and Canary differ only in it.
 */
export function newFrontService(
    name: string,
    service: Service | undefined,
    namespace: pulumi.Input<string> | undefined,
    spec: () => pulumi.Input<Record<string, unknown>>,
    opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Service | undefined {
    if (!(service?.enabled ?? true)) {
        return undefined;
    }
    return new k8s.core.v1.Service(
        `${name}-service`,
        {
            metadata: { name: frontServiceName(name, service), namespace, labels: commonLabels(name), annotations: service?.annotations },
            spec: spec() as pulumi.Input<k8s.types.input.core.v1.ServiceSpec>,
        },
        opts,
    );
}
