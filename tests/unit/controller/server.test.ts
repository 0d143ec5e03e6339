// The controller's side of issue 17: objects of another schema left alone, named distributions
// resolved (with the operator's overrides), the persistent claim made once, the Service URL reported.
import { strict as assert } from "assert";
import { buildClaim } from "../../../controller/claim";
import { isOurs, parseImageOverrides, resolveImage } from "../../../controller/image";
import { refusedOverride } from "../../../controller/podOverrides";
import { ApiError } from "../../../controller/kube";
import { setLogLevel } from "../../../controller/log";
import { Reconciler } from "../../../controller/reconcile";
import { serviceURLOf } from "../../../controller/serviceURL";
import { Distribution } from "../../../controller/types";
import { Call, fakeClient } from "../fakeKube";


function distribution(spec: Record<string, unknown>, annotations?: Record<string, string>): Distribution {
    return { metadata: { name: "llama", namespace: "ai", uid: "uid-1", generation: 1, annotations }, spec: spec as Distribution["spec"] };
}

/** Answers like an API server where nothing exists yet and every write succeeds. */
const emptyCluster = (c: Call) =>
    c.method === "GET" && c.path.includes("/deployments/")
        ? new ApiError(404, "NotFound", "not found")
        : (c.method === "PATCH" || c.method === "POST") && c.path.includes("/deployments")
          ? { ...c.body, metadata: { ...c.body.metadata, generation: 1 }, status: {} }
          : {};

/** The call that created or applied the Deployment (created with POST, applied with PATCH). */
const writesDeployment = (c: Call) => (c.method === "POST" || c.method === "PATCH") && c.path.includes("/deployments");

