// Services: a LoadBalancer (the guide's choice) open to the whole internet is worth a second look,
// and one that carries plain HTTP to a server's API from there more so. Two rules, each finding
// reported once: `loadbalancer-tls` for a LoadBalancer without source ranges in front of a
// distribution, Deployment or StatefulSet that serves no TLS (prompts and API keys in clear
// text); `loadbalancer-source-ranges` for every other LoadBalancer without source ranges.

import { StackValidationPolicy } from "@pulumi/policy";
import { asArray, at, isDistribution, isUnknown, Unknown, unknown } from "./kube";
import { Stack, StackObject } from "./stack";

const sourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";

/** Whether a Service limits its load balancer's clients (`spec.loadBalancerSourceRanges` or the annotation). */
function hasSourceRanges(props: unknown): boolean | Unknown {
    const ranges = at(props, "spec", "loadBalancerSourceRanges");
    const annotation = at(props, "metadata", "annotations", sourceRangesAnnotation);
    if ((asArray(ranges) ?? []).length > 0) {
        return true; // even with an entry unknown during preview: the list is not empty
    }
    if (typeof annotation === "string" && annotation.trim() !== "") {
        return true;
    }
    return isUnknown(ranges) || isUnknown(annotation) ? unknown : false;
}

/** Whether a Service serves TLS: one of its ports is named `https`, has `appProtocol: https`, or is port 443. */
function serviceServesTls(props: unknown): boolean | Unknown {
    const ports = at(props, "spec", "ports");
    if (isUnknown(ports)) {
        return unknown;
    }
    let unsure = false;
    for (const port of asArray(ports) ?? []) {
        const name = at(port, "name");
        const appProtocol = at(port, "appProtocol");
        const number = at(port, "port");
        if (name === "https" || (typeof appProtocol === "string" && appProtocol.toLowerCase() === "https") || number === 443) {
            return true;
        }
        unsure ||= isUnknown(port) || isUnknown(name) || isUnknown(appProtocol) || isUnknown(number);
    }
    return unsure ? unknown : false;
}

/** Whether a distribution serves TLS itself (`spec.tls.secretName`). */
function distributionServesTls(object: StackObject): boolean | Unknown {
    const secretName = at(object.props, "spec", "tls", "secretName");
    if (isUnknown(secretName)) {
        return unknown;
    }
    return typeof secretName === "string" && secretName.trim() !== "";
}

const frontedKinds = new Set(["apps/Deployment", "apps/StatefulSet"]);

/**
 * What the two rules say about one Service: nothing (not a LoadBalancer, source ranges set, or
 * unknown during preview), "open" (`loadbalancer-source-ranges`), or the workloads it carries plain
 * HTTP to from any address (`loadbalancer-tls`). A Service is only `loadbalancer-tls`'s when that is
 * certain; while an unknown value could still make it so, it is reported as open, which it is.
 */
function judge(stack: Stack, service: StackObject): undefined | "open" | StackObject[] {
    const type = at(service.props, "spec", "type");
    if (type !== "LoadBalancer") {
        return undefined;
    }
    const ranges = hasSourceRanges(service.props);
    if (ranges !== false) {
        return undefined;
    }
    if (serviceServesTls(service.props) !== false) {
        return "open";
    }
    const plain = stack
        .workloadsBehind(service)
        .filter((o) => (isDistribution(o.type) ? distributionServesTls(o) === false : frontedKinds.has(`${o.type.group}/${o.type.kind}`)));
    return plain.length > 0 ? plain : "open";
}

export const loadBalancerSourceRanges: StackValidationPolicy = {
    name: "loadbalancer-source-ranges",
    description: "A Service of type LoadBalancer sets spec.loadBalancerSourceRanges, so the load balancer does not accept traffic from every address.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        for (const service of stack.services) {
            if (judge(stack, service) !== "open") {
                continue;
            }
            reportViolation(
                `${service.subject}: spec.type is LoadBalancer without spec.loadBalancerSourceRanges, so the load balancer ` +
                    `accepts traffic from any address. Set loadBalancerSourceRanges to your clients' CIDRs (e.g. ["10.0.0.0/8"]), ` +
                    `or use type ClusterIP behind an ingress.`,
                service.urn,
            );
        }
    },
};

export const loadBalancerTls: StackValidationPolicy = {
    name: "loadbalancer-tls",
    description:
        "A Service of type LoadBalancer in front of a distribution, Deployment or StatefulSet serves TLS or sets spec.loadBalancerSourceRanges: otherwise prompts, responses and API keys cross a public address in clear text.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        for (const service of stack.services) {
            const plain = judge(stack, service);
            if (!Array.isArray(plain)) {
                continue;
            }
            const distributions = plain.some((o) => isDistribution(o.type));
            const others = plain.some((o) => !isDistribution(o.type));
            const fixes = [
                ...(distributions ? ["set tls on the Distribution (spec.tls.secretName, a kubernetes.io/tls Secret)"] : []),
                ...(others ? ["serve TLS on a port named https (or appProtocol https, or port 443)"] : []),
                `or set loadBalancerSourceRanges to your clients' CIDRs (e.g. ["10.0.0.0/8"])`,
            ];
            reportViolation(
                `${service.subject} is a LoadBalancer in front of ${plain.map((o) => o.subject).join(", ")} without TLS ` +
                    `(no port named https, appProtocol https or port 443${distributions ? ", no spec.tls on the distribution" : ""}) ` +
                    `and without spec.loadBalancerSourceRanges: it serves plain HTTP to a public address, so prompts, responses and API keys ` +
                    `cross the network in clear text. ${capitalized(fixes.join(", "))}.`,
                service.urn,
            );
        }
    },
};

function capitalized(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
