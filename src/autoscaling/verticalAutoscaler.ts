import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { commonLabels } from "../core/labels";
import { checkDns1123Label } from "../core/names";
import { componentLabel, Problems, requireArgs, validated } from "../core/validation";
import { VerticalAutoscalerArgs } from "./args";
import { checkVerticalAutoscaling } from "./vpaChecks";
import { buildVpaSpec, vpaApiVersion, vpaKind } from "./vpaSpec";

/**
 * An `autoscaling.k8s.io/v1` VerticalPodAutoscaler on a `LlamaStackDistribution`, named after
 * this component. Needs the VPA's CRDs and controllers in the cluster.
 */
export class VerticalAutoscaler extends pulumi.ComponentResource {
    /** Name of the VerticalPodAutoscaler object, for `kubectl get vpa` / `kubectl describe vpa`. */
    public readonly name: pulumi.Output<string>;
    /** Namespace of the VPA. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the distribution it sizes. */
    public readonly targetName: pulumi.Output<string>;

    constructor(name: string, args: VerticalAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:VerticalAutoscaler", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("VerticalAutoscaler", name, args, ["targetName"]);

        const resolved = validated(args, (v) => {
            const problems = new Problems(componentLabel("VerticalAutoscaler", name));
            checkDns1123Label(problems, "name", name);
            checkDns1123Label(problems, "targetName", v.targetName);
            if (v.namespace !== undefined) {
                checkDns1123Label(problems, "namespace", v.namespace);
            }
            checkVerticalAutoscaling(problems, "", v);
            problems.throwIfAny();
        });

        const vpa = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: vpaApiVersion,
                kind: vpaKind,
                metadata: { name, namespace: args.namespace, labels: pulumi.output(args.targetName).apply(commonLabels) },
                spec: resolved.apply((v) => buildVpaSpec(v.targetName, v)),
            },
            { parent: this },
        );

        this.name = vpa.metadata.name;
        this.namespace = vpa.metadata.namespace;
        this.targetName = pulumi.output(args.targetName);
        this.registerOutputs({ name: this.name, namespace: this.namespace, targetName: this.targetName });
    }
}
