import { strict as assert } from "assert";
import { gpuPriorityClass } from "../../policy/priority";
import { container, deployment, distribution, job } from "./fixtures";
import { unknownObject, unknownString, validate } from "./harness";

const gpu = { requests: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, limits: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1" } };

describe("policy gpu-priority-class", () => {
    it("flags a GPU workload without a priority class", async () => {
        assert.equal(gpuPriorityClass.enforcementLevel, "advisory");
        assert.deepEqual(await validate(gpuPriorityClass, deployment("vllm", { containers: [container("server", { resources: gpu })] })), [
            'Deployment "vllm": requests nvidia.com/gpu but spec.template.spec.priorityClassName is not set: on a shared GPU pool the scheduler preempts by priority, and a pod without a class has the default, ' +
                'so it is evicted first or waits behind whatever has one. Set priorityClassName to a PriorityClass that orders serving against batch work (e.g. "gpu-serving").',
        ]);
        assert.equal((await validate(gpuPriorityClass, job("finetune", { containers: [container("train", { resources: gpu })], restartPolicy: "Never" }))).length, 1);
    });

    it("passes a class and CPU workloads", async () => {
        assert.deepEqual(await validate(gpuPriorityClass, deployment("vllm", { containers: [container("server", { resources: gpu })], priorityClassName: "gpu-serving" })), []);
        assert.deepEqual(await validate(gpuPriorityClass, deployment("api")), []);
    });

    it("judges a GPU distribution on its own priorityClassName, which the controller puts on the pods", async () => {
        const violations = await validate(gpuPriorityClass, distribution("x", { resources: gpu }));
        assert.equal(violations.length, 1);
        assert.match(violations[0], /^LlamaStackDistribution "x": requests nvidia\.com\/gpu but spec\.priorityClassName is not set/);
        assert.deepEqual(await validate(gpuPriorityClass, distribution("x", { resources: gpu, priorityClassName: "gpu-serving" })), []);
    });

    it("skips unknown classes and resources", async () => {
        assert.deepEqual(await validate(gpuPriorityClass, deployment("vllm", { containers: [container("server", { resources: gpu })], priorityClassName: unknownString })), []);
        assert.deepEqual(await validate(gpuPriorityClass, deployment("vllm", { containers: [container("server", { resources: unknownObject })] })), []);
    });
});
