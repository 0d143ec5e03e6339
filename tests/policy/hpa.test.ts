import { strict as assert } from "assert";
import { hpaCanScale, hpaMinReplicas, hpaReplicaBounds, hpaScaleDownStabilization, hpaUtilizationTargets } from "../../policy/hpa";
import { deployment, hpa, types } from "./fixtures";
import { unknownArray, unknownNumber, validate } from "./harness";

describe("policy hpa-replica-bounds", () => {
    it("passes the guide's HPA (min 2, max 10)", async () => {
        assert.deepEqual(await validate(hpaReplicaBounds, hpa("llamastack-hpa", "my-llamastack")), []);
    });

    it("flags min above max, min below 1 and a missing max", async () => {
        assert.deepEqual(await validate(hpaReplicaBounds, hpa("h", "t", { minReplicas: 5, maxReplicas: 3 })), [
            'HorizontalPodAutoscaler "h": spec.minReplicas 5 is greater than spec.maxReplicas 3; the API server rejects it. Raise maxReplicas to at least 5 or lower minReplicas.',
        ]);
        assert.deepEqual(await validate(hpaReplicaBounds, hpa("h", "t", { minReplicas: 0 })), [
            'HorizontalPodAutoscaler "h": spec.minReplicas 0 must be a whole number of at least 1 (scaling to zero needs the alpha HPAScaleToZero feature). Set minReplicas to 1 or more.',
        ]);
        assert.deepEqual(await validate(hpaReplicaBounds, hpa("h", "t", { maxReplicas: undefined })), [
            'HorizontalPodAutoscaler "h": spec.maxReplicas is missing; the API server requires it. Set the most pods the autoscaler may run.',
        ]);
        assert.deepEqual(await validate(hpaReplicaBounds, hpa("h", "t", { minReplicas: undefined, maxReplicas: 0 })), [
            'HorizontalPodAutoscaler "h": spec.maxReplicas 0 must be a whole number of at least 1.',
            'HorizontalPodAutoscaler "h": spec.minReplicas 1 is greater than spec.maxReplicas 0; the API server rejects it. Raise maxReplicas to at least 1 or lower minReplicas.',
        ]);
    });

    it("skips unknown bounds and other kinds", async () => {
        assert.deepEqual(await validate(hpaReplicaBounds, hpa("h", "t", { minReplicas: unknownNumber, maxReplicas: 1 })), []);
        assert.deepEqual(await validate(hpaReplicaBounds, hpa("h", "t", { minReplicas: 3, maxReplicas: unknownNumber })), []);
        assert.deepEqual(await validate(hpaReplicaBounds, deployment("d")), []);
    });
});

describe("policy hpa-min-replicas", () => {
    it("is advisory and flags fewer than 2 pods, an unset minReplicas meaning 1", async () => {
        assert.equal(hpaMinReplicas.enforcementLevel, "advisory");
        assert.deepEqual(await validate(hpaMinReplicas, hpa("h", "t")), []);
        assert.deepEqual(await validate(hpaMinReplicas, hpa("h", "t", { minReplicas: 1 })), [
            'HorizontalPodAutoscaler "h": spec.minReplicas is 1, below 2: with a single pod, one crash, eviction or node drain is an outage. Set minReplicas to at least 2.',
        ]);
        assert.deepEqual(await validate(hpaMinReplicas, hpa("h", "t", { minReplicas: undefined })), [
            'HorizontalPodAutoscaler "h": spec.minReplicas is unset, so 1, below 2: with a single pod, one crash, eviction or node drain is an outage. Set minReplicas to at least 2.',
        ]);
    });

    it("takes the floor from config", async () => {
        assert.equal((await validate(hpaMinReplicas, hpa("h", "t"), { minReplicas: 3 })).length, 1);
        assert.deepEqual(await validate(hpaMinReplicas, hpa("h", "t", { minReplicas: 1 }), { minReplicas: 1 }), []);
    });
});

