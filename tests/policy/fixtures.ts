// Resources as the Kubernetes provider hands them to policies, written briefly.

import { TestResource } from "./harness";

export const types = {
    distribution: "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution",
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    replicaSet: "kubernetes:apps/v1:ReplicaSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
    pod: "kubernetes:core/v1:Pod",
    service: "kubernetes:core/v1:Service",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    hpaV1: "kubernetes:autoscaling/v1:HorizontalPodAutoscaler",
    vpa: "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    nodePool: "kubernetes:karpenter.sh/v1:NodePool",
} as const;

type Props = Record<string, unknown>;

/** The restricted security context a well-behaved container carries. */
export const restrictedContainer: Props = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

/** The guide's "Resource Requests vs Limits" block: limits exactly 2x requests. */
export const guideResources = { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } };

export function container(name: string, extra: Props = {}): Props {
    return { name, image: "llamastack/distribution-ollama:0.2.0", resources: guideResources, securityContext: restrictedContainer, ...extra };
}

/** Our custom resource, with the guide's fields. */
export function distribution(name: string, spec: Props = {}, metadata: Props = {}): TestResource {
    return {
        type: types.distribution,
        props: {
            apiVersion: "llamastack.io/v1alpha1",
            kind: "LlamaStackDistribution",
            metadata: { name, ...metadata },
            spec: { image: "llamastack/distribution-ollama:0.2.0", resources: guideResources, ...spec },
        },
    };
}

function template(podSpec: Props, labels: Record<string, string>): Props {
    return { metadata: { labels }, spec: podSpec };
}

/** A Deployment (or StatefulSet/DaemonSet/ReplicaSet with `type`) running the given pod spec. */
export function deployment(name: string, podSpec: Props = { containers: [container("app")] }, spec: Props = {}, type: string = types.deployment): TestResource {
    const labels = { app: name };
    return {
        type,
        props: {
            metadata: { name },
            spec: { selector: { matchLabels: labels }, template: template(podSpec, labels), ...spec },
        },
    };
}

export function job(name: string, podSpec: Props): TestResource {
    return { type: types.job, props: { metadata: { name }, spec: { template: template(podSpec, {}) } } };
}

export function cronJob(name: string, podSpec: Props, schedule = "0 18 * * *"): TestResource {
    return {
        type: types.cronJob,
        props: { metadata: { name }, spec: { schedule, jobTemplate: { spec: { template: template(podSpec, {}) } } } },
    };
}

export function pod(name: string, podSpec: Props): TestResource {
    return { type: types.pod, props: { metadata: { name }, spec: podSpec } };
}

/** The guide's HPA (min 2, max 10, cpu 70%, memory 80%) on a target, with a scale-down window. */
export function hpa(name: string, target: string, spec: Props = {}, kind = "LlamaStackDistribution", apiVersion = "llamastack.io/v1alpha1"): TestResource {
    return {
        type: types.hpa,
        props: {
            metadata: { name },
            spec: {
                scaleTargetRef: { apiVersion, kind, name: target },
                minReplicas: 2,
                maxReplicas: 10,
                metrics: [
                    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
                    { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
                ],
                behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
                ...spec,
            },
        },
    };
}

/** The guide's VPA (updateMode Auto, bounds for the llamastack container) on a target. */
export function vpa(name: string, target: string, spec: Props = {}): TestResource {
    return {
        type: types.vpa,
        props: {
            metadata: { name },
            spec: {
                targetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: target },
                updatePolicy: { updateMode: "Auto" },
                resourcePolicy: {
                    containerPolicies: [{ containerName: "llamastack", maxAllowed: { cpu: "4", memory: "8Gi" }, minAllowed: { cpu: "100m", memory: "128Mi" } }],
                },
                ...spec,
            },
        },
    };
}

export function pdb(name: string, matchLabels: Record<string, string>, metadata: Props = {}): TestResource {
    return { type: types.pdb, props: { metadata: { name, ...metadata }, spec: { selector: { matchLabels }, maxUnavailable: 1 } } };
}

/** A Karpenter NodePool, as the NodePool component makes it. */
export function nodePool(name: string, options: { labels?: Record<string, string>; taints?: Props[]; requirements?: Props[] }): TestResource {
    return {
        type: types.nodePool,
        props: {
            metadata: { name },
            spec: {
                template: {
                    metadata: { labels: options.labels ?? {} },
                    spec: {
                        nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
                        requirements: options.requirements ?? [],
                        taints: options.taints ?? [],
                    },
                },
            },
        },
    };
}

export function service(name: string, spec: Props, metadata: Props = {}): TestResource {
    return { type: types.service, props: { metadata: { name, ...metadata }, spec } };
}
