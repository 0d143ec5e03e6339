// A NetworkPolicy in front of the server: ingress to its port only from the namespaces, pods and
// address blocks named, plus the clients a LoadBalancer Service admits. Enforced by the cluster's
// network plugin (Calico, Cilium, ...); a cluster without one accepts the object and enforces nothing.
import * as pulumi from "@pulumi/pulumi";
import { isCidr } from "../core/cidr";
import { checkLabels, isDns1123Label } from "../core/names";
import { Problems, show } from "../core/validation";

/**
 * Who may reach the server's port. Off unless given. With a LoadBalancer or NodePort Service,
 * clients outside the cluster must be admitted too: through `service.loadBalancerSourceRanges`
 * (admitted here as well) or `allowedFromCidrs`.
 */
export interface NetworkPolicy {
    /**
     * Create the NetworkPolicy. Defaults to true when `networkPolicy` is given.
     * @default true
     */
    enabled?: boolean;
    /** Namespaces whose pods may connect, by name, e.g. `["apps", "ingress-nginx"]`. */
    allowedFromNamespaces?: pulumi.Input<pulumi.Input<string>[]>;
    /** Labels of pods in the distribution's namespace that may connect, e.g. `{ role: "agent" }`. */
    allowedFromPods?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Address blocks that may connect, e.g. a load balancer's or an office's, `["10.0.0.0/8"]`. */
    allowedFromCidrs?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The resolved arguments the policy is built from. */
export interface NetworkPolicyInputs {
    policy: pulumi.Unwrap<NetworkPolicy>;
    /** The Service's type and source ranges, which decide who outside the cluster is a client. */
    serviceType: string | undefined;
    loadBalancerSourceRanges: string[] | undefined;
}

/** True when the arguments ask for a NetworkPolicy. */
export function wantsNetworkPolicy(policy: NetworkPolicy | undefined): boolean {
    return policy !== undefined && policy.enabled !== false;
}

function exposedOutside(serviceType: string | undefined): boolean {
    return serviceType === "LoadBalancer" || serviceType === "NodePort";
}

/** Checks the policy's arguments against each other and the Service's exposure. */
export function checkNetworkPolicy(problems: Problems, inputs: NetworkPolicyInputs): void {
    const { policy, serviceType, loadBalancerSourceRanges } = inputs;
    if (policy.enabled === false) {
        return;
    }
    (policy.allowedFromNamespaces ?? []).forEach((ns, i) => {
        problems.check(typeof ns === "string" && isDns1123Label(ns), `networkPolicy.allowedFromNamespaces[${i}] ${show(ns)}`, "must be a namespace name (a DNS-1123 label)");
    });
    checkLabels(problems, "networkPolicy.allowedFromPods", policy.allowedFromPods);
    (policy.allowedFromCidrs ?? []).forEach((cidr, i) => {
        problems.check(isCidr(cidr), `networkPolicy.allowedFromCidrs[${i}] ${show(cidr)}`, 'must be an IPv4 or IPv6 CIDR such as "10.0.0.0/8"');
    });
    const fromCidrs = (policy.allowedFromCidrs ?? []).length + (exposedOutside(serviceType) ? (loadBalancerSourceRanges ?? []).length : 0);
    const peers = (policy.allowedFromNamespaces ?? []).length + Object.keys(policy.allowedFromPods ?? {}).length + fromCidrs;
    if (exposedOutside(serviceType) && fromCidrs === 0) {
        problems.add(
            "networkPolicy",
            `with a ${serviceType} Service must admit its clients: set service.loadBalancerSourceRanges or networkPolicy.allowedFromCidrs to the addresses they come from, or use a ClusterIP Service`,
        );
    } else if (peers === 0) {
        problems.add("networkPolicy", "admits nobody: set allowedFromNamespaces, allowedFromPods or allowedFromCidrs");
    }
}

/** The NetworkPolicy's spec: ingress to `port` of the selected pods from the peers named. */
export function buildNetworkPolicySpec(inputs: NetworkPolicyInputs, podSelector: Record<string, string>, port: number): Record<string, unknown> {
    const { policy, serviceType, loadBalancerSourceRanges } = inputs;
    const from: Record<string, unknown>[] = [];
    const namespaces = policy.allowedFromNamespaces ?? [];
    if (namespaces.length > 0) {
        from.push({ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...namespaces] }] } });
    }
    if (policy.allowedFromPods && Object.keys(policy.allowedFromPods).length > 0) {
        from.push({ podSelector: { matchLabels: { ...policy.allowedFromPods } } });
    }
    const cidrs = [...(policy.allowedFromCidrs ?? []), ...(exposedOutside(serviceType) ? (loadBalancerSourceRanges ?? []) : [])];
    for (const cidr of [...new Set(cidrs)]) {
        from.push({ ipBlock: { cidr } });
    }
    return {
        podSelector: { matchLabels: podSelector },
        policyTypes: ["Ingress"],
        ingress: [{ from, ports: [{ protocol: "TCP", port }] }],
    };
}
