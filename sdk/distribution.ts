import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { crdApiVersion, crdKind } from "./crd";
import { defaultContainerPort } from "./defaults";
import { DistributionArgs } from "./distributionArgs";
import { buildDistributionSpec, checkDistributionArgs, defaultReplicasFor, ResolvedDistributionArgs } from "./distributionSpec";
import { commonLabels, selectorLabels } from "./labels";
import { buildDisruptionBudgetSpec, wantsDisruptionBudget } from "./pdb";
import { buildServiceSpec } from "./service";
import { componentLabel, Problems, validated } from "./validation";

/**
 * A LlamaStack server that scales: one `LlamaStackDistribution` custom resource (which the
 * llamastack controller turns into pods) and the Service in front of it, plus a
 * PodDisruptionBudget when more than one replica can run.
 *
 * The custom resource is named after the component, so the guide's commands work as written:
 * `kubectl patch llamastackdistribution <name> -p '{"spec":{"replicas":3}}'`.
 */
export class Distribution extends pulumi.ComponentResource {
    /** Name of the `LlamaStackDistribution` object. */
    public readonly name: pulumi.Output<string>;
    /** Namespace of the distribution and its Service. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the Service in front of the pods; empty when `service.enabled` is false. */
    public readonly serviceName: pulumi.Output<string>;
    /** Labels that select the distribution's pods, `{ app: <name> }`. */
    public readonly selector: pulumi.Output<{ [key: string]: string }>;

    constructor(name: string, args: DistributionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:Distribution", name, {}, opts);

        // Reject bad input before any child exists; unknown values are checked when they resolve.
        const resolved = validated(args, (a) => {
            const problems = new Problems(componentLabel("Distribution", name));
            checkDistributionArgs(problems, name, a as ResolvedDistributionArgs);
            problems.throwIfAny();
        });

        const selector = selectorLabels(name);
        const labels = commonLabels(name);

        const distribution = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: crdApiVersion,
                kind: crdKind,
                metadata: { name, namespace: args.namespace, labels },
                spec: resolved.apply((a) => buildDistributionSpec(a as ResolvedDistributionArgs, { selector })),
            },
            { parent: this },
        );
        const namespace = distribution.metadata.namespace;

        let serviceName: pulumi.Output<string> = pulumi.output("");
        if (args.service?.enabled ?? true) {
            const service = new k8s.core.v1.Service(
                `${name}-service`,
                {
                    metadata: {
                        name: args.service?.name ?? name,
                        namespace: args.namespace,
                        labels,
                        annotations: args.service?.annotations,
                    },
                    spec: resolved.apply((a) =>
                        buildServiceSpec(a.service ?? {}, selector, a.port ?? defaultContainerPort),
                    ) as pulumi.Output<k8s.types.input.core.v1.ServiceSpec>,
                },
                { parent: this, dependsOn: [distribution] },
            );
            serviceName = service.metadata.name;
        }

        // Unknown replica counts get a budget: maxUnavailable 1 never blocks a drain of one pod.
        // Spot distributions default to 2 replicas, so they get one by default too.
        const replicas =
            typeof args.replicas === "number" ? args.replicas : args.replicas === undefined ? defaultReplicasFor({ spot: args.spot as ResolvedDistributionArgs["spot"] }) : Infinity;
        if (wantsDisruptionBudget(args.disruptionBudget, replicas)) {
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-pdb`,
                {
                    metadata: { name, namespace: args.namespace, labels },
                    spec: resolved.apply((a) => buildDisruptionBudgetSpec(a.disruptionBudget, selector)),
                },
                { parent: this, dependsOn: [distribution] },
            );
        }

        this.name = distribution.metadata.name;
        this.namespace = namespace;
        this.serviceName = serviceName;
        this.selector = pulumi.output(selector);
        this.registerOutputs({
            name: this.name,
            namespace: this.namespace,
            serviceName: this.serviceName,
            selector: this.selector,
        });
    }
}
