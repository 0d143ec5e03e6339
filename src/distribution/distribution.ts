import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { crdApiVersion, crdKind } from "../core/crd";
import { checkDistributionAutoscaling, mostReplicas } from "./autoscalers";
import { defaultContainerPort, defaultRunConfigKey, defaultServicePort, defaultServiceType, runConfigHashAnnotation, serviceAnnotation } from "./defaults";
import { buildNetworkPolicySpec, wantsNetworkPolicy } from "./networkPolicy";
import { runConfigHash, runConfigSpec } from "./runConfig";
import { DistributionArgs } from "./args";
import { buildDistributionSpec, checkDistributionArgs, ResolvedDistributionArgs } from "./distributionSpec";
import { commonLabels, selectorLabels } from "../core/labels";
import { buildDisruptionBudgetSpec, wantsDisruptionBudget } from "./pdb";
import { ResolvedAutoscalingArgs } from "../autoscaling/args";
import { newHorizontalPodAutoscaler } from "../autoscaling/horizontalAutoscaler";
import { buildHpaSpec } from "../autoscaling/hpaSpec";
import { ScheduledScaler } from "../autoscaling/scheduledScaler";
import { buildServiceSpec, frontServiceName, newFrontService } from "./service";
import { VerticalAutoscaler } from "../autoscaling/verticalAutoscaler";
import { newServiceCertificate, tlsSpec } from "./tlsResources";
import { formerlyNestedAlias } from "./urn";
import { withReadinessWait } from "./readiness";
import { checkedArgs, componentLabel, Problems, requireArgs } from "../core/validation";

const distributionType = "llamastack:index:Distribution";

/**
 * `build` with the run configuration's ConfigMap name: at once when it is known or absent (the
 * spec stays a plain value), else when it resolves.
 */
function withRunConfigMapName<T>(
    configMapName: pulumi.Input<string> | undefined,
    build: (configMapName: string | undefined) => pulumi.Input<T>,
): pulumi.Input<T> {
    if (configMapName === undefined || typeof configMapName === "string") {
        return build(configMapName);
    }
    return pulumi.output(configMapName).apply((known) => build(known) as pulumi.Output<T>);
}

