import { strict as assert } from "assert";
import { containerProbes, livenessDiffersFromReadiness, startupProbeForSlowStart } from "../../policy/probes";
import { container, deployment, distribution, job, pod, types } from "./fixtures";
import { unknownNumber, unknownObject, validate } from "./harness";

const health = { httpGet: { path: "/v1/health", port: "http" } };
const readiness = { ...health, periodSeconds: 10, failureThreshold: 3 };
const liveness = { ...health, periodSeconds: 20, failureThreshold: 3 };
const startup = { ...health, periodSeconds: 5, failureThreshold: 120 };
const port = [{ name: "http", containerPort: 8321 }];
const gpu = { requests: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, limits: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1" } };

/** The Deployment the llamastack controller makes, written by hand: what a good server looks like. */
const goodServer = deployment("vllm", {
    containers: [
        container("server", { ports: port, resources: gpu, startupProbe: startup, readinessProbe: readiness, livenessProbe: liveness }),
        container("log-shipper"),
    ],
});

describe("policy container-probes", () => {
    it("passes a server with both probes, containers without ports, Jobs, run-once Pods and distributions", async () => {
        assert.deepEqual(await validate(containerProbes, goodServer), []);
        assert.deepEqual(await validate(containerProbes, job("migrate", { containers: [container("m", { ports: port })], restartPolicy: "Never" })), []);
        assert.deepEqual(await validate(containerProbes, pod("once", { containers: [container("m", { ports: port })], restartPolicy: "Never" })), []);
        // The controller adds startup, readiness and liveness probes to every distribution's container.
        assert.deepEqual(await validate(containerProbes, distribution("my-llamastack", { replicas: 3 })), []);
    });

    it("flags a server container without readiness or liveness, init containers aside", async () => {
        const d = deployment("api", { initContainers: [container("init", { ports: port })], containers: [container("api", { ports: port, readinessProbe: readiness })] });
        assert.deepEqual(await validate(containerProbes, d), [
            'Deployment "api", container "api": spec.template.spec.containers[0] has no livenessProbe: without a readiness probe the Service sends requests to a server that is still loading or overloaded; ' +
                "without a liveness probe a hung server is never restarted. Add both (LlamaStack answers GET /v1/health), the liveness probe more tolerant than the readiness probe.",
        ]);
        const bare = deployment("api", { containers: [container("api", { ports: port })] }, {}, types.statefulSet);
        assert.deepEqual((await validate(containerProbes, bare)).map((m) => m.slice(0, m.indexOf(":", 40))), [
            'StatefulSet "api", container "api": spec.template.spec.containers[0] has no readinessProbe and no livenessProbe',
        ]);
    });

    it("skips unknown containers and unknown probes", async () => {
        assert.deepEqual(await validate(containerProbes, deployment("api", { containers: [container("api", { ports: port, readinessProbe: unknownObject, livenessProbe: unknownObject })] })), []);
        assert.deepEqual(await validate(containerProbes, deployment("api", { containers: [unknownObject] })), []);
    });
});

describe("policy liveness-differs-from-readiness", () => {
    it("passes different probes on one endpoint, and flags identical ones whatever their key order", async () => {
        assert.deepEqual(await validate(livenessDiffersFromReadiness, goodServer), []);
        const reordered = { failureThreshold: 3, periodSeconds: 10, httpGet: { port: "http", path: "/v1/health" } };
        const same = deployment("api", { containers: [container("api", { ports: port, readinessProbe: readiness, livenessProbe: reordered })] });
        assert.deepEqual(await validate(livenessDiffersFromReadiness, same), [
            'Deployment "api", container "api": spec.template.spec.containers[0].livenessProbe is identical to its readinessProbe: a server too busy to pass readiness (a long generation, a full queue) also fails liveness and is restarted, ' +
                "losing its work and loading the model again. Give the liveness probe a higher failureThreshold or a longer period (e.g. readiness every 10 s, 3 failures; liveness every 20 s, 6 failures), or a cheaper endpoint.",
        ]);
    });

    it("skips probes with unknown values", async () => {
        const unknownPeriod = { ...readiness, periodSeconds: unknownNumber };
        assert.deepEqual(await validate(livenessDiffersFromReadiness, deployment("api", { containers: [container("api", { ports: port, readinessProbe: unknownPeriod, livenessProbe: unknownPeriod })] })), []);
    });
});

describe("policy startup-probe-for-slow-start", () => {
    it("is advisory with a slowStartSeconds threshold", () => {
        assert.equal(startupProbeForSlowStart.enforcementLevel, "advisory");
        assert.equal((startupProbeForSlowStart.configSchema!.properties.slowStartSeconds as { default: number }).default, 300);
    });

    it("flags a GPU server whose liveness kills it before the model loads, and passes a startup probe or a patient liveness probe", async () => {
        const noStartup = deployment("vllm", { containers: [container("server", { ports: port, resources: gpu, readinessProbe: readiness, livenessProbe: { ...liveness, initialDelaySeconds: 30 } })] });
        assert.deepEqual(await validate(startupProbeForSlowStart, noStartup), [
            'Deployment "vllm", container "server": spec.template.spec.containers[0] requests GPUs and has no startupProbe, and its livenessProbe kills it 90 s after it starts, less than the 300 s a model may take to load: ' +
                "the pod restarts in a loop while loading. Add a startupProbe on the same endpoint with failureThreshold × periodSeconds of at least 300 (e.g. periodSeconds 10, failureThreshold 30); liveness starts only after it succeeds.",
        ]);
        assert.deepEqual(await validate(startupProbeForSlowStart, goodServer), []);
        const patient = deployment("vllm", { containers: [container("server", { ports: port, resources: gpu, readinessProbe: readiness, livenessProbe: { ...liveness, initialDelaySeconds: 600 } })] });
        assert.deepEqual(await validate(startupProbeForSlowStart, patient), []);
        assert.equal((await validate(startupProbeForSlowStart, patient, { slowStartSeconds: 900 })).length, 1);
    });

    it("passes CPU servers, distributions, and unknown probe timings", async () => {
        const cpu = deployment("api", { containers: [container("api", { ports: port, readinessProbe: readiness, livenessProbe: liveness })] });
        assert.deepEqual(await validate(startupProbeForSlowStart, cpu), []);
        assert.deepEqual(await validate(startupProbeForSlowStart, distribution("x", { resources: gpu })), []);
        const unknownDelay = deployment("vllm", { containers: [container("server", { ports: port, resources: gpu, readinessProbe: readiness, livenessProbe: { ...liveness, initialDelaySeconds: unknownNumber } })] });
        assert.deepEqual(await validate(startupProbeForSlowStart, unknownDelay), []);
    });
});
