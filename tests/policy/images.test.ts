import { strict as assert } from "assert";
import { allowedImageRegistries, fromAllowedRegistry, imageTagPinned, parseImage } from "../../policy/images";
import { container, cronJob, deployment, distribution } from "./fixtures";
import { unknownString, validate } from "./harness";

describe("policy image-tag-pinned", () => {
    it("flags the guide's llamastack/llamastack:latest, and it is advisory", async () => {
        assert.equal(imageTagPinned.enforcementLevel, "advisory");
        assert.deepEqual(await validate(imageTagPinned, distribution("scaled-llamastack", { image: "llamastack/llamastack:latest" })), [
            'LlamaStackDistribution "scaled-llamastack": spec.image "llamastack/llamastack:latest" uses the tag "latest", which moves: rollouts are not reproducible and replicas may run different builds. Pin a version tag (e.g. llamastack/llamastack:0.2.0) or a digest (@sha256:…).',
        ]);
    });

    it("flags an image without a tag, in init containers and CronJobs too (the guide's bitnami/kubectl)", async () => {
        assert.deepEqual(await validate(imageTagPinned, cronJob("scale-down-llamastack", { containers: [container("kubectl", { image: "bitnami/kubectl" })] })), [
            'CronJob "scale-down-llamastack", container "kubectl": spec.jobTemplate.spec.template.spec.containers[0].image "bitnami/kubectl" has no tag, so it means `latest`, which moves: rollouts are not reproducible and replicas may run different builds. Pin a version tag (e.g. bitnami/kubectl:0.2.0) or a digest (@sha256:…).',
        ]);
        const d = deployment("d", { initContainers: [container("init", { image: "ghcr.io/org/tool" })], containers: [container("app")] });
        const messages = await validate(imageTagPinned, d);
        assert.equal(messages.length, 1);
        assert.ok(messages[0].startsWith('Deployment "d", init container "init": spec.template.spec.initContainers[0].image "ghcr.io/org/tool" has no tag'));
        assert.ok(messages[0].includes("(e.g. ghcr.io/org/tool:0.2.0)"));
    });

    it("passes version tags, digests and registries with ports; skips unknown images", async () => {
        for (const image of ["llamastack/llamastack:v1.0", "llamastack/llamastack@sha256:abc", "llamastack/llamastack:latest@sha256:abc", "localhost:5000/llamastack:0.2.0"]) {
            assert.deepEqual(await validate(imageTagPinned, distribution("x", { image })), [], image);
        }
        assert.deepEqual(await validate(imageTagPinned, distribution("x", { image: unknownString })), []);
        assert.equal((await validate(imageTagPinned, distribution("x", { image: "localhost:5000/llamastack" }))).length, 1);
    });
});

describe("image references", () => {
    it("split registry, repository, tag and digest as the runtime does", () => {
        assert.deepEqual(parseImage("nginx"), { registry: "docker.io", repository: "library/nginx" });
        assert.deepEqual(parseImage("llamastack/llamastack:latest"), { registry: "docker.io", repository: "llamastack/llamastack", tag: "latest" });
        assert.deepEqual(parseImage("localhost:5000/a/b:1@sha256:x"), { registry: "localhost:5000", repository: "a/b", tag: "1", digest: "sha256:x" });
        assert.deepEqual(parseImage("index.docker.io/llamastack/x"), { registry: "docker.io", repository: "llamastack/x" });
    });

    it("match registries and registry paths, not name prefixes", () => {
        const image = parseImage("llamastack/distribution-ollama:0.2.0");
        assert.equal(fromAllowedRegistry(image, ["docker.io"]), true);
        assert.equal(fromAllowedRegistry(image, ["docker.io/llamastack/"]), true);
        assert.equal(fromAllowedRegistry(image, ["index.docker.io/llamastack"]), true);
        assert.equal(fromAllowedRegistry(image, ["docker.io/llama"]), false);
        assert.equal(fromAllowedRegistry(image, ["ghcr.io"]), false);
    });
});

describe("policy allowed-image-registries", () => {
    it("allows everything until allowedRegistries is configured", async () => {
        assert.deepEqual(await validate(allowedImageRegistries, distribution("x", { image: "evil.example/x:1" })), []);
        assert.deepEqual(await validate(allowedImageRegistries, distribution("x", { image: "evil.example/x:1" }), { allowedRegistries: [] }), []);
    });

    it("flags images from other registries, naming the allowed ones", async () => {
        const config = { allowedRegistries: ["docker.io/llamastack", "ghcr.io/acme"] };
        assert.deepEqual(await validate(allowedImageRegistries, distribution("x", { image: "llamastack/llamastack:0.2.0" }), config), []);
        assert.deepEqual(await validate(allowedImageRegistries, distribution("x", { image: "quay.io/someone/llamastack:0.2.0" }), config), [
            'LlamaStackDistribution "x": spec.image "quay.io/someone/llamastack:0.2.0" comes from quay.io/someone/llamastack, which is not under an allowed registry (docker.io/llamastack, ghcr.io/acme). Use an image from an allowed registry, or add its registry to allowedRegistries.',
        ]);
        const d = deployment("d", { containers: [container("app", { image: "ghcr.io/acme/app:1" }), container("side", { image: "busybox:1.36" })] });
        const messages = await validate(allowedImageRegistries, d, config);
        assert.equal(messages.length, 1);
        assert.ok(messages[0].startsWith('Deployment "d", container "side": spec.template.spec.containers[1].image "busybox:1.36" comes from docker.io/library/busybox'));
    });
});
