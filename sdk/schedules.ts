import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { crdGroup, crdPlural } from "./crd";
import { cronProblem, timeZoneProblem } from "./cron";
import {
    defaultFailedJobsHistoryLimit,
    defaultKubectlImage,
    defaultScalingJobBackoffLimit,
    defaultScalingJobDeadlineSeconds,
    defaultStartingDeadlineSeconds,
    defaultSuccessfulJobsHistoryLimit,
} from "./defaults";
import { commonLabels } from "./labels";
import { checkDns1123Label, isDns1123Label } from "./names";
import { rules } from "./rules";
import { componentLabel, isWholeNumber, Problems, requireArgs, show, validated } from "./validation";

/**
 * One scheduled change (the guide's "Scheduled Scaling"), run as a CronJob named
 * `<name>-<scaler name>`, e.g. `scale-down-my-llamastack`. Without an HPA give `replicas`;
 * with one give `minReplicas` and `maxReplicas` (the HPA would undo a replica count).
 */
export interface Schedule {
    /** Name of the schedule, e.g. `scale-down`; a DNS label, unique within the scaler. */
    name: string;
    /** When to run, in cron syntax, e.g. the guide's `"0 18 * * *"` (6 PM daily). */
    schedule: pulumi.Input<string>;
    /**
     * IANA time zone the schedule is read in, e.g. `Europe/Berlin`.
     * Defaults to the kube-controller-manager's time zone (usually UTC).
     * @default the kube-controller-manager's time zone (usually UTC)
     */
    timeZone?: pulumi.Input<string>;
    /** Replicas to set on the distribution (when no HPA scales it). 0 stops every pod. */
    replicas?: pulumi.Input<number>;
    /** New `minReplicas` of the HPA (when an HPA scales the distribution). */
    minReplicas?: pulumi.Input<number>;
    /** New `maxReplicas` of the HPA (when an HPA scales the distribution). */
    maxReplicas?: pulumi.Input<number>;
}

/** Arguments of `ScheduledScaler`. */
export interface ScheduledScalerArgs {
    /** Name of the `LlamaStackDistribution` to scale. */
    targetName: pulumi.Input<string>;
    /** Namespace of the distribution; the CronJobs and their RBAC are created there. Defaults to the provider's namespace. @default the provider's namespace */
    namespace?: pulumi.Input<string>;
    /** The scheduled changes, at least one. */
    schedules: Schedule[];
    /**
     * Name of the HorizontalPodAutoscaler that scales the distribution, if any. When given, the
     * schedules patch that HPA's `minReplicas`/`maxReplicas`; otherwise the distribution's
     * `scale` subresource.
     */
    horizontalAutoscalerName?: pulumi.Input<string>;
    /**
     * Image that runs `kubectl`. Pin a version close to the cluster's.
     * Defaults to "registry.k8s.io/kubectl:v1.34.2".
     * @default "registry.k8s.io/kubectl:v1.34.2"
     */
    image?: pulumi.Input<string>;
}

/** `Schedule` after every Output has resolved. */
export type ResolvedSchedule = pulumi.Unwrap<Schedule>;

/** The Kubernetes name of a schedule's CronJob: `scale-down` of `my-llamastack` → `scale-down-my-llamastack`. */
export function cronJobName(scalerName: string, scheduleName: string): string {
    return `${scheduleName}-${scalerName}`;
}

/** The name shared by the scaler's ServiceAccount, Role and RoleBinding. */
export function scalerAccountName(scalerName: string): string {
    return `${scalerName}-scaler`;
}

/** Job names add 11 characters to the CronJob's, and must stay within 63. */
const maxCronJobName = 52;

/**
 * Every rule on a list of schedules. `prefix` is how the caller names the list ("schedules");
 * `withHpa` says whether an HPA scales the target, which decides what a schedule may set.
 */
