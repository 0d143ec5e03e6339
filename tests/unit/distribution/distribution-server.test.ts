// The server's configuration on Distribution: run config, Secret-backed env, named distributions,
// storage that outlives pods, graceful shutdown, extra volumes, the NetworkPolicy (issue 17).
import { strict as assert } from "assert";
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { Distribution, ValidationError } from "../../../src";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const CONFIGMAP = "kubernetes:core/v1:ConfigMap";
const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

const runConfig = "version: '2'\nimage_name: starter\napis: [inference]\nproviders:\n  inference: []\n";

async function make(name: string, args: ConstructorParameters<typeof Distribution>[1]) {
    const d = new Distribution(name, args);
    await valueOf(pulumi.all([d.urn, d.name, d.serviceName, d.runConfigMapName, d.serviceURL]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return d;
}

function rejects(name: string, args: any, expected: string | RegExp): void {
    const error = errorOf(() => new Distribution(name, args));
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
    if (typeof expected === "string") {
        assert.equal(error.message, expected);
    } else {
        assert.match(error.message, expected);
    }
}

describe("Distribution server configuration", () => {
    it("stores runConfig in an immutable ConfigMap named after it and references it with the text's SHA-256", async () => {
        const d = await make("configured", { distribution: "ollama", runConfig });
        const configMap = find(CONFIGMAP, "configured-run-config").inputs;
        assert.equal(configMap.immutable, true);
        assert.deepEqual(configMap.data, { "run.yaml": runConfig });
        const spec = find(CR, "configured").inputs.spec;
        // The mocks, like the provider, name it after its resource name plus a suffix.
        assert.equal(configMap.metadata.name, undefined);
        assert.equal(await valueOf(d.runConfigMapName), "configured-run-config-a1b2c3d4");
        assert.deepEqual(spec.runConfig, { configMapName: "configured-run-config-a1b2c3d4", key: "run.yaml" });
        const expected = crypto.createHash("sha256").update(runConfig).digest("hex");
        assert.deepEqual(spec.podAnnotations, { "llamastack.io/run-config-sha256": expected });
        assert.equal(spec.distribution, "ollama");
        assert.equal(spec.image, undefined);
    });

    it("gives the same text the same hash and another text another, so pods roll only on a change", async () => {
        await make("same-a", { image: "img:1", runConfig });
        await make("same-b", { image: "img:1", runConfig });
        await make("other", { image: "img:1", runConfig: runConfig + "# changed\n" });
        const hash = (name: string) => find(CR, name).inputs.spec.podAnnotations["llamastack.io/run-config-sha256"];
        assert.equal(hash("same-a"), hash("same-b"));
        assert.notEqual(hash("same-a"), hash("other"));
    });

    it("references an existing ConfigMap without making one or hashing it", async () => {
        const d = await make("existing", { image: "img:1", runConfigMap: { name: "my-run", key: "config.yaml" } });
        const spec = find(CR, "existing").inputs.spec;
        assert.deepEqual(spec.runConfig, { configMapName: "my-run", key: "config.yaml" });
        assert.equal(spec.podAnnotations, undefined);
        assert.equal(has(CONFIGMAP, "existing-run-config"), false);
        assert.equal(await valueOf(d.runConfigMapName), "my-run");
    });

    it("passes Secret keys as references only, after the plain variables", async () => {
        await make("keys", {
            image: "img:1",
            env: { INFERENCE_MODEL: "llama3.2:3b" },
            secretEnv: { TOGETHER_API_KEY: { secretName: "llm-keys", key: "together" }, HF_TOKEN: { secretName: "hf", key: "token", optional: true } },
        });
        assert.deepEqual(find(CR, "keys").inputs.spec.env, [
            { name: "INFERENCE_MODEL", value: "llama3.2:3b" },
            { name: "TOGETHER_API_KEY", valueFrom: { secretKeyRef: { name: "llm-keys", key: "together" } } },
            { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token", optional: true } } },
        ]);
    });

    it("passes storage, shutdown, service account, command and volumes through to the custom resource", async () => {
        await make("stateful", {
            image: "img:1",
            storage: { persistent: true, size: "20Gi", storageClassName: "fast", mountPath: "/data" },
            terminationGracePeriodSeconds: 300,
            preStopSleepSeconds: 15,
            serviceAccountName: "llama-reader",
            priorityClassName: "gpu-serving",
            command: ["python", "-m", "server"],
            volumes: [
                { name: "ca", configMap: "corp-ca" },
                { name: "creds", secret: "gcp-creds" },
                { name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } },
                { name: "models", persistentVolumeClaim: "models" },
            ],
            volumeMounts: [
                { name: "ca", mountPath: "/etc/ssl/corp", readOnly: true },
                { name: "models", mountPath: "/models", subPath: "llama" },
            ],
        });
        const spec = find(CR, "stateful").inputs.spec;
        assert.deepEqual(spec.storage, { persistent: true, size: "20Gi", storageClassName: "fast", mountPath: "/data" });
        assert.equal(spec.terminationGracePeriodSeconds, 300);
        assert.equal(spec.preStopSleepSeconds, 15);
        assert.equal(spec.serviceAccountName, "llama-reader");
        assert.equal(spec.priorityClassName, "gpu-serving");
        assert.deepEqual(spec.command, ["python", "-m", "server"]);
        assert.deepEqual(spec.volumes, [
            { name: "ca", configMap: { name: "corp-ca" } },
            { name: "creds", secret: { secretName: "gcp-creds" } },
            { name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } },
            { name: "models", persistentVolumeClaim: { claimName: "models" } },
        ]);
        assert.deepEqual(spec.volumeMounts, [
            { name: "ca", mountPath: "/etc/ssl/corp", readOnly: true },
            { name: "models", mountPath: "/models", subPath: "llama" },
        ]);
    });

    it("leaves every new field out when not asked, so server-side apply claims none", async () => {
        await make("plain-server", { image: "img:1" });
        const spec = find(CR, "plain-server").inputs.spec;
        for (const field of ["runConfig", "podAnnotations", "storage", "terminationGracePeriodSeconds", "preStopSleepSeconds", "serviceAccountName", "command", "volumes", "volumeMounts", "env", "distribution"]) {
            assert.equal(spec[field], undefined, field);
        }
        assert.equal(has(NETPOL, "plain-server-network-policy"), false);
    });

    it("reports the Service's in-cluster URL, and none without a Service", async () => {
        const withService = await make("url", { image: "img:1", namespace: "ai", service: { name: "llama", port: 80 } });
        assert.equal(await valueOf(withService.serviceURL), "http://llama.ai.svc:80");
        assert.equal(find(CR, "url").inputs.metadata.annotations["llamastack.io/service"], "llama:80");
        const without = await make("no-url", { image: "img:1", service: { enabled: false } });
        assert.equal(await valueOf(without.serviceURL), "");
        assert.equal(find(CR, "no-url").inputs.metadata.annotations["llamastack.io/service"], undefined);
    });

    it("admits only the named peers to the server port with a NetworkPolicy, LoadBalancer ranges included", async () => {
        await make("fenced", {
            image: "img:1",
            namespace: "ai",
            port: 9000,
            service: { loadBalancerSourceRanges: ["203.0.113.0/24"] },
            networkPolicy: { allowedFromNamespaces: ["apps", "gateway"], allowedFromPods: { role: "agent" }, allowedFromCidrs: ["10.0.0.0/8"] },
        });
        const policy = find(NETPOL, "fenced-network-policy").inputs;
        assert.equal(policy.metadata.name, "fenced");
        assert.equal(policy.metadata.namespace, "ai");
        assert.deepEqual(policy.spec, {
            podSelector: { matchLabels: { app: "fenced" } },
            policyTypes: ["Ingress"],
            ingress: [
                {
                    from: [
                        { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["apps", "gateway"] }] } },
                        { podSelector: { matchLabels: { role: "agent" } } },
                        { ipBlock: { cidr: "10.0.0.0/8" } },
                        { ipBlock: { cidr: "203.0.113.0/24" } },
                    ],
                    ports: [{ protocol: "TCP", port: 9000 }],
                },
            ],
        });
        await make("fenced-off", { image: "img:1", networkPolicy: { enabled: false } });
        assert.equal(has(NETPOL, "fenced-off-network-policy"), false);
    });

    describe("rejects bad input with the component, the field and the rule", () => {
        it("image and distribution: exactly one, and a known name", () => {
            rejects("both", { image: "img:1", distribution: "starter" }, 'Distribution "both": image and distribution must not both be set: give an image, or the name of a distribution whose image the controller runs');
            rejects(
                "neither",
                {},
                'Distribution "neither": image or distribution is required: an image such as "llamastack/distribution-ollama:0.2.0", or one of the distributions bedrock, fireworks, meta-reference-gpu, nvidia, ollama, remote-vllm, tgi, together, vllm-gpu',
            );
            rejects(
                "unknown",
                { distribution: "llamafile" },
                'Distribution "unknown": distribution "llamafile" must be one of bedrock, fireworks, meta-reference-gpu, nvidia, ollama, remote-vllm, tgi, together, vllm-gpu; for another image, set image instead',
            );
        });

        it("run configuration: one source, YAML that is a mapping, ConfigMap names and keys", () => {
            rejects("two-configs", { image: "img:1", runConfig, runConfigMap: { name: "x" } }, 'Distribution "two-configs": runConfig and runConfigMap must not both be set: give the run configuration as text or as a ConfigMap');
            rejects("bad-yaml", { image: "img:1", runConfig: "apis: [inference\n" }, /^Distribution "bad-yaml": runConfig must be valid YAML: \S/);
            rejects("dup-keys", { image: "img:1", runConfig: "apis: []\napis: []\n" }, /^Distribution "dup-keys": runConfig must be valid YAML: Map keys must be unique/);
            rejects("scalar", { image: "img:1", runConfig: "just text" }, 'Distribution "scalar": runConfig must be a YAML mapping (the run configuration\'s `version`, `apis`, `providers`, ...)');
            rejects("empty-config", { image: "img:1", runConfig: "  " }, 'Distribution "empty-config": runConfig "  " must be the run configuration as non-empty YAML text');
            rejects("huge", { image: "img:1", runConfig: "a: " + "x".repeat(1024 * 1024) }, 'Distribution "huge": runConfig must be at most 1 MiB, the most a ConfigMap holds');
            rejects(
                "bad-map",
                { image: "img:1", runConfigMap: { name: "My_Config", key: "run/yaml" } },
                'Distribution "bad-map": 2 problems:\n  - runConfigMap.name "My_Config" must be a ConfigMap name (a DNS-1123 subdomain)\n  - runConfigMap.key "run/yaml" must be a ConfigMap key: at most 253 letters, digits, \'-\', \'_\' or \'.\'',
            );
        });

        it("Secret-backed variables: names, references, one source per variable", () => {
            rejects(
                "bad-secrets",
                { image: "img:1", env: { API_KEY: "plain" }, secretEnv: { API_KEY: { secretName: "keys", key: "api" }, "1BAD": { secretName: "Keys", key: "a b" } } },
                'Distribution "bad-secrets": 4 problems:\n' +
                    '  - secretEnv["API_KEY"] is also set in env: give each variable one source\n' +
                    "  - secretEnv \"1BAD\" must be a valid environment variable name (letters, digits, '_', '-', '.', not starting with a digit)\n" +
                    '  - secretEnv["1BAD"].secretName "Keys" must be a Secret name (a DNS-1123 subdomain)\n' +
                    "  - secretEnv[\"1BAD\"].key \"a b\" must be a Secret key: at most 253 letters, digits, '-', '_' or '.'",
            );
            rejects("no-ref", { image: "img:1", secretEnv: { TOKEN: null } }, 'Distribution "no-ref": secretEnv["TOKEN"] null must be { secretName, key }');
            rejects(
                "workers",
                { image: "img:1", env: { WEB_CONCURRENCY: "4" } },
                'Distribution "workers": env["WEB_CONCURRENCY"] is not supported: the LlamaStack server runs one worker per pod and exits when asked for more; scale with replicas or autoscaling',
            );
        });

        it("one ReadWriteOnce claim shared by several pods, and storage fields that cannot work", () => {
            const rwo =
                "storage with persistent true and accessMode ReadWriteOnce allows one replica: one ReadWriteOnce claim cannot be mounted by pods on several nodes (multi-attach errors), and its SQLite stores by several servers; use accessMode ReadWriteMany, or per-pod storage (persistent false), or one replica without autoscaling";
            rejects("rwo-replicas", { image: "img:1", replicas: 2, storage: { persistent: true } }, `Distribution "rwo-replicas": ${rwo}`);
            rejects("rwo-hpa", { image: "img:1", autoscaling: { maxReplicas: 4 }, storage: { persistent: true } }, `Distribution "rwo-hpa": ${rwo}`);
            rejects("rwo-spot", { image: "img:1", spot: {}, storage: { persistent: true, accessMode: "ReadWriteOnce" } }, `Distribution "rwo-spot": ${rwo}`);
            rejects(
                "bad-storage",
                { image: "img:1", storage: { accessMode: "ReadWriteMany", size: "lots", mountPath: "data/../etc" } },
                'Distribution "bad-storage": 3 problems:\n' +
                    '  - storage.size "lots" must be a Kubernetes quantity such as 10Gi\n' +
                    "  - storage.mountPath \"data/../etc\" must be an absolute path without '..' or ':'\n" +
                    "  - storage.accessMode applies to persistent storage only: set storage.persistent to true, or leave accessMode out",
            );
            rejects("bad-mode", { image: "img:1", storage: { persistent: true, accessMode: "ReadOnlyMany" } }, 'Distribution "bad-mode": storage.accessMode "ReadOnlyMany" must be one of ReadWriteOnce, ReadWriteMany');
            // Several replicas on one shared ReadWriteMany claim, and one replica on ReadWriteOnce, are fine.
            new Distribution("rwx-ok", { image: "img:1", replicas: 3, storage: { persistent: true, accessMode: "ReadWriteMany" } });
            new Distribution("rwo-ok", { image: "img:1", storage: { persistent: true } });
        });

        it("a preStop pause that does not fit in the grace period", () => {
            rejects(
                "pause",
                { image: "img:1", terminationGracePeriodSeconds: 10 },
                'Distribution "pause": preStopSleepSeconds 10 must be less than terminationGracePeriodSeconds 10, which counts the pause: the rest is the time in-flight requests get after SIGTERM',
            );
            rejects(
                "grace",
                { image: "img:1", terminationGracePeriodSeconds: 0, preStopSleepSeconds: 1.5 },
                'Distribution "grace": 2 problems:\n  - terminationGracePeriodSeconds 0 must be a whole number of seconds from 1 to 3600\n  - preStopSleepSeconds 1.5 must be a whole number of seconds from 0 to 600',
            );
            new Distribution("no-pause", { image: "img:1", terminationGracePeriodSeconds: 5, preStopSleepSeconds: 0 });
        });

        it("volumes: one source each, no host paths, no clash with the controller's own", () => {
            rejects(
                "bad-volumes",
                {
                    image: "img:1",
                    volumes: [
                        { name: "storage", emptyDir: {} },
                        { name: "two", configMap: "a", secret: "b" },
                        { name: "host", hostPath: { path: "/" } },
                    ],
                    volumeMounts: [
                        { name: "two", mountPath: "/tmp" },
                        { name: "missing", mountPath: "/x" },
                        { name: "two", mountPath: "relative" },
                    ],
                },
                'Distribution "bad-volumes": 6 problems:\n' +
                    '  - volumes[0].name "storage" is the controller\'s own; use another name than tmp, storage, run-config, tls, ca-bundle\n' +
                    "  - volumes[1] must set exactly one of configMap, secret, emptyDir, persistentVolumeClaim (has configMap and secret)\n" +
                    "  - volumes[2] must set exactly one of configMap, secret, emptyDir, persistentVolumeClaim\n" +
                    '  - volumeMounts[0].mountPath "/tmp" is already used by the controller\'s /tmp\n' +
                    '  - volumeMounts[1].name "missing" must name a volume in volumes\n' +
                    "  - volumeMounts[2].mountPath \"relative\" must be an absolute path without '..' or ':'",
            );
        });

        it("a NetworkPolicy that would shut out the Service's clients or everyone, and bad peers", () => {
            rejects(
                "open-lb",
                { image: "img:1", networkPolicy: { allowedFromNamespaces: ["apps"] } },
                'Distribution "open-lb": networkPolicy with a LoadBalancer Service must admit its clients: set service.loadBalancerSourceRanges or networkPolicy.allowedFromCidrs to the addresses they come from, or use a ClusterIP Service',
            );
            rejects("nobody", { image: "img:1", service: { type: "ClusterIP" }, networkPolicy: {} }, 'Distribution "nobody": networkPolicy admits nobody: set allowedFromNamespaces, allowedFromPods or allowedFromCidrs');
            rejects(
                "bad-peers",
                { image: "img:1", service: { type: "ClusterIP" }, networkPolicy: { allowedFromNamespaces: ["Apps"], allowedFromCidrs: ["10.0.0.0/33", "10.0.0.0", "::1/129"] } },
                'Distribution "bad-peers": 4 problems:\n' +
                    '  - networkPolicy.allowedFromNamespaces[0] "Apps" must be a namespace name (a DNS-1123 label)\n' +
                    '  - networkPolicy.allowedFromCidrs[0] "10.0.0.0/33" must be an IPv4 or IPv6 CIDR such as "10.0.0.0/8"\n' +
                    '  - networkPolicy.allowedFromCidrs[1] "10.0.0.0" must be an IPv4 or IPv6 CIDR such as "10.0.0.0/8"\n' +
                    '  - networkPolicy.allowedFromCidrs[2] "::1/129" must be an IPv4 or IPv6 CIDR such as "10.0.0.0/8"',
            );
            rejects("bad-priority", { image: "img:1", priorityClassName: "GPU Serving" }, 'Distribution "bad-priority": priorityClassName "GPU Serving" must be a PriorityClass name (a DNS-1123 subdomain)');
            rejects("bad-sa", { image: "img:1", serviceAccountName: "Admin SA" }, 'Distribution "bad-sa": serviceAccountName "Admin SA" must be a ServiceAccount name (a DNS-1123 subdomain)');
        });

        it("checks a run configuration known only later, as in a preview, when it resolves", async () => {
            const d = new Distribution("later-config", { image: "img:1", runConfig: pulumi.output(new Promise<string>((resolve) => setTimeout(() => resolve("- a list"), 5))) });
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                d.urn.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            assert.match((failure as Error).message, /Distribution "later-config": runConfig must be a YAML mapping/);
        });
    });
});