describe("controller: server configuration", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("tells our objects from the upstream operator's (everything under spec.server)", () => {
        assert.equal(isOurs(distribution({ image: "img:1" })), true);
        assert.equal(isOurs(distribution({ distribution: "starter" })), true);
        assert.equal(isOurs(distribution({ server: { distribution: { name: "starter" } }, replicas: 1 })), false);
        assert.equal(isOurs(distribution({ image: "" })), false);
        assert.equal(isOurs({ metadata: { name: "x" }, spec: null } as unknown as Distribution), false);
    });

    it("leaves another schema's object alone: no Deployment, no status, no event, nothing to retry", async () => {
        const upstream = distribution({ server: { distribution: { name: "starter" } }, replicas: 1 });
        const { client, calls } = fakeClient(emptyCluster);
        const reconciler = new Reconciler(client, { distribution: () => upstream, deployment: () => undefined });
        assert.equal(await reconciler.sync("ai/llama"), undefined);
        assert.equal(await reconciler.sync("ai/llama"), undefined);
        assert.deepEqual(calls, []);
    });

    it("resolves a named distribution to the package's pin, or to the operator's override", () => {
        assert.deepEqual(resolveImage(distribution({ distribution: "ollama" }), {}), { image: "docker.io/llamastack/distribution-ollama:0.2.0", serverVersion: "0.2.0" });
        // An override may be anything (a mirror, a digest): the version is then not known.
        assert.deepEqual(resolveImage(distribution({ distribution: "ollama" }), { ollama: "mirror.example/ollama@sha256:abc" }), { image: "mirror.example/ollama@sha256:abc" });
        assert.deepEqual(resolveImage(distribution({ distribution: "in-house" }), { "in-house": "mirror.example/in-house:1" }), { image: "mirror.example/in-house:1" });
        assert.deepEqual(resolveImage(distribution({ image: "my/image:1" }), {}), { image: "my/image:1" });
        assert.deepEqual(resolveImage(distribution({ distribution: "nope" }), { extra: "x:1" }), {
            reason: "UnknownDistribution",
            message: 'spec.distribution "nope" is not one of bedrock, extra, fireworks, meta-reference-gpu, nvidia, ollama, remote-vllm, tgi, together, vllm-gpu; set spec.image instead',
        });
    });

    it("reports an unknown name as Failed with one event, and applies no Deployment", async () => {
        const d = distribution({ distribution: "nope" });
        const { client, calls } = fakeClient(emptyCluster);
        await new Reconciler(client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        assert.equal(calls.some(writesDeployment), false);
        const events = calls.filter((c) => c.path.endsWith("/events"));
        assert.equal(events.length, 1);
        assert.equal(events[0].body.reason, "UnknownDistribution");
        const status = calls.find((c) => c.path.includes("/status?"))!.body.status;
        assert.equal(status.phase, "Failed");
    });

    it("reads the operator's overrides strictly, so a bad one stops the controller at start", () => {
        assert.deepEqual(parseImageOverrides(undefined), {});
        assert.deepEqual(parseImageOverrides('{"starter":"m/s:1"}'), { starter: "m/s:1" });
        assert.throws(() => parseImageOverrides("{starter"), /^Error: DISTRIBUTION_IMAGES is not JSON: /);
        assert.throws(() => parseImageOverrides('["m/s:1"]'), /must be a JSON object of distribution name to image/);
        assert.throws(() => parseImageOverrides('{"starter":""}'), /DISTRIBUTION_IMAGES\["starter"\] must be a non-empty image reference/);
    });

    it("puts the resolved image, its LlamaStack version and the Service URL in the status", async () => {
        const d = distribution({ distribution: "ollama" }, { "llamastack.io/service": "llama-front:8080" });
        const { client, calls } = fakeClient(emptyCluster);
        await new Reconciler(client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        const applied = calls.find(writesDeployment)!;
        assert.equal(applied.body.spec.template.spec.containers[0].image, "docker.io/llamastack/distribution-ollama:0.2.0");
        const status = calls.find((c) => c.path.includes("/status?"))!.body.status;
        assert.equal(status.image, "docker.io/llamastack/distribution-ollama:0.2.0");
        assert.equal(status.serverVersion, "0.2.0");
        assert.equal(status.serviceURL, "http://llama-front.ai.svc:8080");
    });

    it("reads the Service annotation strictly: a bad one gives no URL", () => {
        for (const value of ["llama", "llama:0", "llama:99999", "Llama:80", "a:80:90", `${"a".repeat(64)}:80`]) {
            assert.equal(serviceURLOf(distribution({ image: "i" }, { "llamastack.io/service": value })), undefined, value);
        }
    });

    it("makes the persistent claim once, create-only, owned by the distribution, before the Deployment", async () => {
        const d = distribution({ image: "img:1", storage: { persistent: true, size: "5Gi", storageClassName: "fast" } });
        const { client, calls } = fakeClient(emptyCluster);
        const reconciler = new Reconciler(client, { distribution: () => d, deployment: () => undefined });
        await reconciler.sync("ai/llama");
        const creates = calls.filter((c) => c.method === "POST" && c.path.includes("persistentvolumeclaims"));
        assert.equal(creates.length, 1);
        assert.equal(creates[0].path, "/api/v1/namespaces/ai/persistentvolumeclaims?fieldManager=llamastack-controller");
        assert.deepEqual(creates[0].body, buildClaim(d));
        assert.deepEqual(creates[0].body.spec, { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } }, storageClassName: "fast" });
        assert.deepEqual(creates[0].body.metadata.ownerReferences, [{ apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "llama", uid: "uid-1", blockOwnerDeletion: true }]);
        assert.ok(calls.indexOf(creates[0]) < calls.findIndex(writesDeployment));
        await reconciler.sync("ai/llama");
        assert.equal(calls.filter((c) => c.method === "POST" && c.path.includes("persistentvolumeclaims")).length, 1);
    });

    it("uses a claim that exists already (409), and reports a refused one instead of retrying", async () => {
        const d = distribution({ image: "img:1", storage: { persistent: true } });
        const exists = fakeClient((c) => (c.method === "POST" && c.path.includes("persistentvolumeclaims") ? new ApiError(409, "AlreadyExists", "exists") : emptyCluster(c)));
        await new Reconciler(exists.client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        assert.ok(exists.calls.some(writesDeployment));
        const refused = fakeClient((c) => (c.method === "POST" && c.path.includes("persistentvolumeclaims") ? new ApiError(422, "Invalid", "storage class fast not allowed") : emptyCluster(c)));
        await new Reconciler(refused.client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        assert.equal(refused.calls.some(writesDeployment), false);
        const status = refused.calls.find((c) => c.path.includes("/status?"))!.body.status;
        assert.equal(status.conditions.find((x: { type: string }) => x.type === "Degraded").reason, "StorageRejected");
    });
});

describe("controller: a distribution is as strong as a restricted pod", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("refuses a ServiceAccount, root, privilege, added capabilities and other volume kinds", () => {
        const refusals: [Record<string, unknown>, RegExp][] = [
            [{ serviceAccountName: "admin" }, /^spec\.serviceAccountName is refused/],
            [{ podSecurityContext: { runAsUser: 0 } }, /runAsUser 0 is refused/],
            [{ podSecurityContext: { runAsNonRoot: false } }, /runAsNonRoot must be true/],
            [{ podSecurityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "0" }] } }, /podSecurityContext\.sysctls is refused/],
            [{ podSecurityContext: { seccompProfile: { type: "Unconfined" } } }, /seccompProfile\.type must be RuntimeDefault or Localhost/],
            [{ securityContext: { privileged: true } }, /privileged is refused/],
            [{ securityContext: { allowPrivilegeEscalation: true } }, /allowPrivilegeEscalation must be false/],
            [{ securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }, /capabilities\.add may hold NET_BIND_SERVICE only/],
            [{ securityContext: { procMount: "Unmasked" } }, /securityContext\.procMount is refused/],
            [{ securityContext: { runAsUser: 0 } }, /does not run as root/],
            [{ volumes: [{ name: "host", hostPath: { path: "/" } }] }, /"host" must be one of configMap, secret, emptyDir, persistentVolumeClaim/],
        ];
        for (const [spec, expected] of refusals) {
            assert.match(refusedOverride({ image: "img:1", ...spec }) ?? "(none)", expected, JSON.stringify(spec));
        }
        for (const allowed of [
            {},
            { podSecurityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, runAsNonRoot: true } },
            { securityContext: { readOnlyRootFilesystem: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }, seccompProfile: { type: "RuntimeDefault" } } },
            { volumes: [{ name: "ca", configMap: { name: "ca" } }] },
        ]) {
            assert.equal(refusedOverride({ image: "img:1", ...allowed }), undefined, JSON.stringify(allowed));
        }
    });

    it("reports a refused override and makes no Deployment, unless the operator allows overrides", async () => {
        const d = distribution({ image: "img:1", serviceAccountName: "admin", securityContext: { privileged: true } });
        const refused = fakeClient(emptyCluster);
        await new Reconciler(refused.client, { distribution: () => d, deployment: () => undefined }).sync("ai/llama");
        assert.equal(refused.calls.some(writesDeployment), false);
        const status = refused.calls.find((c) => c.path.includes("/status?"))!.body.status;
        const degraded = status.conditions.find((x: { type: string }) => x.type === "Degraded");
        assert.equal(degraded.reason, "PodOverrideRefused");
        assert.match(degraded.message, /serviceAccountName is refused.*\(LlamaStackOperator controller\.allowPodOverrides allows it\)$/);
        const allowed = fakeClient(emptyCluster);
        await new Reconciler(allowed.client, { distribution: () => d, deployment: () => undefined }, undefined, { allowPodOverrides: true }).sync("ai/llama");
        const pod = allowed.calls.find(writesDeployment)!.body.spec.template.spec;
        assert.equal(pod.serviceAccountName, "admin");
        assert.equal(pod.containers[0].securityContext.privileged, true);
    });
});
