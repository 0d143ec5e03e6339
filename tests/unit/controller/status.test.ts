import { strict as assert } from "assert";
import { buildDeployment } from "../../../controller/deployment";
import { buildStatus, sameJson } from "../../../controller/status";
import { Condition, Deployment, DeploymentStatus, Distribution } from "../../../controller/types";

const T0 = "2026-01-01T00:00:00Z";
const T1 = "2026-01-01T00:05:00Z";

function distribution(replicas = 3, status?: Distribution["status"]): Distribution {
    return {
        metadata: { name: "my-llamastack", namespace: "ai", uid: "u", generation: 7 },
        spec: { image: "llamastack/llamastack:0.2.0", replicas },
        status,
    };
}

function deployment(d: Distribution, status: DeploymentStatus, generation = 2): Deployment {
    const built = buildDeployment(d);
    return { ...built, metadata: { ...built.metadata, generation }, status: { observedGeneration: generation, ...status } };
}

function condition(conditions: Condition[], type: string): Condition {
    const found = conditions.find((c) => c.type === type);
    assert.ok(found, type);
    return found;
}

describe("controller buildStatus", () => {
    it("reports a rolled-out Deployment as Ready with the selector the HPA needs", () => {
        const d = distribution(3);
        const status = buildStatus(d, deployment(d, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), undefined, T0);
        assert.deepEqual(status, {
            replicas: 3,
            readyReplicas: 3,
            selector: "app=my-llamastack",
            phase: "Ready",
            observedGeneration: 7,
            conditions: [
                { type: "Available", status: "True", reason: "MinimumReplicasReady", message: "3/3 replicas ready", observedGeneration: 7, lastTransitionTime: T0 },
                { type: "Progressing", status: "False", reason: "RolloutComplete", message: "3 replicas up to date and available", observedGeneration: 7, lastTransitionTime: T0 },
                { type: "Degraded", status: "False", reason: "AsExpected", observedGeneration: 7, lastTransitionTime: T0 },
            ],
        });
    });

    it("is Pending before the Deployment exists or has pods", () => {
        const d = distribution(2);
        const none = buildStatus(d, undefined, undefined, T0);
        assert.equal(none.phase, "Pending");
        assert.equal(none.replicas, 0);
        assert.equal(none.readyReplicas, 0);
        assert.deepEqual(condition(none.conditions, "Progressing"), { type: "Progressing", status: "True", reason: "DeploymentPending", message: "the Deployment does not exist yet", observedGeneration: 7, lastTransitionTime: T0 });
        assert.deepEqual(condition(none.conditions, "Available"), { type: "Available", status: "False", reason: "NoReplicasReady", message: "0/2 replicas ready", observedGeneration: 7, lastTransitionTime: T0 });
        assert.equal(buildStatus(d, deployment(d, {}), undefined, T0).phase, "Pending");
    });

    it("is Progressing while pods roll out or scale, Available once one is ready", () => {
        const d = distribution(3);
        const status = buildStatus(d, deployment(d, { replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 }), undefined, T0);
        assert.equal(status.phase, "Progressing");
        assert.equal(status.replicas, 3);
        assert.equal(status.readyReplicas, 1);
        assert.equal(condition(status.conditions, "Available").status, "True");
        assert.deepEqual(condition(status.conditions, "Progressing"), { type: "Progressing", status: "True", reason: "RollingOut", message: "2 of 3 replicas updated, 1 available", observedGeneration: 7, lastTransitionTime: T0 });
    });

    it("is Progressing while the Deployment controller has not seen the newest generation", () => {
        const d = distribution(1);
        const stale = deployment(d, { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }, 5);
        stale.status!.observedGeneration = 4;
        assert.equal(buildStatus(d, stale, undefined, T0).phase, "Progressing");
    });

    it("follows the Deployment's own replica count, which follows spec.replicas", () => {
        const d = distribution(5);
        const status = buildStatus(d, deployment(d, { replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 }), undefined, T0);
        assert.equal(status.replicas, 5);
        assert.equal(status.phase, "Ready");
    });

    it("is Ready but not Available when scaled to zero", () => {
        const d = distribution(0);
        const status = buildStatus(d, deployment(d, {}), undefined, T0);
        assert.equal(status.phase, "Ready");
        assert.deepEqual(condition(status.conditions, "Available"), { type: "Available", status: "False", reason: "ScaledToZero", message: "spec.replicas is 0", observedGeneration: 7, lastTransitionTime: T0 });
    });

    it("is Degraded with the Deployment's reason when its progress deadline passes or pods cannot be created", () => {
        const d = distribution(2);
        const stuck = deployment(d, {
            replicas: 2,
            updatedReplicas: 1,
            readyReplicas: 1,
            availableReplicas: 1,
            conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "x" has timed out progressing.' }],
        });
        const status = buildStatus(d, stuck, undefined, T0);
        assert.equal(status.phase, "Degraded");
        assert.deepEqual(condition(status.conditions, "Degraded"), { type: "Degraded", status: "True", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "x" has timed out progressing.', observedGeneration: 7, lastTransitionTime: T0 });

        const quota = deployment(d, { replicas: 0, conditions: [{ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: "exceeded quota" }] });
        const q = buildStatus(d, quota, undefined, T0);
        assert.equal(q.phase, "Degraded");
        assert.equal(condition(q.conditions, "Degraded").reason, "FailedCreate");
    });

    it("is Failed with the controller's reason when it refused the Deployment", () => {
        const d = distribution(1);
        const status = buildStatus(d, undefined, { reason: "DeploymentNotOwned", message: "Deployment ai/my-llamastack exists and is not controlled by this distribution; delete or rename it" }, T0);
        assert.equal(status.phase, "Failed");
        assert.deepEqual(condition(status.conditions, "Degraded"), {
            type: "Degraded",
            status: "True",
            reason: "DeploymentNotOwned",
            message: "Deployment ai/my-llamastack exists and is not controlled by this distribution; delete or rename it",
            observedGeneration: 7,
            lastTransitionTime: T0,
        });
        assert.deepEqual(condition(status.conditions, "Progressing"), { type: "Progressing", status: "False", reason: "DeploymentNotApplied", observedGeneration: 7, lastTransitionTime: T0 });
    });

    it("keeps lastTransitionTime while a condition's status stays, and moves it when it flips", () => {
        const d = distribution(2);
        const rolling = deployment(d, { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 });
        const first = buildStatus(d, rolling, undefined, T0);
        const ready = deployment(d, { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
        const second = buildStatus(distribution(2, first), ready, undefined, T1);
        assert.equal(condition(second.conditions, "Available").lastTransitionTime, T0);
        assert.equal(condition(second.conditions, "Degraded").lastTransitionTime, T0);
        assert.equal(condition(second.conditions, "Progressing").lastTransitionTime, T1);
    });

    it("computes the same status again when nothing changed, so no write happens", () => {
        const d = distribution(2);
        const dep = deployment(d, { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
        const first = buildStatus(d, dep, undefined, T0);
        const again = buildStatus(distribution(2, JSON.parse(JSON.stringify(first))), dep, undefined, T1);
        assert.equal(sameJson(again, JSON.parse(JSON.stringify(first))), true);
    });

    it("compares JSON deeply, ignoring undefined fields", () => {
        assert.equal(sameJson({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] }), true);
        assert.equal(sameJson({ a: [1, 2] }, { a: [2, 1] }), false);
        assert.equal(sameJson({ a: {} }, { a: [] }), false);
        assert.equal(sameJson({ a: 1 }, { a: 1, b: 2 }), false);
    });
});
