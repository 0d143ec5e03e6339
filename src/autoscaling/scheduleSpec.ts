// Pure builders of the scheduled scaling: names, the kubectl patch and command, RBAC rules, the CronJob.
import { crdGroup, crdPlural } from "../core/crd";
import { defaultFailedJobsHistoryLimit, defaultScalingJobBackoffLimit, defaultScalingJobDeadlineSeconds, defaultStartingDeadlineSeconds, defaultSuccessfulJobsHistoryLimit } from "./defaults";
import { commonLabels } from "../core/labels";
import { ResolvedSchedule } from "./args";

/** The Kubernetes name of a schedule's CronJob: `scale-down` of `my-llamastack` → `scale-down-my-llamastack`. */
export function cronJobName(scalerName: string, scheduleName: string): string {
    return `${scheduleName}-${scalerName}`;
}

/** The name shared by the scaler's ServiceAccount, Role and RoleBinding. */
export function scalerAccountName(scalerName: string): string {
    return `${scalerName}-scaler`;
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
