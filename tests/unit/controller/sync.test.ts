import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildDeployment } from "../../../controller/deployment";
import { ApiError, connectionFromKubeconfig } from "../../../controller/kube";
import { canAcquire } from "../../../controller/leader";
import { setLogLevel } from "../../../controller/log";
import { onlyStatusChanged, Reconciler } from "../../../controller/reconcile";
import { Deployment, Distribution } from "../../../controller/types";
import { Call, fakeClient } from "../fakeKube";


const notFound = () => new ApiError(404, "NotFound", "not found");

function distribution(status?: Distribution["status"]): Distribution {
    return { metadata: { name: "llama", namespace: "ai", uid: "uid-1", generation: 1 }, spec: { image: "llamastack/llamastack:0.2.0", replicas: 2 }, status };
}

describe("controller sync", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("creates a missing Deployment create-only (POST, field manager llamastack-controller), not with a forced apply, and writes status", async () => {
        const d = distribution();
        const { client, calls } = fakeClient((c) => (c.method === "GET" ? notFound() : c.method === "POST" && c.path.includes("deployments") ? { ...c.body, metadata: { ...c.body.metadata, generation: 1 }, status: {} } : {}));
        const reconciler = new Reconciler(client, { distribution: () => d, deployment: () => undefined });
        await reconciler.sync("ai/llama");
        assert.deepEqual(calls.map((c) => `${c.method} ${c.path}`), [
            "GET /apis/apps/v1/namespaces/ai/deployments/llama",
            "POST /apis/apps/v1/namespaces/ai/deployments?fieldManager=llamastack-controller",
            // No replica ready yet: why not? (The answer here is a 404, which only leaves the reason out.)
            "GET /api/v1/namespaces/ai/pods?labelSelector=app%3Dllama&limit=100",
            "PATCH /apis/llamastack.io/v1alpha1/namespaces/ai/llamastackdistributions/llama/status?fieldManager=llamastack-controller",
        ]);
        assert.equal(calls[1].contentType, undefined, "plain JSON: a create, not an apply");
        assert.deepEqual(calls[1].body, buildDeployment(d));
        assert.equal(calls[3].contentType, "application/merge-patch+json");
        assert.equal(calls[3].body.status.selector, "app=llama");
        assert.equal(calls[3].body.status.phase, "Pending");
    });

    it("refuses a Deployment created between its read and its create (409), instead of taking it over", async () => {
        const d = distribution();
        const stranger = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "llama", namespace: "ai", uid: "uid-x" }, spec: {} } as Deployment;
        let reads = 0;
        const { client, calls } = fakeClient((c) =>
            c.method === "GET" && c.path.endsWith("/deployments/llama") ? (reads++ === 0 ? notFound() : stranger) : c.method === "POST" && c.path.includes("/deployments") ? new ApiError(409, "AlreadyExists", "deployments.apps \"llama\" already exists") : {},
        );
        await new Reconciler(client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        assert.deepEqual(calls.slice(0, 3).map((c) => `${c.method} ${c.path}`), [
            "GET /apis/apps/v1/namespaces/ai/deployments/llama",
            "POST /apis/apps/v1/namespaces/ai/deployments?fieldManager=llamastack-controller",
            "GET /apis/apps/v1/namespaces/ai/deployments/llama",
        ]);
        assert.equal(calls.some((c) => c.path.includes("/deployments/llama?")), false, "never patched or applied");
        const status = calls.find((c) => c.path.includes("/status"))!.body.status;
        assert.equal(status.phase, "Failed");
        assert.equal(status.conditions.find((c: any) => c.type === "Degraded").reason, "DeploymentNotOwned");
    });

    it("applies to a Deployment it owns that appeared meanwhile (409), after taking over its create's field ownership", async () => {
        const d = distribution();
        const ours = {
            ...buildDeployment(d),
            metadata: {
                ...buildDeployment(d).metadata,
                uid: "dep-uid",
                generation: 1,
                managedFields: [
                    { manager: "kube-controller-manager", operation: "Update", subresource: "status" },
                    { manager: "llamastack-controller", operation: "Update" },
                ],
            },
            status: {},
        } as Deployment;
        let reads = 0;
        const { client, calls } = fakeClient((c) =>
            c.method === "GET" && c.path.endsWith("/deployments/llama") ? (reads++ === 0 ? notFound() : ours) : c.method === "POST" && c.path.includes("/deployments") ? new ApiError(409, "AlreadyExists", "exists") : c.method === "PATCH" && c.path.includes("/deployments/") ? ours : {},
        );
        await new Reconciler(client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        assert.deepEqual(calls.slice(0, 5).map((c) => `${c.method} ${c.path}`), [
            "GET /apis/apps/v1/namespaces/ai/deployments/llama",
            "POST /apis/apps/v1/namespaces/ai/deployments?fieldManager=llamastack-controller",
            "GET /apis/apps/v1/namespaces/ai/deployments/llama",
            "PATCH /apis/apps/v1/namespaces/ai/deployments/llama?fieldManager=llamastack-controller",
            "PATCH /apis/apps/v1/namespaces/ai/deployments/llama?fieldManager=llamastack-controller&force=true",
        ]);
        assert.equal(calls[3].contentType, "application/json-patch+json");
        assert.deepEqual(calls[3].body, [
            { op: "test", path: "/metadata/uid", value: "dep-uid" },
            { op: "test", path: "/metadata/managedFields/1/manager", value: "llamastack-controller" },
            { op: "test", path: "/metadata/managedFields/1/operation", value: "Update" },
            { op: "replace", path: "/metadata/managedFields/1/operation", value: "Apply" },
        ]);
        assert.equal(calls[4].contentType, "application/apply-patch+yaml");
    });

    it("drops its create's Update entry when it has applied before, and claims nothing twice", async () => {
        const d = distribution();
        const both = {
            ...buildDeployment(d),
            metadata: {
                ...buildDeployment(d).metadata,
                uid: "dep-uid",
                generation: 2,
                managedFields: [
                    { manager: "llamastack-controller", operation: "Apply" },
                    { manager: "llamastack-controller", operation: "Update" },
                ],
            },
        } as Deployment;
        const { client, calls } = fakeClient((c) => (c.path.includes("force=true") ? { ...both, metadata: { ...both.metadata, managedFields: [both.metadata.managedFields![0]] } } : {}));
        const reconciler = new Reconciler(client, { distribution: () => d, deployment: () => both });
        await reconciler.sync("ai/llama");
        const claims = calls.filter((c) => c.contentType === "application/json-patch+json");
        assert.equal(claims.length, 1);
        assert.deepEqual(claims[0].body.at(-1), { op: "remove", path: "/metadata/managedFields/1" });
        const applied = { ...both, metadata: { ...both.metadata, managedFields: [both.metadata.managedFields![0]] } } as Deployment;
        const again = fakeClient((c) => (c.path.includes("force=true") ? applied : {}));
        reconciler.forgetApplied();
        await new Reconciler(again.client, { distribution: () => d, deployment: () => applied }).sync("ai/llama");
        assert.equal(again.calls.some((c) => c.contentType === "application/json-patch+json"), false);
    });

    it("does not write status that has not changed", async () => {
        const d = distribution();
        const ready = { ...buildDeployment(d), status: { observedGeneration: 0, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } } as Deployment;
        const { client: first, calls: firstCalls } = fakeClient(() => ready);
        await new Reconciler(first, { distribution: () => d, deployment: () => ready }).sync("ai/llama");
        const written = firstCalls.find((c) => c.path.endsWith("/status?fieldManager=llamastack-controller"))!.body.status;

        const again = distribution(JSON.parse(JSON.stringify(written)));
        const { client, calls } = fakeClient(() => ready);
        await new Reconciler(client, { distribution: () => again, deployment: () => ready }).sync("ai/llama");
        assert.deepEqual(calls.map((c) => c.method), ["PATCH"], "only the (no-op) apply");
    });

    it("skips the apply while its last one is still in place, and applies again after a hand edit or a spec change", async () => {
        let d = distribution();
        const applied = { ...buildDeployment(d), metadata: { ...buildDeployment(d).metadata, generation: 4 }, status: {} } as Deployment;
        let cached: Deployment = applied;
        const { client, calls } = fakeClient((c) => (c.path.includes("force=true") ? applied : {}));
        const reconciler = new Reconciler(client, { distribution: () => d, deployment: () => cached });
        const applies = () => calls.filter((c) => c.path.includes("force=true")).length;
        await reconciler.sync("ai/llama");
        assert.equal(applies(), 1);
        await reconciler.sync("ai/llama");
        assert.equal(applies(), 1, "Deployment status changes alone cost no apply");
        cached = { ...applied, metadata: { ...applied.metadata, generation: 5 } };
        await reconciler.sync("ai/llama");
        assert.equal(applies(), 2, "someone edited the Deployment's spec");
        cached = applied;
        d = { ...d, spec: { ...d.spec, replicas: 3 } };
        await reconciler.sync("ai/llama");
        assert.equal(applies(), 3, "the distribution changed");
        reconciler.forgetApplied();
        d = { ...d, spec: { ...d.spec, replicas: 2 } };
        await reconciler.sync("ai/llama");
        await reconciler.sync("ai/llama");
        assert.equal(applies(), 4);
        reconciler.forgetApplied();
        await reconciler.sync("ai/llama");
        assert.equal(applies(), 5, "a resync applies again");
    });

    it("reports the scheduler's reason for pods it cannot place, once as a Warning event, and asks to look again", async () => {
        const d = distribution();
        const pending = { ...buildDeployment(d), metadata: { ...buildDeployment(d).metadata, generation: 1 }, status: { replicas: 2, readyReplicas: 0 } } as Deployment;
        const why = "0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.";
        const pods = {
            items: [
                { metadata: { name: "llama-1" }, status: { phase: "Running", conditions: [{ type: "PodScheduled", status: "True" }] } },
                { metadata: { name: "llama-2" }, status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: why }] } },
            ],
        };
        const { client, calls } = fakeClient((c) => (c.path.includes("/pods?") ? pods : c.path.includes("force=true") ? pending : {}));
        const recheck = await new Reconciler(client, { distribution: () => d, deployment: () => pending }).sync("ai/llama");
        assert.equal(recheck, 10_000, "looks again in 10 s: nothing else would wake it up");
        const status = calls.find((c) => c.path.includes("/status"))!.body.status;
        const progressing = status.conditions.find((c: any) => c.type === "Progressing");
        assert.equal(progressing.reason, "PodsUnschedulable");
        assert.equal(progressing.message, `pods cannot be scheduled: ${why}`);
        const event = calls.find((c) => c.path === "/api/v1/namespaces/ai/events")!;
        assert.equal(event.body.type, "Warning");
        assert.equal(event.body.reason, "PodsUnschedulable");
        assert.equal(event.body.message, `pods cannot be scheduled: ${why}`);

        // Still unschedulable on the next look: no second event.
        const again = distribution(JSON.parse(JSON.stringify(status)));
        const second = fakeClient((c) => (c.path.includes("/pods?") ? pods : c.path.includes("force=true") ? pending : {}));
        await new Reconciler(second.client, { distribution: () => again, deployment: () => pending }).sync("ai/llama");
        assert.equal(second.calls.some((c) => c.path.endsWith("/events")), false);
    });

    it("asks to look again only while replicas are not all ready", async () => {
        const d = distribution();
        const ready = { ...buildDeployment(d), status: { observedGeneration: 0, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } } as Deployment;
        const { client, calls } = fakeClient(() => ready);
        assert.equal(await new Reconciler(client, { distribution: () => d, deployment: () => ready }).sync("ai/llama"), undefined);
        assert.equal(calls.some((c) => c.path.includes("/pods")), false, "no pod is read when all are ready");
    });

    it("refuses to adopt a Deployment of the same name it does not control, and says why", async () => {
        const d = distribution();
        const stranger = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "llama", namespace: "ai" }, spec: {} } as Deployment;
        const { client, calls } = fakeClient((c) => (c.method === "GET" ? stranger : {}));
        await new Reconciler(client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        assert.equal(calls.some((c) => c.path.includes("force=true")), false, "never applied");
        const event = calls.find((c) => c.path === "/api/v1/namespaces/ai/events")!;
        assert.equal(event.body.reason, "DeploymentNotOwned");
        assert.equal(event.body.type, "Warning");
        const status = calls.find((c) => c.path.includes("/status"))!.body.status;
        assert.equal(status.phase, "Failed");
        const degraded = status.conditions.find((c: any) => c.type === "Degraded");
        assert.equal(degraded.reason, "DeploymentNotOwned");
        assert.equal(degraded.message, "Deployment ai/llama exists and is not controlled by this distribution; delete or rename it");
    });

    it("also refuses a labeled Deployment in the cache owned by an earlier distribution of the same name", async () => {
        const d = distribution();
        const old = buildDeployment({ ...d, metadata: { ...d.metadata, uid: "uid-0" } });
        const { client, calls } = fakeClient(() => ({}));
        await new Reconciler(client, { distribution: () => d, deployment: () => old }).sync("ai/llama");
        assert.equal(calls.some((c) => c.path.includes("force=true")), false);
    });

    it("does nothing for a distribution that is gone or being deleted (the garbage collector removes the Deployment)", async () => {
        const { client, calls } = fakeClient(() => ({}));
        await new Reconciler(client, { distribution: () => undefined, deployment: () => undefined }).sync("ai/llama");
        const deleting = distribution();
        deleting.metadata.deletionTimestamp = "2026-01-01T00:00:00Z";
        await new Reconciler(client, { distribution: () => deleting, deployment: () => undefined }).sync("ai/llama");
        assert.equal(calls.length, 0);
    });

    it("throws (to be retried with backoff) when the API server is unavailable", async () => {
        const d = distribution();
        const { client } = fakeClient(() => new ApiError(503, "ServiceUnavailable", "unavailable"));
        await assert.rejects(new Reconciler(client, { distribution: () => d, deployment: () => buildDeployment(d) }).sync("ai/llama"), /unavailable/);
    });

    it("records an apply the API server rejects as Degraded instead of retrying it forever", async () => {
        const d = distribution();
        const { client, calls } = fakeClient((c) => (c.path.includes("force=true") ? new ApiError(422, "Invalid", "spec.template.spec.containers[0].image: Required value") : {}));
        await new Reconciler(client, { distribution: () => d, deployment: () => buildDeployment(d) }).sync("ai/llama");
        const status = calls.find((c) => c.path.includes("/status"))!.body.status;
        assert.equal(status.conditions.find((c: any) => c.type === "Degraded").reason, "DeploymentRejected");
    });
});

