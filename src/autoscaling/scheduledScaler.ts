import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { defaultKubectlImage } from "./defaults";
import { checkDns1123Label } from "../core/names";
import { componentLabel, Problems, requireArgs, validated } from "../core/validation";
import { ScheduledScalerArgs } from "./args";
import { checkSchedules } from "./scheduleChecks";
import { buildCronJobSpec, buildScalerRules, cronJobName, scalerAccountName, scalerLabels } from "./scheduleSpec";

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