export function checkSchedules(problems: Problems, prefix: string, scalerName: string, schedules: ResolvedSchedule[], withHpa: boolean): void {
    const seen = new Set<string>();
    schedules.forEach((s, i) => {
        const at = `${prefix}[${i}]`;
        if (!isDns1123Label(s.name)) {
            problems.add(`${at}.name ${show(s.name)}`, rules.dns1123Label);
        } else if (cronJobName(scalerName, s.name).length > maxCronJobName) {
            const full = cronJobName(scalerName, s.name);
            problems.add(`${at}.name ${show(s.name)}`, `makes the CronJob name "${full}" (${full.length} characters); CronJob names must be at most ${maxCronJobName}`);
        }
        if (seen.has(s.name)) {
            problems.add(`${at}.name ${show(s.name)}`, "is used by an earlier schedule; names must be unique");
        }
        seen.add(s.name);

        const cron = typeof s.schedule === "string" ? cronProblem(s.schedule) : "is not text";
        if (cron) {
            problems.add(`${at}.schedule ${show(s.schedule)}`, `is not a valid cron schedule: ${cron}`);
        }
        if (s.timeZone !== undefined) {
            const zone = timeZoneProblem(s.timeZone);
            if (zone) {
                problems.add(`${at}.timeZone ${show(s.timeZone)}`, zone);
            }
        }

        const hasReplicas = s.replicas !== undefined;
        const hasBounds = s.minReplicas !== undefined || s.maxReplicas !== undefined;
        if (hasReplicas && hasBounds) {
            problems.add(
                at,
                "sets both replicas and HPA bounds (minReplicas/maxReplicas): replicas patches the distribution, the bounds patch its HPA; set replicas without an HPA, the bounds with one",
            );
            return;
        }
        if (!hasReplicas && !hasBounds) {
            problems.add(at, withHpa ? "sets nothing: give minReplicas and maxReplicas" : "sets nothing: give replicas");
            return;
        }
        if (hasReplicas) {
            if (withHpa) {
                problems.add(
                    `${at}.replicas ${show(s.replicas)}`,
                    "would be undone by the HorizontalPodAutoscaler within seconds; with an HPA, schedules set minReplicas and maxReplicas",
                );
            } else {
                problems.check(isWholeNumber(s.replicas, 0), `${at}.replicas ${show(s.replicas)}`, rules.nonNegativeInteger);
            }
            return;
        }
        if (!withHpa) {
            problems.add(at, "sets minReplicas/maxReplicas, but no HorizontalPodAutoscaler scales the distribution; set replicas instead");
            return;
        }
        if (s.minReplicas === undefined || s.maxReplicas === undefined) {
            problems.add(at, "must set both minReplicas and maxReplicas, so the range after it never depends on which schedule ran before");
            return;
        }
        const minOk = isWholeNumber(s.minReplicas, 1);
        const maxOk = isWholeNumber(s.maxReplicas, 1);
        problems.check(minOk, `${at}.minReplicas ${show(s.minReplicas)}`, rules.minReplicas);
        problems.check(maxOk, `${at}.maxReplicas ${show(s.maxReplicas)}`, rules.minReplicas);
        if (minOk && maxOk && s.minReplicas > s.maxReplicas) {
            problems.add(`${at}.minReplicas ${s.minReplicas}`, `${rules.minNotAboveMax} ${at}.maxReplicas ${s.maxReplicas}`);
        }
    });
}

/** The merge patch a schedule sends: replicas to the scale subresource, or bounds to the HPA. */
export function buildSchedulePatch(s: ResolvedSchedule): string {
    const spec = s.replicas !== undefined ? { replicas: s.replicas } : { minReplicas: s.minReplicas, maxReplicas: s.maxReplicas };
    return JSON.stringify({ spec });
}

/**
 * The `kubectl` command of a schedule. Custom resources take no strategic merge patch, so
 * `--type=merge`; without an HPA the patch goes to the `scale` subresource, the one thing the
 * Role allows.
 */
export function buildScheduleCommand(targetName: string, hpaName: string | undefined, s: ResolvedSchedule): string[] {
    const patch = buildSchedulePatch(s);
    if (hpaName !== undefined) {
        return ["kubectl", "patch", "hpa", hpaName, "--type=merge", "-p", patch];
    }
    return ["kubectl", "patch", "llamastackdistribution", targetName, "--subresource=scale", "--type=merge", "-p", patch];
}

/**
 * The Role's rules: `get` and `patch` on exactly one object — the distribution's `scale`
 * subresource, or the one HPA that scales it. Nothing else, not even `list`.
 */
export function buildScalerRules(targetName: string, hpaName: string | undefined): Record<string, unknown>[] {
    if (hpaName !== undefined) {
        return [{ apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], resourceNames: [hpaName], verbs: ["get", "patch"] }];
    }
    return [{ apiGroups: [crdGroup], resources: [`${crdPlural}/scale`], resourceNames: [targetName], verbs: ["get", "patch"] }];
}

/** Labels of the scaler's objects and Job pods; never `app`, so the distribution's Service never selects them. */
export function scalerLabels(targetName: string): Record<string, string> {
    return { ...commonLabels(targetName), "app.kubernetes.io/component": "scheduled-scaler" };
}

/**
 * The `spec` of a schedule's CronJob: one run at a time, bounded history, a start deadline, and a
 * locked-down pod running the pinned kubectl image as the scaler's ServiceAccount.
 */
