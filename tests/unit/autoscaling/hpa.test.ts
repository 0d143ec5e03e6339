import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, valueOf } from "../mocks";
import { HorizontalAutoscaler, ValidationError } from "../../../src";
import { buildHpaBehavior, buildHpaSpec } from "../../../src/autoscaling/hpaSpec";

const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";

async function make(name: string, args: ConstructorParameters<typeof HorizontalAutoscaler>[1]) {
    const hpa = new HorizontalAutoscaler(name, args);
    await valueOf(pulumi.all([hpa.urn, hpa.name, hpa.namespace, hpa.targetName]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return hpa;
}

/** This package's default behavior, written out by hand (docs/autoscaling.md explains it). */
const defaultBehavior = {
    scaleUp: {
        stabilizationWindowSeconds: 60,
        selectPolicy: "Max",
        policies: [
            { type: "Percent", value: 100, periodSeconds: 60 },
            { type: "Pods", value: 4, periodSeconds: 60 },
        ],
    },
    scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: "Max",
        policies: [
            { type: "Pods", value: 1, periodSeconds: 60 },
            { type: "Percent", value: 25, periodSeconds: 60 },
        ],
    },
};

describe("HorizontalAutoscaler", () => {
    it("reproduces the guide's HPA field for field, plus a bounded behavior", async () => {
        const hpa = await make("llamastack-hpa", {
            targetName: "my-llamastack",
            minReplicas: 2,
            maxReplicas: 10,
            targetCPUUtilization: 70,
            targetMemoryUtilization: 80,
        });
        const inputs = find(HPA, "llamastack-hpa").inputs;
        // The guide's YAML, transcribed by hand from "Horizontal Pod Autoscaler (HPA)".
        const guide = {
            apiVersion: "autoscaling/v2",
            kind: "HorizontalPodAutoscaler",
            metadata: { name: "llamastack-hpa" },
            spec: {
                scaleTargetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "my-llamastack" },
                minReplicas: 2,
                maxReplicas: 10,
                metrics: [
                    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
                    { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
                ],
            },
        };
        assert.equal(inputs.apiVersion, guide.apiVersion);
        assert.equal(inputs.kind, guide.kind);
        assert.equal(inputs.metadata.name, guide.metadata.name);
        assert.deepEqual(inputs.spec, { ...guide.spec, behavior: defaultBehavior });
        assert.deepEqual(inputs.metadata.labels, {
            "app.kubernetes.io/name": "llamastack",
            "app.kubernetes.io/instance": "my-llamastack",
            "app.kubernetes.io/managed-by": "pulumi",
            "app.kubernetes.io/part-of": "llamastack",
        });
        assert.equal(await valueOf(hpa.name), "llamastack-hpa");
        assert.equal(await valueOf(hpa.targetName), "my-llamastack");
    });

    it("defaults to the guide's minimum of 2 and Kubernetes' 80% CPU when given no metric", async () => {
        const hpa = await make("hpa-defaults", { targetName: "target", maxReplicas: 4, namespace: "llm" });
        const inputs = find(HPA, "hpa-defaults").inputs;
        assert.equal(inputs.metadata.namespace, "llm");
        assert.deepEqual(inputs.spec, {
            scaleTargetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "target" },
            minReplicas: 2,
            maxReplicas: 4,
            metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
            behavior: defaultBehavior,
        });
        assert.equal(await valueOf(hpa.namespace), "llm");
    });

    it("renders the guide's custom metric alone, without a CPU default", async () => {
        await make("hpa-rps", { targetName: "t", maxReplicas: 10, podsMetrics: [{ name: "requests_per_second", averageValue: "100" }] });
        // The guide's "Custom Metrics" block, transcribed by hand.
        const guide = [{ type: "Pods", pods: { metric: { name: "requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } }];
        assert.deepEqual(find(HPA, "hpa-rps").inputs.spec.metrics, guide);
    });

    it("renders pods, object and external metrics with selectors, after cpu and memory", () => {
        const spec = buildHpaSpec("t", {
            maxReplicas: 5,
            minReplicas: 1,
            targetCPUUtilization: 60,
            podsMetrics: [{ name: "queue_depth", averageValue: "500m", selector: { model: "llama" } }],
            objectMetrics: [
                { name: "requests_per_second", describedObject: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "front" }, value: "2k" },
                { name: "latency", describedObject: { apiVersion: "v1", kind: "Service", name: "svc" }, averageValue: "1" },
            ],
            externalMetrics: [
                { name: "sqs_messages", selector: { queue: "prompts" }, averageValue: "30" },
                { name: "backlog", value: "1e3" },
            ],
        });
        assert.equal(spec.minReplicas, 1);
        assert.deepEqual(spec.metrics, [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } },
            {
                type: "Pods",
                pods: { metric: { name: "queue_depth", selector: { matchLabels: { model: "llama" } } }, target: { type: "AverageValue", averageValue: "500m" } },
            },
            {
                type: "Object",
                object: {
                    describedObject: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "front" },
                    metric: { name: "requests_per_second" },
                    target: { type: "Value", value: "2k" },
                },
            },
            {
                type: "Object",
                object: {
                    describedObject: { apiVersion: "v1", kind: "Service", name: "svc" },
                    metric: { name: "latency" },
                    target: { type: "AverageValue", averageValue: "1" },
                },
            },
            {
                type: "External",
                external: { metric: { name: "sqs_messages", selector: { matchLabels: { queue: "prompts" } } }, target: { type: "AverageValue", averageValue: "30" } },
            },
            { type: "External", external: { metric: { name: "backlog" }, target: { type: "Value", value: "1e3" } } },
        ]);
    });

    it("takes the guide's 'Scaling Too Aggressive' fix and keeps the other defaults", () => {
        // kubectl patch hpa llamastack-hpa -p '{"spec":{"behavior":{"scaleUp":{"stabilizationWindowSeconds":300}}}}'
        const behavior = buildHpaBehavior({ maxReplicas: 10, behavior: { scaleUp: { stabilizationWindowSeconds: 300 } } });
        assert.deepEqual(behavior, {
            scaleUp: { ...defaultBehavior.scaleUp, stabilizationWindowSeconds: 300 },
            scaleDown: defaultBehavior.scaleDown,
        });
    });

    it("replaces policies and select policy as given", async () => {
        await make("hpa-behavior", {
            targetName: "t",
            maxReplicas: 8,
            behavior: {
                scaleUp: { selectPolicy: "Min", policies: [{ type: "Pods", value: 2, periodSeconds: 120 }] },
                scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: "Disabled" },
            },
        });
        assert.deepEqual(find(HPA, "hpa-behavior").inputs.spec.behavior, {
            scaleUp: { stabilizationWindowSeconds: 60, selectPolicy: "Min", policies: [{ type: "Pods", value: 2, periodSeconds: 120 }] },
            scaleDown: { ...defaultBehavior.scaleDown, stabilizationWindowSeconds: 600, selectPolicy: "Disabled" },
        });
    });

    describe("rejects", () => {
        const rejects = (args: any, expected: string, name = "bad-hpa") => {
            const error = errorOf(() => new HorizontalAutoscaler(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
        };

        it("minReplicas above maxReplicas, given or by default", () => {
            rejects({ targetName: "t", minReplicas: 5, maxReplicas: 3 }, 'HorizontalAutoscaler "bad-hpa": minReplicas 5 must not be greater than maxReplicas 3');
            rejects({ targetName: "t", maxReplicas: 1 }, 'HorizontalAutoscaler "bad-hpa": minReplicas 2 (the default) must not be greater than maxReplicas 1');
        });

        it("minReplicas below 1 and maxReplicas that are not whole numbers", () => {
            rejects({ targetName: "t", minReplicas: 0, maxReplicas: 3 }, 'HorizontalAutoscaler "bad-hpa": minReplicas 0 must be a whole number of at least 1');
            rejects({ targetName: "t", minReplicas: 1, maxReplicas: 2.5 }, 'HorizontalAutoscaler "bad-hpa": maxReplicas 2.5 must be a whole number of at least 1');
        });

        it("utilization outside (0, 100]", () => {
            const rule = "must be a whole-number percentage greater than 0 and at most 100";
            rejects({ targetName: "t", maxReplicas: 3, targetCPUUtilization: 0 }, `HorizontalAutoscaler "bad-hpa": targetCPUUtilization 0 ${rule}`);
            rejects({ targetName: "t", maxReplicas: 3, targetMemoryUtilization: 101 }, `HorizontalAutoscaler "bad-hpa": targetMemoryUtilization 101 ${rule}`);
            rejects({ targetName: "t", maxReplicas: 3, targetCPUUtilization: 70.5 }, `HorizontalAutoscaler "bad-hpa": targetCPUUtilization 70.5 ${rule}`);
            rejects({ targetName: "t", maxReplicas: 3, targetCPUUtilization: -5 }, `HorizontalAutoscaler "bad-hpa": targetCPUUtilization -5 ${rule}`);
            // The bounds themselves pass.
            buildHpaSpec("t", { maxReplicas: 3, targetCPUUtilization: 1, targetMemoryUtilization: 100 });
            new HorizontalAutoscaler("hpa-bounds", { targetName: "t", maxReplicas: 3, targetCPUUtilization: 1, targetMemoryUtilization: 100 });
        });

        it("metrics without names, with bad quantities or with two targets", () => {
            rejects(
                { targetName: "t", maxReplicas: 3, podsMetrics: [{ name: "", averageValue: "100x" }] },
                'HorizontalAutoscaler "bad-hpa": 2 problems:\n  - podsMetrics[0].name must not be empty\n  - podsMetrics[0].averageValue "100x" must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3',
            );
            rejects(
                { targetName: "t", maxReplicas: 3, podsMetrics: [{ name: "rps", averageValue: "0" }] },
                'HorizontalAutoscaler "bad-hpa": podsMetrics[0].averageValue "0" must be greater than 0',
            );
            rejects(
                { targetName: "t", maxReplicas: 3, externalMetrics: [{ name: "q", value: "1", averageValue: "2" }] },
                'HorizontalAutoscaler "bad-hpa": externalMetrics[0] must set exactly one of value and averageValue',
            );
            rejects(
                { targetName: "t", maxReplicas: 3, objectMetrics: [{ name: "rps", describedObject: { apiVersion: "v1", kind: "", name: "x" } }] },
                'HorizontalAutoscaler "bad-hpa": 2 problems:\n  - objectMetrics[0].describedObject.kind must not be empty\n  - objectMetrics[0] must set exactly one of value and averageValue',
            );
            rejects(
                { targetName: "t", maxReplicas: 3, externalMetrics: [{ name: "q", value: "1", selector: { "bad key!": "x" } }] },
                `HorizontalAutoscaler "bad-hpa": externalMetrics[0].selector key "bad key!" must be a valid label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')`,
            );
        });

        it("behavior outside what the API server accepts", () => {
            rejects(
                {
                    targetName: "t",
                    maxReplicas: 3,
                    behavior: {
                        scaleUp: { stabilizationWindowSeconds: 3601, selectPolicy: "Fastest", policies: [] },
                        scaleDown: { policies: [{ type: "Replicas", value: 0, periodSeconds: 1801 }] },
                    },
                },
                'HorizontalAutoscaler "bad-hpa": 6 problems:\n' +
                    "  - behavior.scaleUp.stabilizationWindowSeconds 3601 must be a whole number of seconds from 0 to 3600\n" +
                    '  - behavior.scaleUp.selectPolicy "Fastest" must be one of Max, Min, Disabled\n' +
                    "  - behavior.scaleUp.policies must hold at least one policy when given\n" +
                    '  - behavior.scaleDown.policies[0].type "Replicas" must be one of Pods, Percent\n' +
                    "  - behavior.scaleDown.policies[0].value 0 must be a whole number of at least 1\n" +
                    "  - behavior.scaleDown.policies[0].periodSeconds 1801 must be a whole number of seconds from 1 to 1800",
            );
        });

        it("names Kubernetes would refuse", () => {
            rejects(
                { targetName: "My-LlamaStack", maxReplicas: 3, namespace: "Prod" },
                `HorizontalAutoscaler "bad-hpa": 2 problems:\n  - targetName "My-LlamaStack" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit\n  - namespace "Prod" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
        });

        it("values unknown at construction, when they resolve", async () => {
            const hpa = new HorizontalAutoscaler("hpa-later", { targetName: "t", minReplicas: pulumi.output(4), maxReplicas: 3 });
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                hpa.urn.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            assert.match((failure as Error).message, /(^|: )HorizontalAutoscaler "hpa-later": minReplicas 4 must not be greater than maxReplicas 3$/);
        });
    });
});