describe("controller connection and lease", () => {
    it("reads the current context of a kubeconfig: server, CA and client certificate files, namespace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeconfig-"));
        fs.writeFileSync(path.join(dir, "ca.crt"), "CA");
        const text = [
            "apiVersion: v1",
            "current-context: local",
            "clusters:",
            "- name: other",
            "  cluster: { server: https://other:6443 }",
            "- name: c",
            "  cluster: { server: https://127.0.0.1:6443, certificate-authority: ca.crt }",
            "users:",
            "- name: u",
            `  user: { client-certificate-data: ${Buffer.from("CERT").toString("base64")}, client-key-data: ${Buffer.from("KEY").toString("base64")} }`,
            "contexts:",
            "- name: local",
            "  context: { cluster: c, user: u, namespace: team }",
        ].join("\n");
        const connection = connectionFromKubeconfig(text, dir);
        assert.equal(connection.server, "https://127.0.0.1:6443");
        assert.equal(connection.ca?.toString(), "CA");
        assert.equal(connection.cert?.toString(), "CERT");
        assert.equal(connection.key?.toString(), "KEY");
        assert.equal(connection.namespace, "team");
        assert.equal(connectionFromKubeconfig(text, dir, "llamastack-system").namespace, "llamastack-system");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("takes a lease that is free, its own, or unchanged for the whole lease duration", () => {
        assert.equal(canAcquire({}, "me", 0, 0, 15_000), true);
        assert.equal(canAcquire({ holderIdentity: "me" }, "me", 0, 0, 15_000), true);
        assert.equal(canAcquire({ holderIdentity: "other" }, "me", 1_000, 15_000, 15_000), false);
        assert.equal(canAcquire({ holderIdentity: "other" }, "me", 1_000, 16_001, 15_000), true);
    });
});

describe("controller event filter", () => {
    it("skips updates that only touched status (its own writes) and keeps spec changes and deletions", () => {
        const before = distribution();
        assert.equal(onlyStatusChanged(before, { ...before, status: { phase: "Ready" } }), true);
        assert.equal(onlyStatusChanged(before, { ...before, metadata: { ...before.metadata, generation: 2 } }), false);
        assert.equal(onlyStatusChanged(before, { ...before, metadata: { ...before.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } }), false);
        assert.equal(onlyStatusChanged(before, { ...before, metadata: { ...before.metadata, uid: "uid-2" } }), false);
    });
});
