import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { Distribution, ValidationError } from "../../../src";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const SERVICE = "kubernetes:core/v1:Service";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";

/** Builds a distribution and waits until it and its children are registered. */
async function make(name: string, args: ConstructorParameters<typeof Distribution>[1]) {
    const d = new Distribution(name, args);
    await valueOf(pulumi.all([d.urn, d.name, d.serviceName, d.selector]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return d;
}

describe("Distribution", () => {
    it("renders the guide's declarative scaling example field for field", async () => {
        // The guide: spec.image llamastack/llamastack:latest, replicas 5, requests cpu "1", memory "2Gi".
        await make("scaled-llamastack", {
            image: "llamastack/llamastack:latest",
            replicas: 5,
            resources: { requests: { cpu: "1", memory: "2Gi" } },
        });
        const cr = find(CR, "scaled-llamastack").inputs;
        assert.equal(cr.apiVersion, "llamastack.io/v1alpha1");
        assert.equal(cr.kind, "LlamaStackDistribution");
        assert.equal(cr.metadata.name, "scaled-llamastack");
        assert.deepEqual(cr.spec, {
            image: "llamastack/llamastack:latest",
            replicas: 5,
            port: 8321,
            resources: { requests: { cpu: "1", memory: "2Gi" } },
        });
    });

    it("renders the guide's resource adjustment and 2x limits", async () => {
        await make("vertical", {
            image: "llamastack/llamastack:0.2.0",
            resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
        });
        assert.deepEqual(find(CR, "vertical").inputs.spec.resources, {
            requests: { cpu: "2", memory: "4Gi" },
            limits: { cpu: "4", memory: "8Gi" },
        });
    });

    it("defaults to one replica, LlamaStack's port and no PodDisruptionBudget", async () => {
        const d = await make("defaults", { image: "llamastack/llamastack:0.2.0" });
        const spec = find(CR, "defaults").inputs.spec;
        assert.equal(spec.replicas, 1);
        assert.equal(spec.port, 8321);
        assert.equal(spec.resources, undefined);
        assert.equal(spec.tolerations, undefined);
        assert.equal(has(PDB, "defaults-pdb"), false);
        assert.deepEqual(await valueOf(d.selector), { app: "defaults" });
        assert.equal(await valueOf(d.name), "defaults");
        assert.equal(await valueOf(d.serviceName), "defaults");
    });

    it("renders the guide's Service: LoadBalancer, port 8080, round-robin, selecting app=<name>", async () => {
        await make("my-llamastack", { image: "llamastack/llamastack:0.2.0" });
        const service = find(SERVICE, "my-llamastack-service").inputs;
        assert.equal(service.metadata.name, "my-llamastack");
        assert.deepEqual(service.spec, {
            type: "LoadBalancer",
            selector: { app: "my-llamastack" },
            ports: [{ name: "http", port: 8080, targetPort: 8321, protocol: "TCP" }],
            sessionAffinity: "None",
        });
    });

    it("takes every Service option and can leave the Service out", async () => {
        await make("svc-options", {
            image: "img:1",
            port: 9000,
            service: {
                name: "front",
                type: "ClusterIP",
                port: 80,
                sessionAffinity: "ClientIP",
                loadBalancerSourceRanges: ["10.0.0.0/8"],
                annotations: { "example.com/lb": "internal" },
            },
        });
        const service = find(SERVICE, "svc-options-service").inputs;
        assert.equal(service.metadata.name, "front");
        assert.deepEqual(service.metadata.annotations, { "example.com/lb": "internal" });
        assert.deepEqual(service.spec.ports, [{ name: "http", port: 80, targetPort: 9000, protocol: "TCP" }]);
        assert.equal(service.spec.type, "ClusterIP");
        assert.equal(service.spec.sessionAffinity, "ClientIP");
        assert.deepEqual(service.spec.loadBalancerSourceRanges, ["10.0.0.0/8"]);

        const d = await make("no-service", { image: "img:1", service: { enabled: false } });
        assert.equal(has(SERVICE, "no-service-service"), false);
        assert.equal(await valueOf(d.serviceName), "");
    });

    it("turns gpu.count into equal requests and limits and tolerates the GPU taint", async () => {
        await make("gpu", {
            image: "img:1",
            gpu: { count: 2 },
            resources: { requests: { cpu: "4" }, limits: { cpu: "8" } },
            tolerations: [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }],
        });
        const spec = find(CR, "gpu").inputs.spec;
        assert.deepEqual(spec.resources, {
            requests: { cpu: "4", "nvidia.com/gpu": "2" },
            limits: { cpu: "8", "nvidia.com/gpu": "2" },
        });
        assert.deepEqual(spec.tolerations, [
            { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" },
            { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        ]);

        await make("amd", { image: "img:1", gpu: { count: 1, resourceName: "amd.com/gpu" } });
        assert.deepEqual(find(CR, "amd").inputs.spec.resources.limits, { "amd.com/gpu": "1" });
    });

    it("passes nodeSelector, tolerations, env, args, version and podLabels through", async () => {
        await make("spot", {
            image: "img:1",
            version: "stable",
            nodeSelector: { "node-type": "spot" },
            tolerations: [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }],
            env: { INFERENCE_MODEL: "llama3.2:3b" },
            args: ["--port", "8321"],
            podLabels: { team: "ml" },
        });
        const spec = find(CR, "spot").inputs.spec;
        assert.deepEqual(spec.nodeSelector, { "node-type": "spot" });
        assert.deepEqual(spec.tolerations, [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(spec.env, [{ name: "INFERENCE_MODEL", value: "llama3.2:3b" }]);
        assert.deepEqual(spec.args, ["--port", "8321"]);
        assert.equal(spec.version, "stable");
        assert.deepEqual(spec.podLabels, { team: "ml" });
    });

    it("adds a PodDisruptionBudget when more than one replica runs, and honours its options", async () => {
        await make("replicated", { image: "img:1", replicas: 3, namespace: "llm" });
        const pdb = find(PDB, "replicated-pdb").inputs;
        assert.equal(pdb.metadata.namespace, "llm");
        assert.deepEqual(pdb.spec, {
            selector: { matchLabels: { app: "replicated" } },
            maxUnavailable: 1,
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        });
        await make("min-available", { image: "img:1", replicas: 4, disruptionBudget: { minAvailable: "50%" } });
        assert.equal(find(PDB, "min-available-pdb").inputs.spec.minAvailable, "50%");
        await make("budget-off", { image: "img:1", replicas: 4, disruptionBudget: { enabled: false } });
        assert.equal(has(PDB, "budget-off-pdb"), false);
        await make("budget-forced", { image: "img:1", disruptionBudget: { enabled: true } });
        assert.equal(has(PDB, "budget-forced-pdb"), true);
    });

    describe("rejects bad input with the component, the field and the rule", () => {
        const rejects = (name: string, args: any, expected: string) => {
            const error = errorOf(() => new Distribution(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
        };

        it("limits below requests", () => {
            rejects(
                "my-llamastack",
                { image: "img:1", resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } },
                'Distribution "my-llamastack": resources.limits.cpu "1" is below requests.cpu "2": limits must be greater than or equal to requests',
            );
        });

        it("the guide's GPU example, requests 1 and limits 2", () => {
            rejects(
                "gpu-guide",
                { image: "img:1", resources: { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "2" } } },
                'Distribution "gpu-guide": resources.limits["nvidia.com/gpu"] "2" differs from requests["nvidia.com/gpu"] "1": extended resources such as nvidia.com/gpu cannot be overcommitted: requests must equal limits, or the API server rejects the pod',
            );
        });

        it("a GPU request without a limit, and a GPU count that conflicts with resources", () => {
            rejects(
                "gpu-nolimit",
                { image: "img:1", resources: { requests: { "nvidia.com/gpu": "1" } } },
                'Distribution "gpu-nolimit": resources.limits["nvidia.com/gpu"] is missing: extended resources such as nvidia.com/gpu need a limit equal to the request, or the API server rejects the pod',
            );
            rejects(
                "gpu-conflict",
                { image: "img:1", gpu: { count: 2 }, resources: { limits: { "nvidia.com/gpu": "1" } } },
                'Distribution "gpu-conflict": resources.limits["nvidia.com/gpu"] "1" conflicts with gpu.count 2; set the GPU count in one place',
            );
            rejects("gpu-zero", { image: "img:1", gpu: { count: 0 } }, 'Distribution "gpu-zero": gpu.count 0 must be a whole number of at least 1');
        });

        it("quantities Kubernetes cannot read, and equal quantities in other notations pass", () => {
            rejects(
                "bad-quantity",
                { image: "img:1", resources: { requests: { memory: "2GB" } } },
                'Distribution "bad-quantity": resources.requests.memory "2GB" must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3',
            );
            // 0.5 == 500m and 1Gi == 1024Mi: equal, so limits are not below requests.
            new Distribution("notations", { image: "img:1", resources: { requests: { cpu: "0.5", memory: "1Gi" }, limits: { cpu: "500m", memory: "1024Mi" } } });
        });

        it("negative replicas, empty image, bad names, bad ports", () => {
            rejects("neg", { image: "img:1", replicas: -1 }, 'Distribution "neg": replicas -1 must be a whole number greater than or equal to 0');
            rejects("frac", { image: "img:1", replicas: 1.5 }, 'Distribution "frac": replicas 1.5 must be a whole number greater than or equal to 0');
            rejects("empty", { image: " " }, 'Distribution "empty": image " " must not be empty');
            rejects(
                "My_LlamaStack",
                { image: "img:1" },
                `Distribution "My_LlamaStack": name "My_LlamaStack" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
            rejects("ns", { image: "img:1", namespace: "Prod" }, `Distribution "ns": namespace "Prod" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`);
            rejects("port", { image: "img:1", port: 70000 }, 'Distribution "port": port 70000 must be a whole number from 1 to 65535');
            rejects("svcport", { image: "img:1", service: { port: 0 } }, 'Distribution "svcport": service.port 0 must be a whole number from 1 to 65535');
            rejects("svctype", { image: "img:1", service: { type: "Ingress" } }, 'Distribution "svctype": service.type "Ingress" must be one of ClusterIP, NodePort, LoadBalancer');
        });

        it("tolerations, labels, env and budgets Kubernetes would refuse", () => {
            rejects(
                "tol",
                { image: "img:1", tolerations: [{ key: "spot", operator: "Exists", value: "true", effect: "NoSchedul" }] },
                'Distribution "tol": 2 problems:\n  - tolerations[0].effect "NoSchedul" must be one of NoSchedule, PreferNoSchedule, NoExecute\n  - tolerations[0].value "true" must be empty when operator is Exists',
            );
            rejects("applabel", { image: "img:1", podLabels: { app: "x" } }, 'Distribution "applabel": podLabels["app"] is reserved: the Service selects pods by app=<name>');
            rejects("envname", { image: "img:1", env: { "1BAD": "x" } }, `Distribution "envname": env "1BAD" must be a valid environment variable name (letters, digits, '_', '-', '.', not starting with a digit)`);
            rejects(
                "budget",
                { image: "img:1", disruptionBudget: { minAvailable: "1", maxUnavailable: "1" } },
                'Distribution "budget": disruptionBudget must set at most one of minAvailable and maxUnavailable',
            );
        });

        it("validates values that are unknown at construction when they resolve, with the same message", async () => {
            const d = new Distribution("later", {
                image: "img:1",
                resources: { requests: { cpu: pulumi.output("2") }, limits: { cpu: pulumi.output("1") } },
            });
            // The registered spec depends on the check, so the failure surfaces as the resource's error.
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                d.urn.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            // Pulumi prefixes the path of the property that failed to serialize; the rule text is ours.
            assert.match(
                (failure as Error).message,
                /(^|: )Distribution "later": resources\.limits\.cpu "1" is below requests\.cpu "2": limits must be greater than or equal to requests$/,
            );
        });
    });
});
