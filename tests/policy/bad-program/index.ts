// A deliberately bad program: the scaling guide's YAML where it goes wrong, for the end-to-end
// tier's `pulumi preview --policy-pack policy`. No cluster is needed for the preview.
//
// Verdicts of the llamastack pack (preview exits non-zero):
//   mandatory  gpu-requests-equal-limits      my-llamastack (nvidia.com/gpu 1 / 2)
//   mandatory  hpa-owns-replicas              my-llamastack (replicas: 5 next to an HPA)
//   mandatory  hpa-vpa-conflict               llamastack-hpa (cpu, memory; VPA Auto)
//   advisory   image-tag-pinned               my-llamastack (:latest)
//   advisory   hpa-scale-down-stabilization   llamastack-hpa
//   advisory   disruption-budget-required     my-llamastack
//   advisory   replicas-spread                my-llamastack (autoscaled, no spread constraints)
//   advisory   loadbalancer-tls               llamastack-service (LoadBalancer, no TLS, no source ranges)
//   mandatory  limits-to-requests-ratio       computed (cpu 3 / 1); with `{"limits-to-requests-ratio":
//              "remediate"}` as --policy-pack-config the preview instead lowers the limit to 2
// and nothing else about `computed`, whose image and memory limit are unknown during preview.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

new k8s.apiextensions.CustomResource("my-llamastack", {
    apiVersion: "llamastack.io/v1alpha1",
    kind: "LlamaStackDistribution",
    metadata: { name: "my-llamastack" },
    spec: {
        image: "llamastack/llamastack:latest",
        replicas: 5,
        resources: {
            requests: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" },
            limits: { cpu: "4", memory: "8Gi", "nvidia.com/gpu": "2" },
        },
    },
});

new k8s.autoscaling.v2.HorizontalPodAutoscaler("llamastack-hpa", {
    metadata: { name: "llamastack-hpa" },
    spec: {
        scaleTargetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "my-llamastack" },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
            { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
        ],
    },
});

new k8s.apiextensions.CustomResource("llamastack-vpa", {
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    metadata: { name: "llamastack-vpa" },
    spec: {
        targetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "my-llamastack" },
        updatePolicy: { updateMode: "Auto" },
    },
});

new k8s.core.v1.Service("llamastack-service", {
    metadata: { name: "llamastack-service" },
    spec: { selector: { app: "my-llamastack" }, ports: [{ port: 8080, targetPort: 8080 }], type: "LoadBalancer", sessionAffinity: "None" },
});

// Values unknown during preview must be skipped, not judged.
const internal = new k8s.core.v1.Service("internal", {
    metadata: { name: "internal" },
    spec: { selector: { app: "computed" }, ports: [{ port: 80 }], type: "ClusterIP" },
});
const unknownUntilDeployed = internal.metadata.uid.apply(() => pulumi.unknown as unknown as string);
new k8s.apiextensions.CustomResource("computed", {
    apiVersion: "llamastack.io/v1alpha1",
    kind: "LlamaStackDistribution",
    metadata: { name: "computed" },
    spec: {
        image: unknownUntilDeployed,
        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "3", memory: unknownUntilDeployed } },
    },
});
