import { strict as assert } from "assert";
import { buildDeployment, isOwnedBy, podLabels, selectorString } from "../../controller/deployment";
import { Distribution } from "../../controller/types";

function distribution(spec: Partial<Distribution["spec"]> = {}, name = "my-llamastack"): Distribution {
    return {
        apiVersion: "llamastack.io/v1alpha1",
        kind: "LlamaStackDistribution",
        metadata: { name, namespace: "ai", uid: "uid-1", generation: 3 },
        spec: { image: "llamastack/distribution-ollama:0.2.0", ...spec },
    };
}

function container(d: Distribution): Record<string, any> {
    return buildDeployment(d).spec.template.spec.containers[0];
}

describe("controller buildDeployment", () => {
    it("is named, placed and owned like the distribution, so deleting it deletes the Deployment", () => {
        const deployment = buildDeployment(distribution());
        assert.equal(deployment.apiVersion, "apps/v1");
        assert.equal(deployment.kind, "Deployment");
        assert.equal(deployment.metadata.name, "my-llamastack");
        assert.equal(deployment.metadata.namespace, "ai");
        assert.deepEqual(deployment.metadata.ownerReferences, [
            { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "my-llamastack", uid: "uid-1", controller: true, blockOwnerDeletion: true },
        ]);
        assert.deepEqual(deployment.metadata.labels, {
            "app.kubernetes.io/name": "llamastack",
            "app.kubernetes.io/instance": "my-llamastack",
            "app.kubernetes.io/managed-by": "llamastack-controller",
        });
    });

    it("selects exactly app=<name>, as the Distribution's Service and PDB do", () => {
        const deployment = buildDeployment(distribution({ version: "canary", podLabels: { team: "ml" } }));
        assert.deepEqual(deployment.spec.selector, { matchLabels: { app: "my-llamastack" } });
        assert.equal(selectorString("my-llamastack"), "app=my-llamastack");
    });

    it("follows spec.replicas, which kubectl scale and an HPA write, and defaults to 1", () => {
        assert.equal(buildDeployment(distribution({ replicas: 5 })).spec.replicas, 5);
        assert.equal(buildDeployment(distribution({ replicas: 0 })).spec.replicas, 0);
        assert.equal(buildDeployment(distribution()).spec.replicas, 1);
    });

    it("labels pods with app, the recommended labels, version and the user's labels", () => {
        const d = distribution({ version: "stable", podLabels: { team: "ml", app: "hijack" } });
        const expected = {
            app: "my-llamastack",
            "app.kubernetes.io/name": "llamastack",
            "app.kubernetes.io/instance": "my-llamastack",
            "app.kubernetes.io/managed-by": "llamastack-controller",
            version: "stable",
            team: "ml",
        };
        assert.deepEqual(podLabels(d), expected);
        assert.deepEqual(buildDeployment(d).spec.template.metadata, { labels: expected });
        assert.equal("version" in podLabels(distribution()), false);
    });

    it("puts podAnnotations on the pod template", () => {
        const template = buildDeployment(distribution({ podAnnotations: { "prometheus.io/scrape": "true" } })).spec.template;
        assert.deepEqual(template.metadata.annotations, { "prometheus.io/scrape": "true" });
    });

    it("runs the server container named llamastack with image, args, env, port and resources", () => {
        const c = container(
            distribution({
                port: 9000,
                args: ["--config", "/app/run.yaml"],
                env: [{ name: "INFERENCE_MODEL", value: "llama3.2:3b" }, { name: "TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }],
                resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
            }),
        );
        assert.equal(c.name, "llamastack");
        assert.equal(c.image, "llamastack/distribution-ollama:0.2.0");
        assert.deepEqual(c.args, ["--config", "/app/run.yaml"]);
        assert.deepEqual(c.env, [{ name: "INFERENCE_MODEL", value: "llama3.2:3b" }, { name: "TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }]);
        assert.deepEqual(c.ports, [{ name: "http", containerPort: 9000, protocol: "TCP" }]);
        assert.deepEqual(c.resources, { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } });
    });

    it("defaults the port to LlamaStack's 8321 and leaves out what the spec leaves out", () => {
        const d = buildDeployment(distribution());
        const c = d.spec.template.spec.containers[0];
        assert.deepEqual(c.ports, [{ name: "http", containerPort: 8321, protocol: "TCP" }]);
        for (const field of ["args", "env", "resources"]) {
            assert.equal(field in c, false, field);
        }
        for (const field of ["nodeSelector", "tolerations", "affinity", "topologySpreadConstraints", "serviceAccountName"]) {
            assert.equal(field in d.spec.template.spec, false, field);
        }
    });

    it("probes LlamaStack's health endpoint on the http port: startup, readiness and liveness", () => {
        const c = container(distribution());
        const health = { path: "/v1/health", port: "http" };
        assert.deepEqual(c.startupProbe, { httpGet: health, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 120 });
        assert.deepEqual(c.readinessProbe, { httpGet: health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
        assert.deepEqual(c.livenessProbe, { httpGet: health, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 });
    });

    it("schedules with the guide's nodeSelector and tolerations, affinity and topology spread", () => {
        const affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } };
        const pod = buildDeployment(
            distribution({
                nodeSelector: { "node-type": "spot" },
                tolerations: [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }],
                affinity,
                topologySpreadConstraints: [
                    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" },
                    { maxSkew: 2, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { team: "ml" } } },
                ],
            }),
        ).spec.template.spec;
        assert.deepEqual(pod.nodeSelector, { "node-type": "spot" });
        assert.deepEqual(pod.tolerations, [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(pod.affinity, affinity);
        assert.deepEqual(pod.topologySpreadConstraints, [
            // A constraint without a selector would count no pods: it gets the distribution's own.
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "my-llamastack" } } },
            { maxSkew: 2, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { team: "ml" } } },
        ]);
    });

    it("runs with restricted pod security by default", () => {
        const pod = buildDeployment(distribution()).spec.template.spec;
        assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(pod.containers[0].securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        assert.equal(pod.automountServiceAccountToken, false);
    });

    it("lets the spec override security fields one by one and mounts a service account only when named", () => {
        const pod = buildDeployment(
            distribution({ podSecurityContext: { runAsUser: 0, runAsNonRoot: false }, securityContext: { readOnlyRootFilesystem: false }, serviceAccountName: "llama" }),
        ).spec.template.spec;
        assert.deepEqual(pod.securityContext, { runAsNonRoot: false, runAsUser: 0, runAsGroup: 1001, fsGroup: 1001, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(pod.containers[0].securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ["ALL"] } });
        assert.equal(pod.serviceAccountName, "llama");
        assert.equal("automountServiceAccountToken" in pod, false);
    });

    it("mounts a writable /tmp and an emptyDir at /.llama when no storage is asked for", () => {
        const pod = buildDeployment(distribution()).spec.template.spec;
        assert.deepEqual(pod.volumes, [{ name: "tmp", emptyDir: {} }, { name: "storage", emptyDir: {} }]);
        assert.deepEqual(pod.containers[0].volumeMounts, [{ name: "tmp", mountPath: "/tmp" }, { name: "storage", mountPath: "/.llama" }]);
    });

    it("gives each pod its own claim of storage.size (a generic ephemeral volume) at storage.mountPath", () => {
        const pod = buildDeployment(distribution({ storage: { size: "20Gi", storageClassName: "fast", mountPath: "/data" } })).spec.template.spec;
        assert.deepEqual(pod.volumes[1], {
            name: "storage",
            ephemeral: {
                volumeClaimTemplate: {
                    metadata: { labels: { app: "my-llamastack" } },
                    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, storageClassName: "fast" },
                },
            },
        });
        assert.deepEqual(pod.containers[0].volumeMounts[1], { name: "storage", mountPath: "/data" });
        const noClass = buildDeployment(distribution({ storage: { size: 10 } })).spec.template.spec.volumes[1];
        assert.deepEqual(noClass.ephemeral.volumeClaimTemplate.spec, { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10" } } });
    });

    it("mounts an emptyDir at storage.mountPath when storage has no size", () => {
        const pod = buildDeployment(distribution({ storage: { mountPath: "/models" } })).spec.template.spec;
        assert.deepEqual(pod.volumes[1], { name: "storage", emptyDir: {} });
        assert.deepEqual(pod.containers[0].volumeMounts[1], { name: "storage", mountPath: "/models" });
    });

    it("recognises only Deployments controlled by the very same distribution (by uid)", () => {
        const d = distribution();
        assert.equal(isOwnedBy(buildDeployment(d), d), true);
        assert.equal(isOwnedBy({ metadata: {} }, d), false);
        assert.equal(isOwnedBy({ metadata: { ownerReferences: [{ uid: "uid-1", controller: false }] } }, d), false);
        assert.equal(isOwnedBy({ metadata: { ownerReferences: [{ uid: "uid-of-a-deleted-namesake", controller: true }] } }, d), false);
    });
});
