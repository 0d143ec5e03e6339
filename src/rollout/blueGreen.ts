import * as pulumi from "@pulumi/pulumi";
import { blueGreenSelector, colorPodLabels, colors, isColor, otherColor, planBlueGreen } from "./blueGreenPlan";
import { defaultReplicas } from "../distribution/defaults";
import { defaultAwaitReady, defaultScaleDownInactive } from "./defaults";
import { skipAwaitAnnotation } from "../core/skipAwait";
import { Distribution } from "../distribution/distribution";
import { Color, ResolvedTrackArgs, BlueGreenArgs, ResolvedBlueGreenArgs } from "./args";
import { checkNamespace, checkServiceArgs, checkTrack, trackDistributionArgs, trackPort } from "./rollout";
import { buildServiceSpec, newFrontService } from "../distribution/service";
import { checkTls } from "../distribution/tls";
import { DistributionArgs } from "../distribution/args";
import { newServiceCertificate } from "../distribution/tlsResources";
import { componentLabel, Problems, requireArgs, show, validated as validatedArgs } from "../core/validation";

/**
 * The guide's blue-green deployment: two `Distribution`s, `<name>-blue` and `<name>-green`,
 * behind one Service that selects the pods of the `active` colour only. Changing `active`
 * switches all traffic at once; the incoming colour is settled first and the Service moves
 * after it, and with `scaleDownInactive` the outgoing colour is scaled to zero only after that.
 */
export class BlueGreen extends pulumi.ComponentResource {
    /** The colour the Service selects. */
    public readonly activeColor: pulumi.Output<string>;
    /** Name of the Service in front of the active colour; empty when `service.enabled` is false. */
    public readonly serviceName: pulumi.Output<string>;
    /** Name of the blue `LlamaStackDistribution`. */
    public readonly blueName: pulumi.Output<string>;
    /** Name of the green `LlamaStackDistribution`. */
    public readonly greenName: pulumi.Output<string>;

    constructor(name: string, args: BlueGreenArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:BlueGreen", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("BlueGreen", name, args, ["active", "blue", "green"]);

        // `active` shapes the resource graph, so it is checked now even when other values are unknown.
        if (!isColor(args.active)) {
            const problems = new Problems(componentLabel("BlueGreen", name));
            problems.add(`active ${show(args.active)}`, `must be one of ${colors.join(", ")}`);
            problems.throwIfAny();
        }
        const active = args.active;
        const resolved = validated(name, args);
        const plan = planBlueGreen(active, args.scaleDownInactive ?? defaultScaleDownInactive, args.awaitReady ?? defaultAwaitReady);

        const makeColor = (color: Color, dependsOn: pulumi.Resource[]): Distribution => {
            const track = args[color];
            const colorPlan = plan[color];
            const overrides: Partial<DistributionArgs> = {};
            if (!colorPlan.runsReplicas) {
                overrides.replicas = 0;
            }
            if (!colorPlan.awaitReady) {
                overrides.annotations = pulumi
                    .output(track.annotations ?? {})
                    .apply((given) => ({ ...given, [skipAwaitAnnotation]: "true" }));
            }
            // The pod labels wait for the rollout's checks, so nothing is created from input that fails them.
            const labels = colorPodLabels(name, color);
            const podLabels = resolved.apply((a) => ({ ...(a[color].podLabels ?? {}), ...labels }));
            return new Distribution(`${name}-${color}`, trackDistributionArgs(track, { name, namespace: args.namespace, tls: args.tls }, podLabels, overrides), {
                parent: this,
                dependsOn,
            });
        };

        const inactive = otherColor(active);
        const distributions = {} as Record<Color, Distribution>;
        distributions[active] = makeColor(active, []);
        if (!plan[inactive].afterService) {
            distributions[inactive] = makeColor(inactive, []);
        }

        const selector = blueGreenSelector(name, active);
        const service = newFrontService(
            name,
            args.service,
            args.namespace,
            () => resolved.apply((a) => buildServiceSpec(a.service ?? {}, selector, trackPort(a[active] as ResolvedTrackArgs), a.tls !== undefined)),
            { parent: this, dependsOn: plan.serviceAfter.map((color) => distributions[color]) },
        );
        const serviceName = service?.metadata.name ?? pulumi.output("");
        // One certificate for the one Service; both colours serve its Secret.
        newServiceCertificate(
            {
                name,
                tls: args.tls,
                checkedTls: resolved.apply((a) => a.tls),
                service,
                namespace: args.namespace,
            },
            { parent: this },
        );
        if (plan[inactive].afterService) {
            // Scaled to zero only once the Service no longer selects it (or, without a Service,
            // once the incoming colour is settled).
            distributions[inactive] = makeColor(inactive, [service ?? distributions[active]]);
        }

        this.activeColor = pulumi.output(active);
        this.serviceName = serviceName;
        this.blueName = distributions.blue.name;
        this.greenName = distributions.green.name;
        this.registerOutputs({
            activeColor: this.activeColor,
            serviceName: this.serviceName,
            blueName: this.blueName,
            greenName: this.greenName,
        });
    }
}

/** Every rule on a blue-green rollout's arguments. */
export function checkBlueGreenArgs(problems: Problems, name: string, args: ResolvedBlueGreenArgs): void {
    problems.check(isColor(args.active), `active ${show(args.active)}`, `must be one of ${colors.join(", ")}`);
    checkNamespace(problems, args.namespace);
    for (const color of colors) {
        checkTrack(problems, color, `${name}-${color}`, args[color] as ResolvedTrackArgs, colorPodLabels(name, color), args.namespace);
    }
    if (isColor(args.active)) {
        const replicas = args[args.active]?.replicas ?? defaultReplicas;
        if (replicas === 0) {
            problems.add(`${args.active}.replicas 0`, `must be at least 1 while ${args.active} is active, or the Service selects no pods`);
        }
    }
    if (args.scaleDownInactive && isColor(args.active)) {
        const inactive = otherColor(args.active);
        if (args[inactive]?.autoscaling !== undefined) {
            problems.add(
                `${inactive}.autoscaling`,
                `cannot be scaled to zero by scaleDownInactive (its HPA keeps at least minReplicas): keep ${inactive} warm or remove its autoscaling`,
            );
        }
    }
    checkServiceArgs(problems, args.service);
    checkTls(problems, args.tls, args.service?.enabled ?? true);
}

function validated(name: string, args: BlueGreenArgs): pulumi.Output<ResolvedBlueGreenArgs> {
    return validatedArgs(args, (a) => {
        const problems = new Problems(componentLabel("BlueGreen", name));
        checkBlueGreenArgs(problems, name, a);
        problems.throwIfAny();
    });
}
