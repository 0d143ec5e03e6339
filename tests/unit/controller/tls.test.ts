import { strict as assert } from "assert";
import { Controller } from "../../../controller/controller";
import { buildDeployment } from "../../../controller/deployment";
import { ApiError } from "../../../controller/kube";
import { setLogLevel } from "../../../controller/log";
import { Reconciler } from "../../../controller/reconcile";
import { serviceURLOf } from "../../../controller/serviceURL";
import { certificateRevision } from "../../../controller/tls";
import { Certificate, Deployment, Distribution } from "../../../controller/types";
import { fakeClient, syncedController } from "../fakeKube";

function distribution(spec: Partial<Distribution["spec"]> = {}): Distribution {
    return {
        metadata: { name: "llama", namespace: "ai", uid: "uid-1", generation: 1, annotations: { "llamastack.io/service": "llama:8080" } },
        spec: { image: "llamastack/distribution-ollama:0.2.0", ...spec },
    };
}

const tls = { secretName: "llama-tls", certificateName: "llama-tls" };

describe("controller TLS", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("serves HTTPS with the Secret's tls.crt and tls.key, mounted read-only outside the run configuration's mount", () => {
        const pod = buildDeployment(distribution({ tls, runConfig: { configMapName: "rc" } })).spec.template.spec;
        const container = pod.containers[0];
        assert.deepEqual(container.args, ["--config", "/etc/llama-stack/run.yaml", "--tls-certfile", "/etc/llama-stack-tls/tls.crt", "--tls-keyfile", "/etc/llama-stack-tls/tls.key"]);
        assert.deepEqual(
            container.volumeMounts.find((m: any) => m.name === "tls"),
            { name: "tls", mountPath: "/etc/llama-stack-tls", readOnly: true },
        );
        assert.deepEqual(pod.volumes.find((v: any) => v.name === "tls"), {
            name: "tls",
            secret: { secretName: "llama-tls", items: [{ key: "tls.crt", path: "tls.crt" }, { key: "tls.key", path: "tls.key" }], defaultMode: 0o440 },
        });
        // The pod's fsGroup owns the files: the non-root server can read the key, others cannot.
        assert.equal(pod.securityContext.fsGroup, 1001);
    });

    it("names the port https and probes over HTTPS; plain distributions keep http and the default scheme", () => {
        const secure = buildDeployment(distribution({ tls })).spec.template.spec.containers[0];
        assert.deepEqual(secure.ports, [{ name: "https", containerPort: 8321, protocol: "TCP" }]);
        for (const probe of [secure.startupProbe, secure.readinessProbe, secure.livenessProbe]) {
            assert.deepEqual(probe.httpGet, { path: "/v1/health", port: "https", scheme: "HTTPS" });
        }
        const plain = buildDeployment(distribution()).spec.template.spec.containers[0];
        assert.deepEqual(plain.ports, [{ name: "http", containerPort: 8321, protocol: "TCP" }]);
        assert.deepEqual(plain.readinessProbe.httpGet, { path: "/v1/health", port: "http" });
        assert.equal(plain.args, undefined);
    });

    it("puts the Certificate's revision on the pod template, so a renewal rolls the pods and nothing else does", () => {
        const first = buildDeployment(distribution({ tls, podAnnotations: { team: "ml" } }), { tlsRevision: "1" });
        assert.deepEqual(first.spec.template.metadata.annotations, { team: "ml", "llamastack.io/tls-revision": "1" });
        const same = buildDeployment(distribution({ tls, podAnnotations: { team: "ml" } }), { tlsRevision: "1" });
        assert.deepEqual(same.spec.template, first.spec.template);
        const renewed = buildDeployment(distribution({ tls, podAnnotations: { team: "ml" } }), { tlsRevision: "2" });
        assert.equal(renewed.spec.template.metadata.annotations["llamastack.io/tls-revision"], "2");
        // Without TLS a revision means nothing and is left out.
        assert.equal(buildDeployment(distribution(), { tlsRevision: "7" }).spec.template.metadata.annotations, undefined);
    });

    it("reads only positive whole revisions", () => {
        assert.equal(certificateRevision({ status: { revision: 3 } }), "3");
        for (const bad of [undefined, {}, { status: {} }, { status: { revision: 0 } }, { status: { revision: "2" } }, { status: { revision: 1.5 } }]) {
            assert.equal(certificateRevision(bad as any), undefined, JSON.stringify(bad));
        }
    });

    it("trusts a CA bundle for outbound calls: one file, named by SSL_CERT_FILE and REQUESTS_CA_BUNDLE; the user's env still wins", () => {
        const d = distribution({ caBundle: { configMapName: "corp-ca", key: "bundle.pem" }, env: [{ name: "REQUESTS_CA_BUNDLE", value: "/mine.pem" }] });
        const pod = buildDeployment(d).spec.template.spec;
        const env = pod.containers[0].env as { name: string; value: string }[];
        assert.equal(env.find((e) => e.name === "SSL_CERT_FILE")?.value, "/etc/llama-stack-ca/ca.crt");
        assert.deepEqual(env.filter((e) => e.name === "REQUESTS_CA_BUNDLE"), [{ name: "REQUESTS_CA_BUNDLE", value: "/mine.pem" }]);
        assert.deepEqual(pod.volumes.find((v: any) => v.name === "ca-bundle"), { name: "ca-bundle", configMap: { name: "corp-ca", items: [{ key: "bundle.pem", path: "ca.crt" }] } });
        assert.deepEqual(pod.containers[0].volumeMounts.find((m: any) => m.name === "ca-bundle"), { name: "ca-bundle", mountPath: "/etc/llama-stack-ca", readOnly: true });
        const defaultKey = buildDeployment(distribution({ caBundle: { configMapName: "corp-ca" } })).spec.template.spec.volumes.find((v: any) => v.name === "ca-bundle");
        assert.deepEqual(defaultKey.configMap.items, [{ key: "ca.crt", path: "ca.crt" }]);
    });

    it("reports an https service URL when the server serves TLS", () => {
        assert.equal(serviceURLOf(distribution({ tls })), "https://llama.ai.svc:8080");
        assert.equal(serviceURLOf(distribution()), "http://llama.ai.svc:8080");
    });

    describe("sync", () => {
        const owned = (d: Distribution, revision?: string): Deployment => ({ ...buildDeployment(d, { tlsRevision: revision }), metadata: { ...buildDeployment(d).metadata, generation: 1 }, status: { replicas: 1, readyReplicas: 1 } });

        it("reads the Certificate, applies its revision, and looks again within a minute", async () => {
            const d = distribution({ tls, replicas: 1 });
            let revision = 1;
            const { client, calls } = fakeClient((c) =>
                c.method === "GET" && c.path === "/apis/cert-manager.io/v1/namespaces/ai/certificates/llama-tls" ? { status: { revision } } : c.method === "PATCH" ? { ...c.body, metadata: { ...c.body.metadata, generation: 2 }, status: { replicas: 1, readyReplicas: 1 } } : {},
            );
            let current = owned(d, "1");
            const reconciler = new Reconciler(client, { distribution: () => d, deployment: () => current });
            const recheck = await reconciler.sync("ai/llama");
            assert.equal(recheck, 60_000);
            const apply = calls.find((c) => c.method === "PATCH" && c.path.includes("/deployments/llama"));
            assert.equal(apply?.body.spec.template.metadata.annotations["llamastack.io/tls-revision"], "1");

            // Nothing changed: no second apply. A renewal: one apply with the new revision.
            current = { ...current, metadata: { ...current.metadata, generation: 2 } };
            calls.length = 0;
            await reconciler.sync("ai/llama");
            assert.equal(calls.filter((c) => c.method === "PATCH" && c.path.includes("/deployments/")).length, 0);
            revision = 2;
            await reconciler.sync("ai/llama");
            const renewed = calls.filter((c) => c.method === "PATCH" && c.path.includes("/deployments/"));
            assert.equal(renewed.length, 1);
            assert.equal(renewed[0].body.spec.template.metadata.annotations["llamastack.io/tls-revision"], "2");
        });

        it("goes on without a revision when the Certificate is missing or unreadable, and retries other errors", async () => {
            const d = distribution({ tls });
            for (const status of [404, 403]) {
                const { client, calls } = fakeClient((c) => (c.path.includes("/certificates/") ? new ApiError(status, "x", "no") : c.method === "PATCH" ? { ...c.body, metadata: { ...c.body.metadata, generation: 1 } } : {}));
                await new Reconciler(client, { distribution: () => d, deployment: () => owned(d) }).sync("ai/llama");
                const apply = calls.find((c) => c.method === "PATCH" && c.path.includes("/deployments/"));
                assert.equal(apply?.body.spec.template.metadata.annotations, undefined, `status ${status}`);
            }
            const { client } = fakeClient((c) => (c.path.includes("/certificates/") ? new ApiError(500, "InternalError", "etcd timeout") : {}));
            await assert.rejects(new Reconciler(client, { distribution: () => d, deployment: () => owned(d) }).sync("ai/llama"), /etcd timeout/);
        });

        it("with the Certificates watched, takes the revision from the cache: no read of its own, no minute's recheck", async () => {
            const d = distribution({ tls, replicas: 1 });
            const { client, calls } = fakeClient((c) => (c.method === "PATCH" ? { ...c.body, metadata: { ...c.body.metadata, generation: 2 }, status: { replicas: 1, readyReplicas: 1 } } : {}));
            const watched: Record<string, Certificate> = { "ai/llama-tls": { metadata: { name: "llama-tls", namespace: "ai" }, status: { revision: 4 } } };
            const reconciler = new Reconciler(client, { distribution: () => d, deployment: () => owned(d, "3"), certificates: () => (key) => watched[key] });
            assert.equal(await reconciler.sync("ai/llama"), undefined, "ready, and woken by the watch: nothing to recheck");
            assert.equal(calls.some((c) => c.path.includes("cert-manager")), false);
            const apply = calls.find((c) => c.method === "PATCH" && c.path.includes("/deployments/llama"));
            assert.equal(apply?.body.spec.template.metadata.annotations["llamastack.io/tls-revision"], "4");
        });

        it("reads no Certificate for a distribution that names none", async () => {
            const d = distribution({ tls: { secretName: "bring-your-own" } });
            const { client, calls } = fakeClient((c) => (c.method === "PATCH" ? { ...c.body, metadata: { ...c.body.metadata, generation: 1 } } : {}));
            await new Reconciler(client, { distribution: () => d, deployment: () => owned(d) }).sync("ai/llama");
            assert.equal(calls.some((c) => c.path.includes("cert-manager")), false);
        });
    });

    describe("the Certificate watch", () => {
        const follower = (name: string, namespace: string, certificateName?: string): Distribution => ({
            metadata: { name, namespace, uid: `uid-${namespace}-${name}`, generation: 1, resourceVersion: "1" },
            spec: { image: "llamastack/distribution-ollama:0.2.0", ...(certificateName ? { tls: { secretName: certificateName, certificateName } } : {}) },
        });
        const certificate = (revision?: number): Certificate => ({ metadata: { name: "llama-tls", namespace: "ai", resourceVersion: String(revision ?? 0) }, status: revision ? { revision } : {} });

        async function controllerWith(distributions: Distribution[]) {
            const { client } = fakeClient((c) => (c.method === "GET" && c.path.includes("limit=500") ? { items: c.path.includes("llamastackdistributions") ? distributions : [], metadata: { resourceVersion: "1" } } : {}));
            const controller = await syncedController(client);
            // The first list queued every distribution; start from an empty queue.
            while (controller.queue.length > 0) {
                controller.queue.done((await controller.queue.get())!);
            }
            const onCertificate = (controller as unknown as { onCertificate(type: string, c: Certificate, old?: Certificate): void }).onCertificate.bind(controller);
            return { controller, onCertificate };
        }

        it("a new revision wakes exactly the distributions of that namespace that follow that Certificate", async () => {
            const { controller, onCertificate } = await controllerWith([
                follower("llama", "ai", "llama-tls"),
                follower("other-cert", "ai", "other-tls"),
                follower("plain", "ai"),
                follower("llama", "elsewhere", "llama-tls"),
                follower("llama-b", "ai", "llama-tls"),
            ]);
            onCertificate("MODIFIED", certificate(2), certificate(1));
            const woken: string[] = [];
            while (controller.queue.length > 0) {
                const key = (await controller.queue.get())!;
                woken.push(key);
                controller.queue.done(key);
            }
            assert.deepEqual(woken.sort(), ["ai/llama", "ai/llama-b"]);
            controller.stop();
        });

        it("a status change without a new revision wakes nothing; a Certificate appearing or going does", async () => {
            const { controller, onCertificate } = await controllerWith([follower("llama", "ai", "llama-tls")]);
            onCertificate("MODIFIED", certificate(3), certificate(3));
            assert.equal(controller.queue.length, 0);
            onCertificate("ADDED", certificate());
            assert.equal(controller.queue.length, 1);
            controller.queue.done((await controller.queue.get())!);
            onCertificate("DELETED", certificate(3));
            assert.equal(controller.queue.length, 1);
            controller.stop();
        });

        it("serves the reconciler its cache only once every served namespace's list filled it", async () => {
            const { client } = fakeClient(() => new ApiError(404, "NotFound", "the server could not find the requested resource"));
            const controller = new Controller(client, { namespaces: ["ai", "ml"] });
            const caches = (controller.reconciler as unknown as { caches: { certificates(): unknown } }).caches;
            assert.equal(controller.certificates.members.length, 2);
            assert.equal(caches.certificates(), undefined, "not synced: the reconciler reads Certificates itself");
            controller.stop();
        });
    });
});