/**
 * A LlamaStack server that scales: one `LlamaStackDistribution` custom resource (which the
 * llamastack controller turns into pods) and the Service in front of it, plus a
 * PodDisruptionBudget when more than one replica can run, and the autoscalers and schedules
 * asked for (`autoscaling`, `verticalAutoscaling`, `schedules`), each named after the distribution.
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
    /** Name of the HorizontalPodAutoscaler (`kubectl get hpa <hpaName>`); empty without `autoscaling`. */
    public readonly hpaName: pulumi.Output<string>;
    /** Name of the VerticalPodAutoscaler (`kubectl get vpa <vpaName>`); empty without `verticalAutoscaling`. */
    public readonly vpaName: pulumi.Output<string>;
    /** Names of the scheduled-scaling CronJobs, in the order of `schedules`. */
    public readonly cronJobNames: pulumi.Output<string[]>;
    /** Name of the ConfigMap holding `runConfig` (or `runConfigMap.name`); empty without a run configuration. */
    public readonly runConfigMapName: pulumi.Output<string>;
    /** In-cluster URL of the Service, `http(s)://<service>.<namespace>.svc:<port>` (https with `tls`); empty when `service.enabled` is false. */
    public readonly serviceURL: pulumi.Output<string>;

    constructor(name: string, args: DistributionArgs, opts?: pulumi.ComponentResourceOptions) {
        super(distributionType, name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("Distribution", name, args, []);

        // Reject bad input before any child exists; unknown values are checked when they resolve.
        const checked = checkedArgs(args, (a) => {
            const problems = new Problems(componentLabel("Distribution", name));
            checkDistributionArgs(problems, name, a as ResolvedDistributionArgs);
            checkDistributionAutoscaling(problems, name, a as ResolvedDistributionArgs);
            problems.throwIfAny();
        });

        const selector = selectorLabels(name);
        const labels = commonLabels(name);
        const serviceEnabled = args.service?.enabled ?? true;

        // The run configuration as text gets an immutable ConfigMap of its own, named after the
        // distribution with a suffix: a change makes a new one, so pods that still run the old
        // configuration keep it through the rollout (and a rollback finds it).
        let runConfigMap: k8s.core.v1.ConfigMap | undefined;
        if (args.runConfig !== undefined) {
            runConfigMap = new k8s.core.v1.ConfigMap(
                `${name}-run-config`,
                {
                    metadata: { namespace: args.namespace, labels },
                    immutable: true,
                    data: checked.build((a) => ({ [defaultRunConfigKey]: a.runConfig ?? "" })),
                },
                { parent: this },
            );
        }
        const runConfigMapName: pulumi.Input<string> | undefined = runConfigMap?.metadata.name ?? args.runConfigMap?.name;

        const distribution = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: crdApiVersion,
                kind: crdKind,
                // `pulumi up` waits until the controller reports the distribution serving.
                metadata: {
                    name,
                    namespace: args.namespace,
                    labels,
                    annotations: checked.build((a) => ({
                        ...withReadinessWait(a.annotations, a.autoscaling === undefined ? a.replicas : undefined),
                        ...(serviceEnabled ? { [serviceAnnotation]: `${a.service?.name ?? name}:${a.service?.port ?? defaultServicePort}` } : {}),
                    })),
                },
                // With an HPA, spec.replicas is never sent: server-side apply leaves the HPA's value alone.
                spec: withRunConfigMapName(runConfigMapName, (configMapName) =>
                    checked.build((a) =>
                        buildDistributionSpec(a as ResolvedDistributionArgs, {
                            omitReplicas: a.autoscaling !== undefined,
                            selector,
                            runConfig: configMapName !== undefined ? runConfigSpec(configMapName, a.runConfigMap?.key ?? defaultRunConfigKey) : undefined,
                            podAnnotations: a.runConfig !== undefined ? { [runConfigHashAnnotation]: runConfigHash(a.runConfig) } : undefined,
                            tls: a.tls !== undefined ? tlsSpec(name, a.tls) : undefined,
                        }),
                    ),
                ),
            },
            { parent: this, dependsOn: runConfigMap ? [runConfigMap] : [] },
        );
        const namespace = distribution.metadata.namespace;

        const service = newFrontService(
            name,
            args.service,
            args.namespace,
            () => checked.build((a) => buildServiceSpec(a.service ?? {}, selector, a.port ?? defaultContainerPort, a.tls !== undefined)),
            { parent: this, dependsOn: [distribution] },
        );
        const serviceName = service?.metadata.name ?? pulumi.output("");

        // A certificate made here is for the Service's names (the checks refuse TLS without one).
        newServiceCertificate(
            {
                name,
                tls: args.tls,
                checkedTls: checked.build((a) => a.tls),
                service,
                namespace: args.namespace,
            },
            { parent: this },
        );

        // Unknown replica counts get a budget: maxUnavailable 1 never blocks a drain of one pod.
        if (wantsDisruptionBudget(args.disruptionBudget, mostReplicas(args))) {
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-pdb`,
                {
                    metadata: { name, namespace: args.namespace, labels },
                    spec: checked.build((a) => buildDisruptionBudgetSpec(a.disruptionBudget, selector)),
                },
                { parent: this, dependsOn: [distribution] },
            );
        }

        if (wantsNetworkPolicy(args.networkPolicy)) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-network-policy`,
                {
                    metadata: { name, namespace: args.namespace, labels },
                    spec: checked.build((a) => {
                        const inputs = {
                            policy: a.networkPolicy ?? {},
                            serviceType: serviceEnabled ? (a.service?.type ?? defaultServiceType) : undefined,
                            loadBalancerSourceRanges: a.service?.loadBalancerSourceRanges,
                        };
                        const spec = buildNetworkPolicySpec(inputs, selector, a.port ?? defaultContainerPort);
                        return spec as unknown as k8s.types.input.networking.v1.NetworkPolicySpec;
                    }),
                },
                { parent: this, dependsOn: [distribution] },
            );
        }

        const children = { parent: this, dependsOn: [distribution] };
        let hpaName: pulumi.Output<string> = pulumi.output("");
        if (args.autoscaling !== undefined) {
            // Checked with the rest of the arguments above. Made directly, not through a nested
            // HorizontalAutoscaler component: a registration less per distribution (BENCHMARKS.md).
            // The alias keeps the HPA of stacks deployed when it was nested there.
            const hpa = newHorizontalPodAutoscaler(
                name,
                args.namespace,
                name,
                checked.build((a) => buildHpaSpec(name, a.autoscaling as ResolvedAutoscalingArgs)),
                {
                    ...children,
                    aliases: [
                        formerlyNestedAlias(this, distributionType, opts, {
                            parentType: "llamastack:index:HorizontalAutoscaler",
                            parentName: name,
                            resourceType: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
                            resourceName: name,
                        }),
                    ],
                },
            );
            hpaName = hpa.metadata.name;
        }
        let vpaName: pulumi.Output<string> = pulumi.output("");
        if (args.verticalAutoscaling !== undefined) {
            const vpa = new VerticalAutoscaler(name, { ...args.verticalAutoscaling, targetName: name, namespace: args.namespace }, children);
            vpaName = vpa.name;
        }
        let cronJobNames: pulumi.Output<string[]> = pulumi.output([]);
        if (args.schedules !== undefined && args.schedules.length > 0) {
            const scaler = new ScheduledScaler(
                name,
                {
                    targetName: name,
                    namespace: args.namespace,
                    schedules: args.schedules,
                    // The HPA is named after the distribution; a known name keeps the Role known in previews.
                    horizontalAutoscalerName: args.autoscaling !== undefined ? name : undefined,
                },
                children,
            );
            cronJobNames = scaler.cronJobNames;
        }

        this.name = distribution.metadata.name;
        this.namespace = namespace;
        this.serviceName = serviceName;
        this.selector = pulumi.output(selector);
        this.hpaName = hpaName;
        this.vpaName = vpaName;
        this.cronJobNames = cronJobNames;
        this.runConfigMapName = pulumi.output(runConfigMapName ?? "");
        const scheme = args.tls !== undefined ? "https" : "http";
        this.serviceURL = serviceEnabled
            ? pulumi.interpolate`${scheme}://${serviceName}.${namespace}.svc:${args.service?.port ?? defaultServicePort}`
            : pulumi.output("");
        // The same values for the state, plain where they are known: every Output handed over here
        // costs the engine a promise and a stack trace to serialize, per distribution (BENCHMARKS.md).
        // The fields above stay the children's Outputs, so that users' resources depend on them.
        this.registerOutputs({
            name,
            namespace: args.namespace ?? this.namespace,
            serviceName: service !== undefined ? frontServiceName(name, args.service) : "",
            selector,
            hpaName: args.autoscaling !== undefined ? name : "",
            vpaName: args.verticalAutoscaling !== undefined ? name : "",
            cronJobNames: args.schedules !== undefined && args.schedules.length > 0 ? this.cronJobNames : [],
            runConfigMapName: this.runConfigMapName,
            serviceURL: this.serviceURL,
        });
    }
}
