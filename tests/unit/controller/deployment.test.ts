import { strict as assert } from "assert";
import { buildDeployment, isOwnedBy, podLabels, selectorString } from "../../../controller/deployment";
import { Distribution } from "../../../controller/types";

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
        // What the server needs (its port, its stores on the storage volume) first, then the user's.
        assert.deepEqual(c.env, [
            { name: "LLAMA_STACK_PORT", value: "9000" },
            { name: "LLAMA_STACK_CONFIG_DIR", value: "/.llama" },
            { name: "SQLITE_STORE_DIR", value: "/.llama" },
            { name: "HF_HOME", value: "/.llama/huggingface" },
            { name: "INFERENCE_MODEL", value: "llama3.2:3b" },
            { name: "TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
        ]);
        assert.deepEqual(c.ports, [{ name: "http", containerPort: 9000, protocol: "TCP" }]);
        assert.deepEqual(c.resources, { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } });
    });

    it("defaults the port to LlamaStack's 8321 and leaves out what the spec leaves out", () => {
        const d = buildDeployment(distribution());
        const c = d.spec.template.spec.containers[0];
        assert.deepEqual(c.ports, [{ name: "http", containerPort: 8321, protocol: "TCP" }]);
        for (const field of ["command", "args", "resources"]) {
            assert.equal(field in c, false, field);
        }
        assert.deepEqual(c.env.map((e: { name: string }) => e.name), ["LLAMA_STACK_PORT", "LLAMA_STACK_CONFIG_DIR", "SQLITE_STORE_DIR", "HF_HOME"]);
        assert.equal(c.env[0].value, "8321");
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

    it("mounts the run configuration read-only and passes it with --config before the user's args", () => {
        const d = buildDeployment(distribution({ runConfig: { configMapName: "llama-run-config-x1", key: "config.yaml" }, args: ["--disable-ipv6"] }));
        const pod = d.spec.template.spec;
        assert.deepEqual(pod.volumes[2], { name: "run-config", configMap: { name: "llama-run-config-x1", items: [{ key: "config.yaml", path: "run.yaml" }] } });
        assert.deepEqual(pod.containers[0].volumeMounts[2], { name: "run-config", mountPath: "/etc/llama-stack", readOnly: true });
        assert.deepEqual(pod.containers[0].args, ["--config", "/etc/llama-stack/run.yaml", "--disable-ipv6"]);
        // The image's entrypoint stays unless the spec replaces it.
        assert.equal("command" in pod.containers[0], false);
        const replaced = container(distribution({ command: ["llama", "stack", "run"], runConfig: { configMapName: "c" } }));
        assert.deepEqual(replaced.command, ["llama", "stack", "run"]);
        assert.deepEqual(replaced.volumeMounts[2], { name: "run-config", mountPath: "/etc/llama-stack", readOnly: true });
    });

    it("rolls the pods when the run configuration's hash changes, and only then", () => {
        const a = buildDeployment(distribution({ runConfig: { configMapName: "c" }, podAnnotations: { "llamastack.io/run-config-sha256": "aaa" } }));
        const same = buildDeployment(distribution({ runConfig: { configMapName: "c" }, podAnnotations: { "llamastack.io/run-config-sha256": "aaa" } }));
        const other = buildDeployment(distribution({ runConfig: { configMapName: "c" }, podAnnotations: { "llamastack.io/run-config-sha256": "bbb" } }));
        assert.deepEqual(a.spec.template, same.spec.template);
        assert.notDeepEqual(a.spec.template, other.spec.template);
    });

    it("lets the user's env win over what the controller derives, without repeating the variable", () => {
        const c = container(distribution({ env: [{ name: "LLAMA_STACK_CONFIG_DIR", value: "/state" }] }));
        assert.deepEqual(
            c.env.filter((e: { name: string }) => e.name === "LLAMA_STACK_CONFIG_DIR"),
            [{ name: "LLAMA_STACK_CONFIG_DIR", value: "/state" }],
        );
    });

    it("keeps serving through a preStop pause, inside a grace period for long generations", () => {
        const pod = buildDeployment(distribution()).spec.template.spec;
        assert.equal(pod.terminationGracePeriodSeconds, 120);
        assert.deepEqual(pod.containers[0].lifecycle, { preStop: { sleep: { seconds: 10 } } });
        const custom = buildDeployment(distribution({ terminationGracePeriodSeconds: 600, preStopSleepSeconds: 0 })).spec.template.spec;
        assert.equal(custom.terminationGracePeriodSeconds, 600);
        assert.equal("lifecycle" in custom.containers[0], false);
    });

    it("with persistent storage, mounts the distribution's one claim; ReadWriteOnce rolls out by recreating", () => {
        const rwo = buildDeployment(distribution({ storage: { persistent: true, size: "5Gi" } }));
        assert.deepEqual(rwo.spec.template.spec.volumes[1], { name: "storage", persistentVolumeClaim: { claimName: "my-llamastack-storage" } });
        assert.deepEqual(rwo.spec.strategy, { type: "Recreate", rollingUpdate: null });
        const rwx = buildDeployment(distribution({ replicas: 3, storage: { persistent: true, accessMode: "ReadWriteMany" } }));
        assert.deepEqual(rwx.spec.template.spec.volumes[1], { name: "storage", persistentVolumeClaim: { claimName: "my-llamastack-storage" } });
        assert.equal("strategy" in rwx.spec, false);
        assert.equal("strategy" in buildDeployment(distribution()).spec, false);
    });

    it("gives the pods the spec's priority class, and none otherwise", () => {
        assert.equal(buildDeployment(distribution({ priorityClassName: "gpu-serving" })).spec.template.spec.priorityClassName, "gpu-serving");
        assert.equal("priorityClassName" in buildDeployment(distribution()).spec.template.spec, false);
    });

    it("adds the spec's volumes and mounts after its own", () => {
        const pod = buildDeployment(
            distribution({ volumes: [{ name: "ca", configMap: { name: "corp-ca" } }], volumeMounts: [{ name: "ca", mountPath: "/etc/ssl/corp", readOnly: true }] }),
        ).spec.template.spec;
        assert.deepEqual(pod.volumes.map((v: { name: string }) => v.name), ["tmp", "storage", "ca"]);
        assert.deepEqual(pod.containers[0].volumeMounts[2], { name: "ca", mountPath: "/etc/ssl/corp", readOnly: true });
    });

    it("runs the image it is given, e.g. a named distribution's resolved image", () => {
        const d: Distribution = { ...distribution(), spec: { distribution: "ollama" } };
        assert.equal(buildDeployment(d, { image: "docker.io/llamastack/distribution-ollama:0.2.0" }).spec.template.spec.containers[0].image, "docker.io/llamastack/distribution-ollama:0.2.0");
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