describe("policy hpa-utilization-targets", () => {
    it("passes the guide's 70% cpu and 80% memory, and custom metrics", async () => {
        assert.deepEqual(await validate(hpaUtilizationTargets, hpa("h", "t")), []);
        const custom = hpa("h", "t", {
            metrics: [{ type: "Pods", pods: { metric: { name: "requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } }],
        });
        assert.deepEqual(await validate(hpaUtilizationTargets, custom), []);
    });

    it("flags targets of 0, above 100, fractional or missing", async () => {
        const bad = hpa("h", "t", {
            metrics: [
                { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 0 } } },
                { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 150 } } },
                { type: "ContainerResource", containerResource: { name: "cpu", container: "llamastack", target: { type: "Utilization", averageUtilization: 50.5 } } },
                { type: "Resource", resource: { name: "cpu", target: { type: "Utilization" } } },
            ],
        });
        assert.deepEqual(await validate(hpaUtilizationTargets, bad), [
            'HorizontalPodAutoscaler "h": spec.metrics[0].resource.target.averageUtilization 0 must be a whole-number percentage greater than 0 and at most 100. Use the share of the request at which to add pods, e.g. 70.',
            'HorizontalPodAutoscaler "h": spec.metrics[1].resource.target.averageUtilization 150 must be a whole-number percentage greater than 0 and at most 100. Use the share of the request at which to add pods, e.g. 70.',
            'HorizontalPodAutoscaler "h": spec.metrics[2].containerResource.target.averageUtilization 50.5 must be a whole-number percentage greater than 0 and at most 100. Use the share of the request at which to add pods, e.g. 70.',
            'HorizontalPodAutoscaler "h": spec.metrics[3].resource.target.averageUtilization is missing for a target of type Utilization. Set it, e.g. 70.',
        ]);
    });

    it("reads autoscaling/v1 and takes maxUtilization from config", async () => {
        const v1 = { type: types.hpaV1, props: { metadata: { name: "old" }, spec: { maxReplicas: 3, targetCPUUtilizationPercentage: 120 } } };
        assert.equal((await validate(hpaUtilizationTargets, v1)).length, 1);
        assert.deepEqual(await validate(hpaUtilizationTargets, v1, { maxUtilization: 150 }), []);
    });

    it("skips unknown metrics and values", async () => {
        assert.deepEqual(await validate(hpaUtilizationTargets, hpa("h", "t", { metrics: unknownArray })), []);
        const unknownTarget = hpa("h", "t", { metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: unknownNumber } } }] });
        assert.deepEqual(await validate(hpaUtilizationTargets, unknownTarget), []);
    });
});

describe("policy hpa-scale-down-stabilization", () => {
    it("passes a 300 s window and flags a missing or short one", async () => {
        assert.deepEqual(await validate(hpaScaleDownStabilization, hpa("h", "t")), []);
        assert.deepEqual(await validate(hpaScaleDownStabilization, hpa("h", "t", { behavior: undefined })), [
            'HorizontalPodAutoscaler "h": spec.behavior.scaleDown.stabilizationWindowSeconds is not set. Set it (e.g. 300) so that scaling down is deliberate and reviewed, not left to the cluster\'s default.',
        ]);
        assert.deepEqual(await validate(hpaScaleDownStabilization, hpa("h", "t", { behavior: { scaleDown: { stabilizationWindowSeconds: 10 } } })), [
            'HorizontalPodAutoscaler "h": spec.behavior.scaleDown.stabilizationWindowSeconds 10 is below 60: the autoscaler would remove pods after a dip of under 60 seconds and add them back moments later. Set it to at least 60 (e.g. 300).',
        ]);
    });

    it("takes the minimum from config, tells v1 users to move to v2, and skips unknown windows", async () => {
        assert.deepEqual(await validate(hpaScaleDownStabilization, hpa("h", "t", { behavior: { scaleDown: { stabilizationWindowSeconds: 10 } } }), { minStabilizationWindowSeconds: 0 }), []);
        const v1 = { type: types.hpaV1, props: { metadata: { name: "old" }, spec: { maxReplicas: 3 } } };
        assert.equal((await validate(hpaScaleDownStabilization, v1)).length, 1);
        assert.deepEqual(await validate(hpaScaleDownStabilization, hpa("h", "t", { behavior: { scaleDown: { stabilizationWindowSeconds: unknownNumber } } })), []);
    });
});

describe("policy hpa-can-scale", () => {
    it("flags minReplicas equal to maxReplicas (unset minReplicas counts as 1), and passes the guide's HPA", async () => {
        assert.equal(hpaCanScale.enforcementLevel, "advisory");
        assert.deepEqual(await validate(hpaCanScale, hpa("h", "x")), []);
        assert.deepEqual(await validate(hpaCanScale, hpa("h", "x", { minReplicas: 3, maxReplicas: 3 })), [
            'HorizontalPodAutoscaler "h": spec.minReplicas 3 equals spec.maxReplicas 3, so the autoscaler can never scale. Raise maxReplicas to the most pods you can afford, or drop the HPA and set the replicas.',
        ]);
        assert.deepEqual(await validate(hpaCanScale, hpa("h", "x", { minReplicas: undefined, maxReplicas: 1 })), [
            'HorizontalPodAutoscaler "h": spec.minReplicas (unset, so 1) equals spec.maxReplicas 1, so the autoscaler can never scale. Raise maxReplicas to the most pods you can afford, or drop the HPA and set the replicas.',
        ]);
    });

    it("skips unknown bounds", async () => {
        assert.deepEqual(await validate(hpaCanScale, hpa("h", "x", { minReplicas: 3, maxReplicas: unknownNumber })), []);
        assert.deepEqual(await validate(hpaCanScale, hpa("h", "x", { minReplicas: unknownNumber, maxReplicas: 3 })), []);
    });
});
