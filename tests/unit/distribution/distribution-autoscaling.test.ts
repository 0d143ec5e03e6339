import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, recorded, urnsOf, valueOf } from "../mocks";
import { Distribution, ValidationError } from "../../../src";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const VPA = "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler";
const CRONJOB = "kubernetes:batch/v1:CronJob";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";

async function make(name: string, args: ConstructorParameters<typeof Distribution>[1]) {
    const d = new Distribution(name, args);
    await valueOf(pulumi.all([d.urn, d.name, d.serviceName, d.hpaName, d.vpaName, d.cronJobNames]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return d;
}

describe("Distribution with autoscaling", () => {
    it("never sends spec.replicas, makes an HPA named after it and a disruption budget", async () => {
        const d = await make("auto-llamastack", {
            image: "llamastack/llamastack:0.2.0",
            namespace: "llm",
            resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
            autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70, targetMemoryUtilization: 80 },
        });
        const spec = find(CR, "auto-llamastack").inputs.spec;
        assert.equal("replicas" in spec, false);
        assert.equal(spec.image, "llamastack/llamastack:0.2.0");

        const hpa = find(HPA, "auto-llamastack").inputs;
        assert.equal(hpa.metadata.name, "auto-llamastack");
        assert.equal(hpa.metadata.namespace, "llm");
        assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "auto-llamastack" });
        assert.equal(hpa.spec.minReplicas, 2);
        assert.equal(hpa.spec.maxReplicas, 10);
        assert.deepEqual(hpa.spec.metrics, [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
            { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
        ]);
        assert.equal(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds, 300);

        const pdb = find(PDB, "auto-llamastack-pdb").inputs;
        assert.deepEqual(pdb.spec, { selector: { matchLabels: { app: "auto-llamastack" } }, maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });

        assert.equal(await valueOf(d.hpaName), "auto-llamastack");
        assert.equal(await valueOf(d.vpaName), "");
        assert.deepEqual(await valueOf(d.cronJobNames), []);
        // The HPA is a child of the distribution itself, not of a nested HorizontalAutoscaler
        // component (one registration less per distribution; an alias keeps older stacks' HPA).
        assert.equal(has("llamastack:index:HorizontalAutoscaler", "auto-llamastack"), false);
        assert.deepEqual(urnsOf(HPA, "auto-llamastack"), [
            "urn:pulumi:stack::project::llamastack:index:Distribution$kubernetes:autoscaling/v2:HorizontalPodAutoscaler::auto-llamastack",
        ]);
    });

    it("makes no disruption budget when the HPA can run only one replica, unless asked", async () => {
        await make("auto-single", { image: "img:1", autoscaling: { minReplicas: 1, maxReplicas: 1 } });
        assert.equal(has(PDB, "auto-single-pdb"), false);
        assert.equal("replicas" in find(CR, "auto-single").inputs.spec, false);
        await make("auto-budget-off", { image: "img:1", autoscaling: { maxReplicas: 5 }, disruptionBudget: { enabled: false } });
        assert.equal(has(PDB, "auto-budget-off-pdb"), false);
    });

    it("makes a VPA named after it, next to an HPA on a custom metric", async () => {
        const d = await make("auto-both", {
            image: "img:1",
            autoscaling: { maxReplicas: 6, podsMetrics: [{ name: "requests_per_second", averageValue: "100" }] },
            verticalAutoscaling: { updateMode: "Auto", minAllowed: { cpu: "100m", memory: "128Mi" }, maxAllowed: { cpu: "4", memory: "8Gi" } },
        });
        const vpa = find(VPA, "auto-both").inputs;
        assert.equal(vpa.metadata.name, "auto-both");
        assert.deepEqual(vpa.spec.targetRef, { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "auto-both" });
        assert.deepEqual(vpa.spec.resourcePolicy.containerPolicies, [
            { containerName: "llamastack", minAllowed: { cpu: "100m", memory: "128Mi" }, maxAllowed: { cpu: "4", memory: "8Gi" } },
        ]);
        assert.equal(await valueOf(d.vpaName), "auto-both");
        assert.equal(await valueOf(d.hpaName), "auto-both");
    });

    it("a VPA alone keeps replicas", async () => {
        await make("vpa-only", { image: "img:1", replicas: 3, verticalAutoscaling: {} });
        assert.equal(find(CR, "vpa-only").inputs.spec.replicas, 3);
        assert.equal(has(HPA, "vpa-only"), false);
        assert.equal(has(VPA, "vpa-only"), true);
    });

    it("with schedules and an HPA, patches the HPA's bounds (the guide's 6 PM and the morning it forgot)", async () => {
        const d = await make("office", {
            image: "img:1",
            autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70 },
            schedules: [
                { name: "scale-down", schedule: "0 18 * * *", timeZone: "America/New_York", minReplicas: 1, maxReplicas: 2 },
                { name: "scale-up", schedule: "0 8 * * 1-5", timeZone: "America/New_York", minReplicas: 2, maxReplicas: 10 },
            ],
        });
        assert.deepEqual(await valueOf(d.cronJobNames), ["scale-down-office", "scale-up-office"]);
        const down = find(CRONJOB, "office-scale-down").inputs;
        assert.deepEqual(down.spec.jobTemplate.spec.template.spec.containers[0].command, [
            "kubectl",
            "patch",
            "hpa",
            "office",
            "--type=merge",
            "-p",
            '{"spec":{"minReplicas":1,"maxReplicas":2}}',
        ]);
        assert.deepEqual(find(ROLE, "office-scaler").inputs.rules, [
            { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], resourceNames: ["office"], verbs: ["get", "patch"] },
        ]);
        assert.equal("replicas" in find(CR, "office").inputs.spec, false);
    });

    it("with schedules and no HPA, patches the scale subresource and budgets for the morning's replicas", async () => {
        const d = await make("nightly", {
            image: "img:1",
            replicas: 1,
            schedules: [
                { name: "scale-down", schedule: "0 18 * * *", replicas: 1 },
                { name: "scale-up", schedule: "0 8 * * *", replicas: 3 },
            ],
        });
        assert.equal(find(CR, "nightly").inputs.spec.replicas, 1);
        assert.deepEqual(find(CRONJOB, "nightly-scale-up").inputs.spec.jobTemplate.spec.template.spec.containers[0].command, [
            "kubectl",
            "patch",
            "llamastackdistribution",
            "nightly",
            "--subresource=scale",
            "--type=merge",
            "-p",
            '{"spec":{"replicas":3}}',
        ]);
        assert.deepEqual(find(ROLE, "nightly-scaler").inputs.rules, [
            { apiGroups: ["llamastack.io"], resources: ["llamastackdistributions/scale"], resourceNames: ["nightly"], verbs: ["get", "patch"] },
        ]);
        assert.equal(has(PDB, "nightly-pdb"), true);
        assert.deepEqual(await valueOf(d.cronJobNames), ["scale-down-nightly", "scale-up-nightly"]);
    });

    it("budgets for unknown replica counts, and for none when every count is one", async () => {
        await make("auto-unknown", { image: "img:1", autoscaling: { minReplicas: 1, maxReplicas: pulumi.output(1) } });
        assert.equal(has(PDB, "auto-unknown-pdb"), true);
        await make("sched-single", { image: "img:1", schedules: [{ name: "night", schedule: "0 18 * * *", replicas: 0 }, { name: "day", schedule: "0 8 * * *", replicas: 1 }] });
        assert.equal(has(PDB, "sched-single-pdb"), false);
    });

    describe("rejects", () => {
        const rejects = (name: string, args: any, expected: string) => {
            const error = errorOf(() => new Distribution(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
            assert.equal(has(CR, name), false);
        };

        it("replicas together with autoscaling", () => {
            rejects(
                "both-replicas",
                { image: "img:1", replicas: 5, autoscaling: { minReplicas: 2, maxReplicas: 10 } },
                'Distribution "both-replicas": replicas 5 conflicts with autoscaling: the HorizontalPodAutoscaler owns the replica count; remove replicas (autoscaling.minReplicas sets the floor)',
            );
        });

        it("autoscaling bounds and utilization, named under autoscaling", () => {
            rejects(
                "bad-bounds",
                { image: "img:1", autoscaling: { minReplicas: 0, maxReplicas: 10, targetCPUUtilization: 120 } },
                'Distribution "bad-bounds": 2 problems:\n' +
                    "  - autoscaling.minReplicas 0 must be a whole number of at least 1\n" +
                    "  - autoscaling.targetCPUUtilization 120 must be a whole-number percentage greater than 0 and at most 100",
            );
            rejects(
                "min-over-max",
                { image: "img:1", autoscaling: { minReplicas: 4, maxReplicas: 3 } },
                'Distribution "min-over-max": autoscaling.minReplicas 4 must not be greater than autoscaling.maxReplicas 3',
            );
        });

        it("a VPA in an updating mode on the resource the HPA scales on", () => {
            rejects(
                "fight",
                { image: "img:1", autoscaling: { maxReplicas: 10, targetCPUUtilization: 70 }, verticalAutoscaling: { maxAllowed: { cpu: "4" } } },
                'Distribution "fight": verticalAutoscaling.updateMode "Auto" controls cpu while autoscaling.targetCPUUtilization scales on cpu: ' +
                    "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other; " +
                    'set verticalAutoscaling.controlledResources to ["memory"], or scale on podsMetrics, objectMetrics or externalMetrics instead of autoscaling.targetCPUUtilization',
            );
        });

        it("schedules that set replicas under an HPA, or both kinds, or bad cron and zones", () => {
            rejects(
                "sched-hpa",
                { image: "img:1", autoscaling: { maxReplicas: 10 }, schedules: [{ name: "scale-down", schedule: "0 18 * * *", replicas: 1 }] },
                'Distribution "sched-hpa": schedules[0].replicas 1 would be undone by the HorizontalPodAutoscaler within seconds; with an HPA, schedules set minReplicas and maxReplicas',
            );
            rejects(
                "sched-both",
                { image: "img:1", autoscaling: { maxReplicas: 10 }, schedules: [{ name: "scale-down", schedule: "0 18 * * *", replicas: 1, minReplicas: 1, maxReplicas: 2 }] },
                'Distribution "sched-both": schedules[0] sets both replicas and HPA bounds (minReplicas/maxReplicas): replicas patches the distribution, the bounds patch its HPA; set replicas without an HPA, the bounds with one',
            );
            rejects(
                "sched-cron",
                { image: "img:1", schedules: [{ name: "scale-down", schedule: "0 6pm * * *", timeZone: "EST-5", replicas: 1 }] },
                'Distribution "sched-cron": 2 problems:\n' +
                    '  - schedules[0].schedule "0 6pm * * *" is not a valid cron schedule: hour "6pm" is not a number\n' +
                    '  - schedules[0].timeZone "EST-5" is not an IANA time zone name such as "Europe/Berlin" or "America/New_York"',
            );
        });
    });
});
