// The controller's installation: its least-privilege RBAC and the Deployment that runs the bundled
// controller (controller/dist/controller.js, built by `npm run build`) on a stock Node.js image.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import { crdGroup, crdPlural } from "../core/crd";
import { packageRoot } from "../core/packageRoot";
import { defaultControllerImage, defaultControllerNamespace, defaultControllerReplicas } from "./defaults";
import { checkDns1123Label, isDns1123Label, isImageReference } from "../core/names";
import { checkResources, ResolvedResources } from "../core/resources";
import { rules } from "../core/rules";
import { Problems, show } from "../core/validation";
import { ResolvedControllerArgs } from "./args";
import { watchNamespacesEnv } from "../core/watchNamespaces";

/** Fixed names: one controller per cluster, and its lease must be found by every replica. */
export const controllerName = "llamastack-controller";

/** The immutable ConfigMap holding one version of the controller's code, named after its SHA-256. */
export function controllerCodeName(bundleHash: string): string {
    return `${controllerName}-code-${bundleHash.slice(0, 12)}`;
}
export const controllerHealthPort = 8081;
export const defaultControllerResources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } };
const logLevels = ["debug", "info", "warn", "error"];

/** Where the bundled controller lives in the package (next to `bin/`). */
export const controllerBundlePath = path.join(packageRoot, "controller", "dist", "controller.js");

/** The bundled controller's code; a clear error when the package was not built. */
export function loadControllerBundle(file: string = controllerBundlePath): string {
    if (!fs.existsSync(file)) {
        throw new Error(`the llamastack controller bundle ${file} is missing: run \`npm run build\` (or \`npm run build:controller\`) in the llamastack package`);
    }
    return fs.readFileSync(file, "utf8");
}

export function checkControllerArgs(problems: Problems, args: ResolvedControllerArgs): void {
    if (args.namespace !== undefined) {
        checkDns1123Label(problems, "controller.namespace", args.namespace);
    }
    if (args.replicas !== undefined) {
        problems.check(Number.isInteger(args.replicas) && args.replicas >= 0, `controller.replicas ${show(args.replicas)}`, rules.nonNegativeInteger);
    }
    if (args.image !== undefined) {
        problems.check(args.image.trim() !== "", "controller.image", "must not be empty");
    }
    if (args.logLevel !== undefined) {
        problems.check(logLevels.includes(args.logLevel), `controller.logLevel ${show(args.logLevel)}`, `must be one of ${logLevels.join(", ")}`);
    }
    checkResources(problems, "controller.resources", args.resources as ResolvedResources | undefined);
    for (const [name, image] of Object.entries(args.distributionImages ?? {})) {
        problems.check(isDns1123Label(name), `controller.distributionImages key ${show(name)}`, "must be a distribution name (a DNS-1123 label)");
        problems.check(isImageReference(image), `controller.distributionImages[${show(name)}] ${show(image)}`, "must be an image reference without spaces");
    }
}

export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
    resourceNames?: string[];
}

/**
 * Exactly what the controller does, cluster-wide (a ClusterRole) or in each namespace it serves (a
 * Role there, `controller.namespaces`): watch distributions and write their status; read,
 * create (server-side apply creates through `create`) and patch Deployments; list the pods of a
 * distribution whose replicas are not ready, to report why the scheduler cannot place them
 * (read-only); record Events.
 */
export function buildControllerClusterRules(): PolicyRule[] {
    return [
        { apiGroups: [crdGroup], resources: [crdPlural], verbs: ["list", "watch"] },
        { apiGroups: [crdGroup], resources: [`${crdPlural}/status`], verbs: ["patch"] },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch", "create", "patch"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
        // The one claim of a distribution with persistent storage; create only (it is deleted with its owner).
        { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["create"] },
        { apiGroups: [""], resources: ["events"], verbs: ["create"] },
        // The revision of a distribution's TLS Certificate, to roll its pods onto a renewal: watched,
        // and read one by one while the watch cannot run (cert-manager installed later). Read-only.
        { apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: ["get", "list", "watch"] },
    ];
}

/** Its leader-election Lease, in its own namespace only: create it once, then read and renew that one. */
export function buildControllerLeaseRules(): PolicyRule[] {
    return [
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: [controllerName], verbs: ["get", "update"] },
    ];
}

export function controllerLabels(): Record<string, string> {
    return { app: controllerName, "app.kubernetes.io/name": controllerName, "app.kubernetes.io/part-of": "llamastack", "app.kubernetes.io/managed-by": "pulumi" };
}

/** The controller Deployment's spec; `bundleHash` rolls the pods when the code changes. */
export function buildControllerDeploymentSpec(args: ResolvedControllerArgs, bundleHash: string): k8s.types.input.apps.v1.DeploymentSpec {
    const selector = { app: controllerName };
    return {
        replicas: args.replicas ?? defaultControllerReplicas,
        selector: { matchLabels: selector },
        template: {
            metadata: { labels: controllerLabels(), annotations: { "llamastack.io/controller-sha256": bundleHash } },
            spec: {
                serviceAccountName: controllerName,
                securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                    {
                        name: "controller",
                        image: args.image ?? defaultControllerImage,
                        command: ["node", "/controller/controller.js"],
                        env: [
                            { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                            { name: "HEALTH_PORT", value: String(controllerHealthPort) },
                            { name: "LOG_LEVEL", value: args.logLevel ?? "info" },
                            // Namespaced mode: it lists and watches there only, where its Roles are.
                            ...(args.namespaces !== undefined ? [{ name: watchNamespacesEnv, value: args.namespaces.join(",") }] : []),
                            ...(args.allowPodOverrides ? [{ name: "ALLOW_POD_OVERRIDES", value: "true" }] : []),
                            ...(args.distributionImages && Object.keys(args.distributionImages).length > 0
                                ? [{ name: "DISTRIBUTION_IMAGES", value: JSON.stringify(args.distributionImages) }]
                                : []),
                        ],
                        ports: [{ name: "health", containerPort: controllerHealthPort, protocol: "TCP" }],
                        resources: args.resources ?? defaultControllerResources,
                        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                        livenessProbe: { httpGet: { path: "/healthz", port: "health" }, periodSeconds: 10, failureThreshold: 3 },
                        readinessProbe: { httpGet: { path: "/readyz", port: "health" }, periodSeconds: 5, failureThreshold: 3 },
                        volumeMounts: [{ name: "code", mountPath: "/controller", readOnly: true }],
                    },
                ],
                volumes: [{ name: "code", configMap: { name: controllerCodeName(bundleHash) } }],
            },
        },
    };
}

export function sha256(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}

export { defaultControllerNamespace };