export function buildCronJobSpec(options: {
    targetName: string;
    hpaName: string | undefined;
    schedule: ResolvedSchedule;
    serviceAccountName: string;
    image: string;
}): Record<string, unknown> {
    const { schedule: s } = options;
    const spec: Record<string, unknown> = { schedule: s.schedule };
    if (s.timeZone !== undefined) {
        spec.timeZone = s.timeZone;
    }
    Object.assign(spec, {
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: defaultStartingDeadlineSeconds,
        successfulJobsHistoryLimit: defaultSuccessfulJobsHistoryLimit,
        failedJobsHistoryLimit: defaultFailedJobsHistoryLimit,
        jobTemplate: {
            spec: {
                backoffLimit: defaultScalingJobBackoffLimit,
                activeDeadlineSeconds: defaultScalingJobDeadlineSeconds,
                template: {
                    metadata: { labels: scalerLabels(options.targetName) },
                    spec: {
                        serviceAccountName: options.serviceAccountName,
                        restartPolicy: "OnFailure",
                        securityContext: {
                            runAsNonRoot: true,
                            runAsUser: 65532,
                            runAsGroup: 65532,
                            seccompProfile: { type: "RuntimeDefault" },
                        },
                        containers: [
                            {
                                name: "kubectl",
                                image: options.image,
                                command: buildScheduleCommand(options.targetName, options.hpaName, s),
                                // kubectl caches discovery under $HOME; the root filesystem is read-only.
                                env: [{ name: "HOME", value: "/tmp" }],
                                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                                resources: {
                                    requests: { cpu: "50m", memory: "64Mi" },
                                    limits: { cpu: "100m", memory: "128Mi" },
                                },
                                securityContext: {
                                    allowPrivilegeEscalation: false,
                                    readOnlyRootFilesystem: true,
                                    capabilities: { drop: ["ALL"] },
                                },
                            },
                        ],
                        volumes: [{ name: "tmp", emptyDir: {} }],
                    },
                },
            },
        },
    });
    return spec;
}

/**
 * Scheduled scaling done safely (the guide's "Scheduled Scaling"): one CronJob per schedule
 * running a pinned kubectl, one ServiceAccount, and a Role that may only `get` and `patch` the one
 * object it changes — the distribution's `scale` subresource, or the HPA that scales it.
 */
export class ScheduledScaler extends pulumi.ComponentResource {
    /** Names of the CronJobs, in the order of `schedules`: `kubectl get cronjob <name>`. */
    public readonly cronJobNames: pulumi.Output<string[]>;
    /** Name of the ServiceAccount (and of its Role and RoleBinding) the CronJobs run as. */
    public readonly serviceAccountName: pulumi.Output<string>;
    /** Namespace of the CronJobs. */
    public readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: ScheduledScalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:ScheduledScaler", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("ScheduledScaler", name, args, ["targetName", "schedules"]);

        const resolved = validated(args, (a) => {
            const problems = new Problems(componentLabel("ScheduledScaler", name));
            checkDns1123Label(problems, "name", name);
            checkDns1123Label(problems, "targetName", a.targetName);
            if (a.namespace !== undefined) {
                checkDns1123Label(problems, "namespace", a.namespace);
            }
            if (a.horizontalAutoscalerName !== undefined) {
                checkDns1123Label(problems, "horizontalAutoscalerName", a.horizontalAutoscalerName);
            }
            if (a.image !== undefined) {
                problems.check(a.image.trim() !== "", "image", "must not be empty");
            }
            problems.check(a.schedules.length > 0, "schedules", "must hold at least one schedule");
            checkSchedules(problems, "schedules", name, a.schedules, a.horizontalAutoscalerName !== undefined);
            problems.throwIfAny();
        });

        const accountName = scalerAccountName(name);
        // From the checked arguments: with values known only at `up`, nothing is created from input that fails its check.
        const labels = resolved.apply((a) => scalerLabels(a.targetName));
        const account = new k8s.core.v1.ServiceAccount(
            `${name}-scaler`,
            { metadata: { name: accountName, namespace: args.namespace, labels } },
            { parent: this },
        );
        const role = new k8s.rbac.v1.Role(
            `${name}-scaler`,
            {
                metadata: { name: accountName, namespace: args.namespace, labels },
                rules: resolved.apply((a) => buildScalerRules(a.targetName, a.horizontalAutoscalerName) as unknown as k8s.types.input.rbac.v1.PolicyRule[]),
            },
            { parent: this },
        );
        const binding = new k8s.rbac.v1.RoleBinding(
            `${name}-scaler`,
            {
                metadata: { name: accountName, namespace: args.namespace, labels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: account.metadata.namespace }],
            },
            { parent: this },
        );

        const cronJobs = args.schedules.map((schedule, index) => {
            const jobName = cronJobName(name, schedule.name);
            return new k8s.batch.v1.CronJob(
                `${name}-${schedule.name}`,
                {
                    metadata: { name: jobName, namespace: args.namespace, labels },
                    spec: resolved.apply((a) =>
                        buildCronJobSpec({
                            targetName: a.targetName,
                            hpaName: a.horizontalAutoscalerName,
                            schedule: a.schedules[index],
                            serviceAccountName: accountName,
                            image: a.image ?? defaultKubectlImage,
                        }) as unknown as k8s.types.input.batch.v1.CronJobSpec,
                    ),
                },
                // A Job that starts before its permissions exist fails; create them first.
                { parent: this, dependsOn: [binding] },
            );
        });

        this.cronJobNames = pulumi.all(cronJobs.map((job) => job.metadata.name));
        this.serviceAccountName = account.metadata.name;
        this.namespace = account.metadata.namespace;
        this.registerOutputs({ cronJobNames: this.cronJobNames, serviceAccountName: this.serviceAccountName, namespace: this.namespace });
    }
}
