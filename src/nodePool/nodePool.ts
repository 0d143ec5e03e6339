import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { defaultDevicePluginImage, defaultDevicePluginNamespace } from "./defaults";
import { buildDevicePluginSpec, devicePluginLabels } from "./devicePlugin";
import { NodePoolArgs, PoolToleration, ResolvedNodePoolArgs } from "./args";
import { componentLabel, Problems, requireArgs, validated } from "../core/validation";
import { checkNodePoolArgs } from "./nodePoolChecks";
import { buildNodePoolSpec, nodePoolApiVersion, nodePoolKind, poolNodeSelector, poolSpotNodeSelector, poolTolerations } from "./nodePoolSpec";

/**
 * GPU and/or spot capacity as a Karpenter `karpenter.sh/v1` NodePool: the labels and taints on
 * its nodes, and the `nodeSelector` and `tolerations` a workload needs to land there, to pass
 * into a `Distribution`. Optionally the NVIDIA device plugin DaemonSet on the pool's nodes.
 *
 * Karpenter runs on AWS (EKS) and on Azure (AKS Node Auto Provisioning). On other clouds, create
 * the node pool there and pass its labels and taints to the `Distribution` yourself.
 * @see https://karpenter.sh/docs/concepts/nodepools/
 */
export class NodePool extends pulumi.ComponentResource {
    /** Name of the Karpenter NodePool (cluster-scoped), the component's name. */
    public readonly name: pulumi.Output<string>;
    /** Node labels that select the pool's nodes; pass as a Distribution's `nodeSelector`. */
    public readonly nodeSelector: pulumi.Output<{ [key: string]: string }>;
    /** Tolerations of the pool's taints; pass as a Distribution's `tolerations`. */
    public readonly tolerations: pulumi.Output<PoolToleration[]>;
    /** Selector of the pool's spot nodes (empty without spot); pass as a Distribution's `spot.nodeSelector`. */
    public readonly spotNodeSelector: pulumi.Output<{ [key: string]: string }>;
    /** Name of the device plugin DaemonSet; empty when it is not deployed. */
    public readonly devicePluginName: pulumi.Output<string>;

    constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:NodePool", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("NodePool", name, args, []);

        const resolved = validated(args, (a) => {
            const problems = new Problems(componentLabel("NodePool", name));
            checkNodePoolArgs(problems, name, a as ResolvedNodePoolArgs);
            problems.throwIfAny();
        });
        const pool = resolved as pulumi.Output<ResolvedNodePoolArgs>;

        const nodePool = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: nodePoolApiVersion,
                kind: nodePoolKind,
                metadata: { name, labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "llamastack" } },
                spec: pool.apply((a) => buildNodePoolSpec(a)),
            },
            { parent: this },
        );

        const nodeSelector = pool.apply((a) => poolNodeSelector(name, a));
        const tolerations = pool.apply((a) => poolTolerations(a));

        let devicePluginName: pulumi.Output<string> = pulumi.output("");
        if (args.gpu?.devicePlugin?.enabled) {
            const daemonSetName = `${name}-device-plugin`;
            const daemonSet = new k8s.apps.v1.DaemonSet(
                daemonSetName,
                {
                    metadata: {
                        name: daemonSetName,
                        namespace: args.gpu.devicePlugin.namespace ?? defaultDevicePluginNamespace,
                        labels: devicePluginLabels(name),
                    },
                    spec: pool.apply((a) =>
                        buildDevicePluginSpec({
                            poolName: name,
                            namespace: a.gpu?.devicePlugin?.namespace ?? defaultDevicePluginNamespace,
                            image: a.gpu?.devicePlugin?.image ?? defaultDevicePluginImage,
                            nodeSelector: poolNodeSelector(name, a),
                            tolerations: poolTolerations(a),
                        }),
                    ) as unknown as pulumi.Output<k8s.types.input.apps.v1.DaemonSetSpec>,
                },
                { parent: this, dependsOn: [nodePool] },
            );
            devicePluginName = daemonSet.metadata.name;
        }

        this.name = nodePool.metadata.name;
        this.nodeSelector = nodeSelector;
        this.tolerations = tolerations;
        this.spotNodeSelector = pool.apply((a) => poolSpotNodeSelector(a));
        this.devicePluginName = devicePluginName;
        this.registerOutputs({
            name: this.name,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
            spotNodeSelector: this.spotNodeSelector,
            devicePluginName: this.devicePluginName,
        });
    }
}
