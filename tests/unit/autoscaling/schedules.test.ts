import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { ScheduledScaler, ValidationError } from "../../../src";
import { cronProblem, timeZoneProblem } from "../../../src/autoscaling/cron";

const CRONJOB = "kubernetes:batch/v1:CronJob";
const SA = "kubernetes:core/v1:ServiceAccount";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";

async function make(name: string, args: ConstructorParameters<typeof ScheduledScaler>[1]) {
    const scaler = new ScheduledScaler(name, args);
    await valueOf(pulumi.all([scaler.urn, scaler.cronJobNames, scaler.serviceAccountName, scaler.namespace]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return scaler;
}

const labels = (target: string) => ({
    "app.kubernetes.io/name": "llamastack",
    "app.kubernetes.io/instance": target,
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "llamastack",
    "app.kubernetes.io/component": "scheduled-scaler",
});

/** The job template every schedule shares, with the command and ServiceAccount that differ. */
function jobTemplate(target: string, serviceAccountName: string, command: string[]) {
    return {
        spec: {
            backoffLimit: 3,
            activeDeadlineSeconds: 120,
            template: {
                metadata: { labels: labels(target) },
                spec: {
                    serviceAccountName,
                    restartPolicy: "OnFailure",
                    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [
                        {
                            name: "kubectl",
                            image: "registry.k8s.io/kubectl:v1.34.0@sha256:497d298f891edb7608dfce9dae4bb08dffc4ddcd7f5d24a0512d4bbf33e04f26",
                            command,
                            env: [{ name: "HOME", value: "/tmp" }],
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
                            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: {} }],
                },
            },
        },
    };
}

describe("ScheduledScaler", () => {
    it("reproduces the guide's 6 PM scale-down, corrected: pinned image, scale subresource, merge patch, RBAC", async () => {
        const scaler = await make("llamastack", {
            targetName: "my-llamastack",
            schedules: [{ name: "scale-down", schedule: "0 18 * * *", replicas: 1 }],
        });
        const job = find(CRONJOB, "llamastack-scale-down").inputs;
        // The guide's CronJob, transcribed by hand from "Scheduled Scaling".
        const guide = {
            apiVersion: "batch/v1",
            kind: "CronJob",
            metadata: { name: "scale-down-llamastack" },
            spec: {
                schedule: "0 18 * * *",
                jobTemplate: {
                    spec: {
                        template: {
                            spec: {
                                containers: [
                                    {
                                        name: "kubectl",
                                        image: "bitnami/kubectl",
                                        command: ["kubectl", "patch", "llamastackdistribution", "my-llamastack", "-p", '{"spec":{"replicas":1}}'],
                                    },
                                ],
                            },
                        },
                    },
                },
            },
        };
        assert.equal(job.metadata.name, guide.metadata.name);
        assert.equal(job.spec.schedule, guide.spec.schedule);
        const container = job.spec.jobTemplate.spec.template.spec.containers[0];
        const guideContainer = guide.spec.jobTemplate.spec.template.spec.containers[0];
        assert.equal(container.name, guideContainer.name);
        // What we change, on purpose: a pinned image, and a command that works on a custom resource
        // (no strategic merge patch for CRs) through the one subresource the Role allows.
        assert.notEqual(container.image, guideContainer.image);
        assert.deepEqual(container.command, [
            ...guideContainer.command.slice(0, 4),
            "--subresource=scale",
            "--type=merge",
            ...guideContainer.command.slice(4),
        ]);
        // Everything else, field for field.
        assert.deepEqual(job.metadata.labels, labels("my-llamastack"));
        assert.deepEqual(job.spec, {
            schedule: "0 18 * * *",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 300,
            successfulJobsHistoryLimit: 1,
            failedJobsHistoryLimit: 3,
            jobTemplate: jobTemplate("my-llamastack", "llamastack-scaler", [
                "kubectl",
                "patch",
                "llamastackdistribution",
                "my-llamastack",
                "--subresource=scale",
                "--type=merge",
                "-p",
                '{"spec":{"replicas":1}}',
            ]),
        });
        assert.deepEqual(await valueOf(scaler.cronJobNames), ["scale-down-llamastack"]);
        assert.equal(await valueOf(scaler.serviceAccountName), "llamastack-scaler");
    });

    it("grants exactly get and patch on the one distribution's scale subresource", async () => {
        await make("rbac-plain", { targetName: "my-llamastack", namespace: "llm", schedules: [{ name: "night", schedule: "@daily", replicas: 0 }] });
        const account = find(SA, "rbac-plain-scaler").inputs;
        assert.deepEqual(account.metadata, { name: "rbac-plain-scaler", namespace: "llm", labels: labels("my-llamastack") });
        const role = find(ROLE, "rbac-plain-scaler").inputs;
        assert.deepEqual(role.metadata, { name: "rbac-plain-scaler", namespace: "llm", labels: labels("my-llamastack") });
        assert.deepEqual(role.rules, [
            { apiGroups: ["llamastack.io"], resources: ["llamastackdistributions/scale"], resourceNames: ["my-llamastack"], verbs: ["get", "patch"] },
        ]);
        const binding = find(BINDING, "rbac-plain-scaler").inputs;
        assert.deepEqual(binding.metadata, { name: "rbac-plain-scaler", namespace: "llm", labels: labels("my-llamastack") });
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "rbac-plain-scaler" });
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "rbac-plain-scaler", namespace: "llm" }]);
        const job = find(CRONJOB, "rbac-plain-night").inputs;
        assert.equal(job.metadata.namespace, "llm");
        assert.equal(job.spec.jobTemplate.spec.template.spec.serviceAccountName, "rbac-plain-scaler");
        assert.deepEqual(job.spec.jobTemplate.spec.template.spec.containers[0].command.slice(-1), ['{"spec":{"replicas":0}}']);
    });

    it("with an HPA, moves its bounds evening and morning, and may touch only that HPA", async () => {
        const scaler = await make("office-hours", {
            targetName: "my-llamastack",
            horizontalAutoscalerName: "my-llamastack",
            schedules: [
                { name: "evening", schedule: "0 18 * * *", timeZone: "Europe/Berlin", minReplicas: 1, maxReplicas: 2 },
                { name: "morning", schedule: "0 8 * * MON-FRI", timeZone: "Europe/Berlin", minReplicas: 2, maxReplicas: 10 },
            ],
        });
        assert.deepEqual(await valueOf(scaler.cronJobNames), ["evening-office-hours", "morning-office-hours"]);
        const evening = find(CRONJOB, "office-hours-evening").inputs.spec;
        assert.equal(evening.schedule, "0 18 * * *");
        assert.equal(evening.timeZone, "Europe/Berlin");
        assert.deepEqual(evening.jobTemplate.spec.template.spec.containers[0].command, [
            "kubectl",
            "patch",
            "hpa",
            "my-llamastack",
            "--type=merge",
            "-p",
            '{"spec":{"minReplicas":1,"maxReplicas":2}}',
        ]);
        const morning = find(CRONJOB, "office-hours-morning").inputs.spec;
        assert.deepEqual(morning, {
            schedule: "0 8 * * MON-FRI",
            timeZone: "Europe/Berlin",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 300,
            successfulJobsHistoryLimit: 1,
            failedJobsHistoryLimit: 3,
            jobTemplate: jobTemplate("my-llamastack", "office-hours-scaler", [
                "kubectl",
                "patch",
                "hpa",
                "my-llamastack",
                "--type=merge",
                "-p",
                '{"spec":{"minReplicas":2,"maxReplicas":10}}',
            ]),
        });
        assert.deepEqual(find(ROLE, "office-hours-scaler").inputs.rules, [
            { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], resourceNames: ["my-llamastack"], verbs: ["get", "patch"] },
        ]);
    });

    it("takes another kubectl image", async () => {
        await make("own-image", { targetName: "t", image: "example.com/kubectl:1.33.0", schedules: [{ name: "s", schedule: "0 0 * * *", replicas: 1 }] });
        assert.equal(find(CRONJOB, "own-image-s").inputs.spec.jobTemplate.spec.template.spec.containers[0].image, "example.com/kubectl:1.33.0");
    });

    describe("rejects", () => {
        const rejects = (args: any, expected: string, name = "bad-scaler") => {
            const error = errorOf(() => new ScheduledScaler(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
            assert.equal(has(CRONJOB, `${name}-${args.schedules?.[0]?.name}`), false);
        };
        const hpa = { targetName: "t", horizontalAutoscalerName: "t" };

        it("invalid cron syntax and time zones", () => {
            rejects(
                { targetName: "t", schedules: [{ name: "s", schedule: "0 25 * * *", timeZone: "Mars/Olympus", replicas: 1 }] },
                'ScheduledScaler "bad-scaler": 2 problems:\n' +
                    '  - schedules[0].schedule "0 25 * * *" is not a valid cron schedule: hour 25 is outside 0-23\n' +
                    '  - schedules[0].timeZone "Mars/Olympus" is not an IANA time zone name such as "Europe/Berlin" or "America/New_York"',
            );
            rejects(
                { targetName: "t", schedules: [{ name: "s", schedule: "0 18 * *", timeZone: "europe/berlin", replicas: 1 }] },
                'ScheduledScaler "bad-scaler": 2 problems:\n' +
                    '  - schedules[0].schedule "0 18 * *" is not a valid cron schedule: has 4 fields; it needs 5: minute hour day-of-month month day-of-week\n' +
                    '  - schedules[0].timeZone "europe/berlin" is not an IANA time zone name such as "Europe/Berlin" or "America/New_York": names are case-sensitive; did you mean "Europe/Berlin"?',
            );
        });

        it("a schedule that sets both replicas and HPA bounds", () => {
            rejects(
                { ...hpa, schedules: [{ name: "s", schedule: "0 18 * * *", replicas: 1, minReplicas: 1, maxReplicas: 2 }] },
                'ScheduledScaler "bad-scaler": schedules[0] sets both replicas and HPA bounds (minReplicas/maxReplicas): replicas patches the distribution, the bounds patch its HPA; set replicas without an HPA, the bounds with one',
            );
            rejects(
                { targetName: "t", schedules: [{ name: "s", schedule: "0 18 * * *", replicas: 1, maxReplicas: 2 }] },
                'ScheduledScaler "bad-scaler": schedules[0] sets both replicas and HPA bounds (minReplicas/maxReplicas): replicas patches the distribution, the bounds patch its HPA; set replicas without an HPA, the bounds with one',
            );
        });

        it("replicas that an HPA would undo, and bounds without an HPA", () => {
            rejects(
                { ...hpa, schedules: [{ name: "s", schedule: "0 18 * * *", replicas: 1 }] },
                'ScheduledScaler "bad-scaler": schedules[0].replicas 1 would be undone by the HorizontalPodAutoscaler within seconds; with an HPA, schedules set minReplicas and maxReplicas',
            );
            rejects(
                { targetName: "t", schedules: [{ name: "s", schedule: "0 18 * * *", minReplicas: 1, maxReplicas: 2 }] },
                'ScheduledScaler "bad-scaler": schedules[0] sets minReplicas/maxReplicas, but no HorizontalPodAutoscaler scales the distribution; set replicas instead',
            );
        });

        it("schedules that set nothing, half a range, or a range upside down", () => {
            rejects({ targetName: "t", schedules: [{ name: "s", schedule: "0 18 * * *" }] }, 'ScheduledScaler "bad-scaler": schedules[0] sets nothing: give replicas');
            rejects({ ...hpa, schedules: [{ name: "s", schedule: "0 18 * * *" }] }, 'ScheduledScaler "bad-scaler": schedules[0] sets nothing: give minReplicas and maxReplicas');
            rejects(
                { ...hpa, schedules: [{ name: "s", schedule: "0 18 * * *", minReplicas: 1 }] },
                'ScheduledScaler "bad-scaler": schedules[0] must set both minReplicas and maxReplicas, so the range after it never depends on which schedule ran before',
            );
            rejects(
                { ...hpa, schedules: [{ name: "s", schedule: "0 18 * * *", minReplicas: 3, maxReplicas: 2 }] },
                'ScheduledScaler "bad-scaler": schedules[0].minReplicas 3 must not be greater than schedules[0].maxReplicas 2',
            );
            rejects(
                { ...hpa, schedules: [{ name: "s", schedule: "0 18 * * *", minReplicas: 0, maxReplicas: 2 }] },
                'ScheduledScaler "bad-scaler": schedules[0].minReplicas 0 must be a whole number of at least 1',
            );
            rejects(
                { targetName: "t", schedules: [{ name: "s", schedule: "0 18 * * *", replicas: -1 }] },
                'ScheduledScaler "bad-scaler": schedules[0].replicas -1 must be a whole number greater than or equal to 0',
            );
        });

        it("bad target, HPA and image arguments", () => {
            const label = "must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit";
            rejects(
                { targetName: "My-LlamaStack", namespace: "Prod", horizontalAutoscalerName: "HPA", image: " ", schedules: [{ name: "s", schedule: "@daily", minReplicas: 1, maxReplicas: 2 }] },
                'ScheduledScaler "bad-scaler": 4 problems:\n' +
                    `  - targetName "My-LlamaStack" ${label}\n` +
                    `  - namespace "Prod" ${label}\n` +
                    `  - horizontalAutoscalerName "HPA" ${label}\n` +
                    "  - image must not be empty",
            );
        });

        it("values unknown at construction, when they resolve", async () => {
            const scaler = new ScheduledScaler("sched-later", { targetName: "t", schedules: [{ name: "s", schedule: pulumi.output("0 18 * * 8"), replicas: 1 }] });
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                scaler.cronJobNames.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            assert.match(
                (failure as Error).message,
                /(^|: )ScheduledScaler "sched-later": schedules\[0\]\.schedule "0 18 \* \* 8" is not a valid cron schedule: day of week 8 is outside 0-6$/,
            );
        });

        it("no schedules, repeated or bad names, CronJob names too long", () => {
            rejects({ targetName: "t", schedules: [] }, 'ScheduledScaler "bad-scaler": schedules must hold at least one schedule');
            rejects(
                {
                    targetName: "t",
                    schedules: [
                        { name: "s", schedule: "0 18 * * *", replicas: 1 },
                        { name: "s", schedule: "0 8 * * *", replicas: 3 },
                        { name: "Morning", schedule: "0 8 * * *", replicas: 3 },
                    ],
                },
                'ScheduledScaler "bad-scaler": 2 problems:\n' +
                    '  - schedules[1].name "s" is used by an earlier schedule; names must be unique\n' +
                    `  - schedules[2].name "Morning" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
            rejects(
                { targetName: "t", schedules: [{ name: "a-very-long-schedule-name-for-the-late-evening", schedule: "0 18 * * *", replicas: 1 }] },
                'ScheduledScaler "bad-scaler": schedules[0].name "a-very-long-schedule-name-for-the-late-evening" makes the CronJob name "a-very-long-schedule-name-for-the-late-evening-bad-scaler" (57 characters); CronJob names must be at most 52',
            );
        });
    });
});

describe("cron schedules", () => {
    it("accepts what Kubernetes accepts", () => {
        for (const schedule of [
            "0 18 * * *",
            "0 8 * * MON-FRI",
            "*/15 9-17 * * 1-5",
            "0 0 1,15 * *",
            "30 6 * jan-mar sun",
            "0 0 ? * *",
            "5/10 * * * *",
            "0-30/5 0 * * 0",
            " 0 18 * * * ",
            "@daily",
            "@hourly",
            "@weekly",
            "@monthly",
            "@yearly",
            "@annually",
            "@midnight",
        ]) {
            assert.equal(cronProblem(schedule), undefined, schedule);
        }
    });

    it("says what is wrong with what it rejects", () => {
        const cases: [string, string][] = [
            ["", "is empty"],
            ["0 18 * * * *", "has 6 fields; it needs 5: minute hour day-of-month month day-of-week"],
            ["60 * * * *", "minute 60 is outside 0-59"],
            ["0 24 * * *", "hour 24 is outside 0-23"],
            ["0 0 0 * *", "day of month 0 is outside 1-31"],
            ["0 0 * 13 *", "month 13 is outside 1-12"],
            ["0 0 * * 7", "day of week 7 is outside 0-6"],
            ["0 0 * * FUN", 'day of week "FUN" is not a number or a name such as SUN'],
            ["x 0 * * *", 'minute "x" is not a number'],
            ["*/0 * * * *", "minute step 0 must be at least 1"],
            ["*/x * * * *", 'minute step "x" is not a number'],
            ["0 17-9 * * *", 'hour range "17-9" runs backwards'],
            ["0 1-2-3 * * *", 'hour range "1-2-3" has more than two ends'],
            ["0 1//2 * * *", 'hour "1//2" is not a value, range or step'],
            ["0 1,,2 * * *", 'hour "" is not a value, range or step'],
            ["@sometimes", '"@sometimes" is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly'],
            ["TZ=Europe/Berlin 0 18 * * *", "names a time zone; Kubernetes rejects TZ= in a schedule, set timeZone instead"],
            ["CRON_TZ=UTC 0 18 * * *", "names a time zone; Kubernetes rejects TZ= in a schedule, set timeZone instead"],
        ];
        for (const [schedule, reason] of cases) {
            assert.equal(cronProblem(schedule), reason, schedule);
        }
    });
});

describe("time zones", () => {
    it("accepts IANA names and their aliases", () => {
        for (const zone of ["UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "US/Eastern", "Etc/GMT+5"]) {
            assert.equal(timeZoneProblem(zone), undefined, zone);
        }
    });

    it("rejects unknown names, offsets, Local, and the wrong case", () => {
        const rule = 'is not an IANA time zone name such as "Europe/Berlin" or "America/New_York"';
        for (const zone of ["", "Mars/Olympus", "+01:00", "-05:00", "Local", "Europe/ Berlin"]) {
            assert.equal(timeZoneProblem(zone), rule, zone);
        }
        assert.equal(timeZoneProblem("utc"), `${rule}: names are case-sensitive; did you mean "UTC"?`);
        assert.equal(timeZoneProblem("america/new_york"), `${rule}: names are case-sensitive; did you mean "America/New_York"?`);
    });
});
