// One wording per rule, shared by the components' errors, the CRD's CEL messages and the policy
// pack, so a user meets the same sentence wherever the rule catches them.

/** Texts of the rules that more than one layer enforces. */
export const rules = {
    limitsAtLeastRequests: "limits must be greater than or equal to requests",
    extendedResourcesEqual:
        "extended resources such as nvidia.com/gpu cannot be overcommitted: requests must equal limits, or the API server rejects the pod",
    extendedResourceNeedsLimit:
        "extended resources such as nvidia.com/gpu need a limit equal to the request, or the API server rejects the pod",
    quantity: "must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3",
    dns1123Label:
        "must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit",
    nonNegativeInteger: "must be a whole number greater than or equal to 0",
    port: "must be a whole number from 1 to 65535",
    spotMinReplicas: "must be at least 2 on spot nodes, or one reclaimed node takes the service down",
    utilization: "must be a whole-number percentage greater than 0 and at most 100",
    minReplicas: "must be a whole number of at least 1",
    minNotAboveMax: "must not be greater than",
    hpaVpaSameResource:
        "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other",
    replicasWithAutoscaling:
        "the HorizontalPodAutoscaler owns the replica count; remove replicas (autoscaling.minReplicas sets the floor)",
} as const;

/**
 * True for extended resources: names outside the `kubernetes.io` domain with a domain prefix,
 * such as `nvidia.com/gpu` or `amd.com/gpu`. Kubernetes forbids overcommitting them.
 */
export function isExtendedResource(resourceName: string): boolean {
    const slash = resourceName.indexOf("/");
    if (slash < 0) {
        return false;
    }
    const domain = resourceName.slice(0, slash);
    return domain !== "kubernetes.io" && !domain.endsWith(".kubernetes.io") && !resourceName.startsWith("requests.");
}
