import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { commonLabels } from "../core/labels";
import { checkDns1123Label } from "../core/names";
import { checkedArgs, componentLabel, Problems, requireArgs } from "../core/validation";
import { HorizontalAutoscalerArgs } from "./args";
import { checkAutoscaling } from "./hpaChecks";
import { buildHpaSpec } from "./hpaSpec";

/**
 * The `autoscaling/v2` HorizontalPodAutoscaler `name` on the distribution `targetName`, with a
 * spec from `buildHpaSpec` of validated arguments. The HorizontalAutoscaler component wraps it;
 * a Distribution makes it directly (one registration less per distribution, BENCHMARKS.md).
 */
export function newHorizontalPodAutoscaler(
    name: string,
    namespace: pulumi.Input<string> | undefined,
    targetName: pulumi.Input<string>,
    spec: pulumi.Input<Record<string, unknown>>,
    opts: pulumi.CustomResourceOptions,
): k8s.autoscaling.v2.HorizontalPodAutoscaler {
    return new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        name,
        {
            metadata: {
                name,
                namespace,
                labels: typeof targetName === "string" ? commonLabels(targetName) : pulumi.output(targetName).apply(commonLabels),
            },
            spec: spec as unknown as pulumi.Input<k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec>,
        },
        opts,
    );
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler whose target is a `LlamaStackDistribution` (through
 * the CRD's `scale` subresource), named after this component: `kubectl get hpa <name>`.
 */
export class HorizontalAutoscaler extends pulumi.ComponentResource {
    /** Name of the HorizontalPodAutoscaler object, for `kubectl get hpa` / `kubectl describe hpa`. */
    public readonly name: pulumi.Output<string>;
    /** Namespace of the HPA. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the distribution it scales. */
    public readonly targetName: pulumi.Output<string>;

    constructor(name: string, args: HorizontalAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:HorizontalAutoscaler", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("HorizontalAutoscaler", name, args, ["targetName"]);

        const checked = checkedArgs(args, (a) => {
            const problems = new Problems(componentLabel("HorizontalAutoscaler", name));
            checkDns1123Label(problems, "name", name);
            checkDns1123Label(problems, "targetName", a.targetName);
            if (a.namespace !== undefined) {
                checkDns1123Label(problems, "namespace", a.namespace);
            }
            checkAutoscaling(problems, "", a);
            problems.throwIfAny();
        });

        const hpa = newHorizontalPodAutoscaler(
            name,
            args.namespace,
            args.targetName,
            checked.build((a) => buildHpaSpec(a.targetName, a)),
            { parent: this },
        );

        this.name = hpa.metadata.name;
        this.namespace = hpa.metadata.namespace;
        this.targetName = pulumi.output(args.targetName);
        this.registerOutputs({ name: this.name, namespace: this.namespace, targetName: this.targetName });
    }
}
