// The fleet the benchmarks build: `count` distributions with the guide's HPA (min 2, max 10,
// cpu 70%, memory 80%) and the guide's resources, three ways: our `Distribution` component,
// the same objects written by hand with @pulumi/kubernetes, and the same objects as YAML for
// `kubectl apply --server-side` (rendered with the package's own build functions).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { Distribution } from "../../src/distribution/distribution";
import { buildDistributionSpec, ResolvedDistributionArgs } from "../../src/distribution/distributionSpec";
import { buildDisruptionBudgetSpec } from "../../src/distribution/pdb";
import { buildHpaSpec } from "../../src/autoscaling/hpaSpec";
import { buildServiceSpec } from "../../src/distribution/service";
import { commonLabels, selectorLabels } from "../../src/core/labels";
import { defaultContainerPort } from "../../src/distribution/defaults";
import { crdApiVersion, crdKind } from "../../src/core/crd";

export const image = "llamastack/distribution-ollama:0.2.0";
export const guideResources = { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } };
export const guideAutoscaling = { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70, targetMemoryUtilization: 80 };

/** Name of the i-th distribution: `bench-0001`. */
export function nameOf(i: number): string {
    return `bench-${String(i).padStart(4, "0")}`;
}

/** `count` Distributions with the guide's autoscaling. */
export function componentFleet(count: number, namespace?: string): Distribution[] {
    const fleet: Distribution[] = [];
    for (let i = 0; i < count; i++) {
        fleet.push(new Distribution(nameOf(i), { image, namespace, resources: guideResources, autoscaling: guideAutoscaling }));
    }
    return fleet;
}

/**
 * The same objects written by hand, as a user without this package would: literal specs, no
 * components, no validation. Kept equal to what `Distribution` sends (bench/run.ts checks it).
 *
 * `wrapped`: each distribution's objects are children of an empty component of their own (no
 * outputs, no checks): the least that any component per distribution costs in Pulumi, so that
 * the benchmark can tell Pulumi's cost of a component from our code's.
 */
export function plainFleet(p: typeof pulumi, k: typeof k8s, count: number, namespace?: string, wrapped = false): void {
    for (let i = 0; i < count; i++) {
        const name = nameOf(i);
        let parent: pulumi.ComponentResource | undefined;
        if (wrapped) {
            // ComponentResource registers its (empty) outputs by itself once constructed.
            parent = new p.ComponentResource("bench:index:Wrapper", name);
        }
        const labels = {
            "app.kubernetes.io/name": "llamastack",
            "app.kubernetes.io/instance": name,
            "app.kubernetes.io/managed-by": "pulumi",
            "app.kubernetes.io/part-of": "llamastack",
        };
        const distribution = new k.apiextensions.CustomResource(name, {
            apiVersion: "llamastack.io/v1alpha1",
            kind: "LlamaStackDistribution",
            metadata: { name, namespace, labels },
            spec: { image, port: 8321, resources: guideResources },
        }, { parent });
        const after = { dependsOn: [distribution], parent };
        new k.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name, namespace, labels },
                spec: {
                    type: "LoadBalancer",
                    selector: { app: name },
                    ports: [{ name: "http", port: 8080, targetPort: 8321, protocol: "TCP" }],
                    sessionAffinity: "None",
                },
            },
            after,
        );
        new k.policy.v1.PodDisruptionBudget(
            `${name}-pdb`,
            {
                metadata: { name, namespace, labels },
                spec: { selector: { matchLabels: { app: name } }, maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" },
            },
            after,
        );
        new k.autoscaling.v2.HorizontalPodAutoscaler(
            name,
            {
                metadata: { name, namespace, labels },
                spec: {
                    scaleTargetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name },
                    minReplicas: 2,
                    maxReplicas: 10,
                    metrics: [
                        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
                        { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
                    ],
                    behavior: {
                        scaleUp: {
                            stabilizationWindowSeconds: 60,
                            selectPolicy: "Max",
                            policies: [
                                { type: "Percent", value: 100, periodSeconds: 60 },
                                { type: "Pods", value: 4, periodSeconds: 60 },
                            ],
                        },
                        scaleDown: {
                            stabilizationWindowSeconds: 300,
                            selectPolicy: "Max",
                            policies: [
                                { type: "Pods", value: 1, periodSeconds: 60 },
                                { type: "Percent", value: 25, periodSeconds: 60 },
                            ],
                        },
                    },
                },
            },
            after,
        );
    }
    void p;
}

/** The objects of one distribution as Kubernetes manifests, from the package's build functions. */
export function fleetManifests(count: number, namespace: string): Record<string, unknown>[] {
    const objects: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
        const name = nameOf(i);
        const args = { image, namespace, resources: guideResources, autoscaling: guideAutoscaling } as ResolvedDistributionArgs;
        const selector = selectorLabels(name);
        const metadata = { name, namespace, labels: commonLabels(name) };
        objects.push(
            { apiVersion: crdApiVersion, kind: crdKind, metadata, spec: buildDistributionSpec(args, { omitReplicas: true, selector }) },
            { apiVersion: "v1", kind: "Service", metadata, spec: buildServiceSpec({}, selector, defaultContainerPort) },
            { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata, spec: buildDisruptionBudgetSpec(undefined, selector) },
            { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata, spec: buildHpaSpec(name, args.autoscaling!) },
        );
    }
    return objects;
}
