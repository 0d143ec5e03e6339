// LlamaStackOperator's arguments, and those of the controller it runs. Defaults: defaults.ts.
import * as pulumi from "@pulumi/pulumi";
import { Resources } from "../distribution/args";

/** Arguments of `LlamaStackOperator`. */
export interface LlamaStackOperatorArgs {
    /**
     * Install the `LlamaStackDistribution` CRD. Turn off when the CRD is managed elsewhere
     * (e.g. applied with `kubectl apply -f crds/`). Defaults to true.
     * @default true
     */
    installCrd?: boolean;
    /**
     * Delete the CRD on `pulumi destroy`. Deleting a CRD deletes every object of it in the cluster,
     * every distribution in every namespace, so by default the CRD is left in place (retained) when
     * the operator is destroyed. Defaults to false.
     * @default false
     */
    deleteCrdOnDestroy?: boolean;
    /**
     * The controller that runs each distribution as a Deployment and fills its status (which
     * `kubectl scale`, HPAs and VPAs need).
     * Defaults to enabled, one replica, node:22.23.3-alpine pinned by digest, namespace llamastack-system.
     * @default enabled, one replica, node:22.23.3-alpine pinned by digest, namespace llamastack-system
     */
    controller?: Controller;
    /**
     * Install cert-manager too, for distributions' `tls`, through `@pulumi/kubernetes-cert-manager`.
     * Leave out when the cluster has cert-manager already (most do).
     */
    certManager?: CertManagerInstall;
}

/**
 * cert-manager, installed with the operator for distributions' `tls`. Needs the
 * `kubernetes-cert-manager` Pulumi plugin, which `pulumi` fetches on a machine with network access.
 * @see https://cert-manager.io/docs/installation/
 */
export interface CertManagerInstall {
    /**
     * Namespace of cert-manager, created when missing. Defaults to "cert-manager".
     * @default "cert-manager"
     */
    namespace?: string;
    /**
     * Version of the cert-manager Helm chart, e.g. "v1.19.1". Defaults to the kubernetes-cert-manager plugin's chart version.
     * @default the kubernetes-cert-manager plugin's chart version
     */
    version?: string;
}

/** The controller that turns `LlamaStackDistribution` objects into Deployments and reports their status. */
export interface Controller {
    /**
     * Deploy the controller. Without it the custom resources change nothing. Defaults to true.
     * @default true
     */
    enabled?: boolean;
    /**
     * Controller replicas. One leads (a `coordination.k8s.io` Lease); the others stand by. Defaults to 1.
     * @default 1
     */
    replicas?: number;
    /**
     * Image with Node.js 22 or later that runs the controller; its code comes from a ConfigMap,
     * so any stock Node.js image works. Defaults to "node:22.23.3-alpine@sha256:0a7108bf6c7bf5de370ffb1a3ed6be93d405b43ff159f681a8d18c0e2bc2e402".
     * @default "node:22.23.3-alpine@sha256:0a7108bf6c7bf5de370ffb1a3ed6be93d405b43ff159f681a8d18c0e2bc2e402"
     */
    image?: string;
    /**
     * Namespace of the controller, its ServiceAccount and its leader-election Lease.
     * Defaults to "llamastack-system".
     * @default "llamastack-system"
     */
    namespace?: string;
    /**
     * The namespaces whose distributions the controller serves: it then holds a Role in each of
     * them (and no ClusterRole), and lists, watches and writes there only, so it cannot create or
     * change Deployments anywhere else. Distributions in other namespaces are left alone.
     * Without it the controller serves every namespace through a ClusterRole that may create and
     * patch Deployments cluster-wide: give the namespaces whenever they are known (least privilege).
     * Each must be a namespace name (DNS-1123 label), given once; the namespaces must exist.
     * Defaults to every namespace (a ClusterRole).
     * @default every namespace (a ClusterRole)
     */
    namespaces?: string[];
    /**
     * Create the namespace (labeled for the `restricted` Pod Security Standard). Turn off when it exists.
     * Defaults to true.
     * @default true
     */
    createNamespace?: boolean;
    /**
     * Compute resources of the controller container.
     * Defaults to requests cpu 100m, memory 128Mi; limits cpu 200m, memory 256Mi (within the policy pack's 2x ratio).
     * @default requests cpu 100m, memory 128Mi; limits cpu 200m, memory 256Mi (within the policy pack's 2x ratio)
     */
    resources?: Resources;
    /**
     * Log level of the controller's JSON logs: debug, info, warn or error. Defaults to "info".
     * @default "info"
     */
    logLevel?: string;
    /**
     * Images of the named distributions (`Distribution.distribution`), replacing the package's
     * pins name by name or adding names, e.g. `{ starter: "registry.example.com/llamastack/distribution-starter@sha256:…" }`
     * for a mirror.
     */
    distributionImages?: { [name: string]: string };
    /**
     * Let distributions choose their pods' ServiceAccount (`serviceAccountName`) and any security
     * context. By default a distribution is as strong as a restricted pod: the CRD's schema and the
     * controller refuse a ServiceAccount, root, privilege escalation, privileged containers and
     * added capabilities (but NET_BIND_SERVICE), so that permission to create a distribution gives
     * no more than that. Turn on only when everyone who may create a distribution may also create
     * such pods. Defaults to false.
     * @default false
     */
    allowPodOverrides?: boolean;
    /**
     * Do not make `pulumi up` wait for the controller's Deployment to become available. Only for
     * clusters that run no pods, such as the local control plane of the quickstart and the tests;
     * on a real cluster the wait is what reports a controller that cannot start. Defaults to false.
     * @default false
     */
    skipAwait?: boolean;
}

export type ResolvedControllerArgs = pulumi.Unwrap<Controller>;
