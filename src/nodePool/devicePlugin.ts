import { PoolToleration } from "./args";

/** What the device plugin DaemonSet is built from. */
export interface DevicePluginPlacement {
    /** The NodePool the plugin serves; its pods are named and labelled after it. */
    poolName: string;
    namespace: string;
    image: string;
    /** The pool's node selector, so the plugin runs on the pool's GPU nodes only. */
    nodeSelector: Record<string, string>;
    /** The pool's tolerations (GPU taint, and the spot taint on spot pools), so it can run there. */
    tolerations: PoolToleration[];
}

/** The kubelet's directory for device plugin sockets; the plugin must write its socket there. */
export const devicePluginHostPath = "/var/lib/kubelet/device-plugins";

/** Labels of the device plugin's DaemonSet and pods; the pool name keeps two pools' plugins apart. */
export function devicePluginLabels(poolName: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": "nvidia-device-plugin",
        "app.kubernetes.io/instance": poolName,
        "app.kubernetes.io/part-of": "llamastack",
        "app.kubernetes.io/managed-by": "pulumi",
    };
}

/**
 * The `spec` of the NVIDIA device plugin DaemonSet, restricted as far as the plugin allows.
 *
 * It cannot meet the `restricted` (or even `baseline`) Pod Security level: it registers with the
 * kubelet through a Unix socket in the host's `/var/lib/kubelet/device-plugins`, which needs a
 * hostPath volume and root (the directory belongs to root). What it can drop, it drops: no
 * privilege escalation, no capabilities, the runtime's seccomp profile, no service account token
 * (it never calls the API server), and it runs on the pool's GPU nodes only.
 */
export function buildDevicePluginSpec(placement: DevicePluginPlacement): Record<string, unknown> {
    const selector = { "app.kubernetes.io/name": "nvidia-device-plugin", "app.kubernetes.io/instance": placement.poolName };
    const podSpec: Record<string, unknown> = {
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
        automountServiceAccountToken: false,
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "nvidia-device-plugin",
                image: placement.image,
                // Restricted to GPU nodes, so failing is right: the kubelet restarts it until the driver is up.
                env: [{ name: "FAIL_ON_INIT_ERROR", value: "true" }],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
                volumeMounts: [{ name: "device-plugin", mountPath: devicePluginHostPath }],
            },
        ],
        volumes: [{ name: "device-plugin", hostPath: { path: devicePluginHostPath, type: "Directory" } }],
    };
    // Clusters commonly allow the node-critical priority in kube-system only.
    if (placement.namespace === "kube-system") {
        podSpec.priorityClassName = "system-node-critical";
    }
    return {
        selector: { matchLabels: selector },
        updateStrategy: { type: "RollingUpdate" },
        template: { metadata: { labels: devicePluginLabels(placement.poolName) }, spec: podSpec },
    };
}
