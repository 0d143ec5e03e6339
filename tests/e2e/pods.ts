// What the cluster runs for a distribution, read from the API server: its pods and the Service's
// EndpointSlices (the pods are kwok's, the scheduling and endpoints the real controllers').
import { kubectlJson } from "./run";

/** The distribution's pods that are Running and not being deleted. */
export function runningPods(app: string, namespace = "default"): any[] {
    return kubectlJson(["get", "pods", "-n", namespace, "-l", `app=${app}`]).items.filter(
        (pod: any) => pod.status.phase === "Running" && !pod.metadata.deletionTimestamp,
    );
}

/** How many of the distribution's pods are Ready. */
export function readyPodCount(app: string, namespace = "default"): number {
    return runningPods(app, namespace).filter((pod) => pod.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True")).length;
}

/** Names of the pods behind a Service's ready endpoints, sorted. */
export function endpointPods(service: string, namespace = "default"): string[] {
    const slices = kubectlJson(["get", "endpointslices", "-n", namespace, "-l", `kubernetes.io/service-name=${service}`]).items;
    return slices
        .flatMap((slice: any) => slice.endpoints ?? [])
        .filter((endpoint: any) => endpoint.conditions?.ready !== false)
        .map((endpoint: any) => endpoint.targetRef?.name)
        .sort();
}

/** The zone label of the node each Running pod is on. */
export function podZones(app: string, namespace = "default"): string[] {
    const nodes = new Map<string, string>(
        kubectlJson(["get", "nodes"]).items.map((node: any) => [node.metadata.name, node.metadata.labels["topology.kubernetes.io/zone"]]),
    );
    return runningPods(app, namespace).map((pod) => nodes.get(pod.spec.nodeName) ?? "");
}
