import { strict as assert } from "assert";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { LlamaStackOperator } from "../../../src";
import { controllerBundlePath, loadControllerBundle, sha256 } from "../../../src/operator/controllerDeployment";
import { expectedReconcileRules } from "./controllerRules";

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";

async function make(name: string, args: ConstructorParameters<typeof LlamaStackOperator>[1] = {}) {
    const operator = new LlamaStackOperator(name, args);
    await valueOf(pulumi.all([operator.urn, operator.crdName, operator.controllerNamespace]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return operator;
}

describe("LlamaStackOperator controller", () => {
    it("creates the restricted namespace llamastack-system and a ServiceAccount there", async () => {
        const operator = await make("ops");
        assert.equal(await valueOf(operator.controllerNamespace), "llamastack-system");
        const ns = find("kubernetes:core/v1:Namespace", "ops-namespace").inputs;
        assert.equal(ns.metadata.name, "llamastack-system");
        assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        const sa = find("kubernetes:core/v1:ServiceAccount", "ops-controller").inputs;
        assert.deepEqual([sa.metadata.name, sa.metadata.namespace], ["llamastack-controller", "llamastack-system"]);
    });

    it("grants cluster-wide exactly what the controller does, and nothing else", async () => {
        await make("ops-rbac");
        const role = find(`${RBAC}:ClusterRole`, "ops-rbac-controller").inputs;
        assert.equal(role.metadata.name, "llamastack-controller");
        assert.deepEqual(role.rules, expectedReconcileRules);
        const binding = find(`${RBAC}:ClusterRoleBinding`, "ops-rbac-controller").inputs;
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "llamastack-controller" });
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "llamastack-controller", namespace: "llamastack-system" }]);
    });

    it("limits the leader-election Lease to its own namespace and its one lease", async () => {
        await make("ops-lease");
        const role = find(`${RBAC}:Role`, "ops-lease-controller-lease").inputs;
        assert.equal(role.metadata.namespace, "llamastack-system");
        assert.deepEqual(role.rules, [
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: ["llamastack-controller"], verbs: ["get", "update"] },
        ]);
        const binding = find(`${RBAC}:RoleBinding`, "ops-lease-controller-lease").inputs;
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "llamastack-controller" });
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "llamastack-controller", namespace: "llamastack-system" }]);
    });

    it("ships the bundled controller in a ConfigMap and runs it on stock node:22 with restricted security", async () => {
        await make("ops-run");
        const bundle = fs.readFileSync(controllerBundlePath, "utf8");
        const code = find("kubernetes:core/v1:ConfigMap", "ops-run-controller-code").inputs;
        assert.equal(code.data["controller.js"], bundle);
        // Immutable and named after the code's hash: editing it cannot change what runs.
        assert.equal(code.immutable, true);
        assert.equal(code.metadata.name, `llamastack-controller-code-${sha256(bundle).slice(0, 12)}`);
        const deployment = find("kubernetes:apps/v1:Deployment", "ops-run-controller").inputs;
        assert.equal(deployment.metadata.name, "llamastack-controller");
        assert.equal(deployment.metadata.namespace, "llamastack-system");
        // `pulumi up` waits for the controller to be available unless told otherwise.
        assert.deepEqual(deployment.metadata.annotations, {});
        const spec = deployment.spec;
        assert.equal(spec.replicas, 1);
        assert.deepEqual(spec.selector, { matchLabels: { app: "llamastack-controller" } });
        // A new bundle rolls the pods: its hash is on the template.
        assert.equal(spec.template.metadata.annotations["llamastack.io/controller-sha256"], sha256(bundle));
        const pod = spec.template.spec;
        assert.equal(pod.serviceAccountName, "llamastack-controller");
        assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(pod.volumes, [{ name: "code", configMap: { name: `llamastack-controller-code-${sha256(bundle).slice(0, 12)}` } }]);
        const c = pod.containers[0];
        assert.equal(c.image, "node:22.23.3-alpine@sha256:0a7108bf6c7bf5de370ffb1a3ed6be93d405b43ff159f681a8d18c0e2bc2e402");
        assert.deepEqual(c.command, ["node", "/controller/controller.js"]);
        assert.deepEqual(c.volumeMounts, [{ name: "code", mountPath: "/controller", readOnly: true }]);
        assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        assert.deepEqual(c.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } });
        assert.deepEqual(c.ports, [{ name: "health", containerPort: 8081, protocol: "TCP" }]);
        assert.deepEqual(c.livenessProbe, { httpGet: { path: "/healthz", port: "health" }, periodSeconds: 10, failureThreshold: 3 });
        assert.deepEqual(c.readinessProbe, { httpGet: { path: "/readyz", port: "health" }, periodSeconds: 5, failureThreshold: 3 });
        assert.deepEqual(c.env, [
            { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "HEALTH_PORT", value: "8081" },
            { name: "LOG_LEVEL", value: "info" },
        ]);
    });

    it("skips waiting for the controller's Deployment when asked, for clusters that run no pods", async () => {
        await make("ops-noawait", { controller: { skipAwait: true } });
        const deployment = find("kubernetes:apps/v1:Deployment", "ops-noawait-controller").inputs;
        assert.deepEqual(deployment.metadata.annotations, { "pulumi.com/skipAwait": "true" });
    });

    it("takes the image, replicas, namespace, resources and log level, and can use an existing namespace", async () => {
        const operator = await make("ops-custom", {
            controller: {
                image: "registry.example/node:22",
                replicas: 2,
                namespace: "platform",
                createNamespace: false,
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
                logLevel: "debug",
            },
        });
        assert.equal(await valueOf(operator.controllerNamespace), "platform");
        assert.equal(has("kubernetes:core/v1:Namespace", "ops-custom-namespace"), false);
        const deployment = find("kubernetes:apps/v1:Deployment", "ops-custom-controller").inputs;
        assert.equal(deployment.metadata.namespace, "platform");
        assert.equal(deployment.spec.replicas, 2);
        const c = deployment.spec.template.spec.containers[0];
        assert.equal(c.image, "registry.example/node:22");
        assert.deepEqual(c.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } });
        assert.deepEqual(c.env[3], { name: "LOG_LEVEL", value: "debug" });
        assert.deepEqual(find(`${RBAC}:ClusterRoleBinding`, "ops-custom-controller").inputs.subjects[0].namespace, "platform");
    });

    it("installs only the CRD when the controller is disabled", async () => {
        const operator = await make("ops-off", { controller: { enabled: false } });
        assert.equal(await valueOf(operator.controllerNamespace), "");
        for (const [type, name] of [
            ["kubernetes:apps/v1:Deployment", "ops-off-controller"],
            [`${RBAC}:ClusterRole`, "ops-off-controller"],
            ["kubernetes:core/v1:ConfigMap", "ops-off-controller-code"],
        ]) {
            assert.equal(has(type, name), false, name);
        }
        assert.equal(has("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "ops-off-crd"), true);
    });

    it("rejects bad controller arguments with the field and the rule", () => {
        const error = errorOf(() => new LlamaStackOperator("ops-bad", { controller: { replicas: -1, namespace: "Bad_NS", logLevel: "loud", resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } } }));
        assert.equal(
            error.message,
            'LlamaStackOperator "ops-bad": 4 problems:\n' +
                '  - controller.namespace "Bad_NS" must be a DNS-1123 label: at most 63 lowercase letters, digits or \'-\', starting and ending with a letter or digit\n' +
                "  - controller.replicas -1 must be a whole number greater than or equal to 0\n" +
                '  - controller.logLevel "loud" must be one of debug, info, warn, error\n' +
                '  - controller.resources.limits.cpu "1" is below requests.cpu "2": limits must be greater than or equal to requests',
        );
        assert.equal(has(`${RBAC}:ClusterRole`, "ops-bad-controller"), false);
    });

    it("says how to build the package when the controller bundle is missing", () => {
        assert.throws(
            () => loadControllerBundle("/nowhere/controller.js"),
            { message: "the llamastack controller bundle /nowhere/controller.js is missing: run `npm run build` (or `npm run build:controller`) in the llamastack package" },
        );
    });
});

describe("LlamaStackOperator CRD guard and image overrides", () => {
    const ADMISSION = "kubernetes:admissionregistration.k8s.io/v1";

    it("installs the guard against replacing another operator's CRD (or ours), which pulumi up waits for", async () => {
        await make("guarded");
        const policy = find(`${ADMISSION}:ValidatingAdmissionPolicy`, "guarded-crd-guard").inputs;
        assert.equal(policy.metadata.name, "llamastack-crd-guard");
        assert.equal(policy.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.observedGeneration}");
        assert.deepEqual(policy.spec.matchConstraints.resourceRules, [
            {
                apiGroups: ["apiextensions.k8s.io"],
                apiVersions: ["v1"],
                operations: ["UPDATE"],
                resources: ["customresourcedefinitions"],
                resourceNames: ["llamastackdistributions.llamastack.io"],
                scope: "*",
            },
        ]);
        // The server's defaults, sent as stored: a retained policy re-applied by another stack meets no conflict.
        assert.equal(policy.spec.matchConstraints.matchPolicy, "Equivalent");
        assert.equal(policy.metadata.annotations["pulumi.com/patchForce"], "true");
        assert.equal(policy.spec.failurePolicy, "Fail");
        assert.equal(policy.spec.validations.length, 2);
        assert.match(policy.spec.validations[0].message, /^LlamaStackOperator will not replace the CRD llamastackdistributions\.llamastack\.io/);
        assert.match(policy.spec.validations[1].message, /belongs to the llamastack Pulumi package/);
        const binding = find(`${ADMISSION}:ValidatingAdmissionPolicyBinding`, "guarded-crd-guard").inputs;
        assert.deepEqual(binding.spec, { policyName: "llamastack-crd-guard", validationActions: ["Deny"] });
        // Never forced: a field conflict must stop a takeover whatever the guard's state.
        const crd = find("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "guarded-crd").inputs;
        assert.equal(crd.metadata.annotations["pulumi.com/patchForce"], undefined);
        assert.equal(crd.metadata.annotations["llamastack.io/schema-flavor"], "scaling-guide");
    });

    it("installs no guard when it installs no CRD", async () => {
        await make("unguarded", { installCrd: false });
        assert.equal(has(`${ADMISSION}:ValidatingAdmissionPolicy`, "unguarded-crd-guard"), false);
    });

    it("hands the controller the operator's distribution images as JSON, and checks them", async () => {
        await make("mirrored", { controller: { distributionImages: { ollama: "mirror.example/ollama@sha256:abc", starter: "mirror.example/starter:0.2.9" } } });
        const env = find("kubernetes:apps/v1:Deployment", "mirrored-controller").inputs.spec.template.spec.containers[0].env;
        const images = env.find((e: { name: string }) => e.name === "DISTRIBUTION_IMAGES");
        assert.deepEqual(JSON.parse(images.value), { ollama: "mirror.example/ollama@sha256:abc", starter: "mirror.example/starter:0.2.9" });
        const error = errorOf(() => new LlamaStackOperator("bad-mirror", { controller: { distributionImages: { "Bad Name": "x y" } } }));
        assert.equal(
            error.message,
            'LlamaStackOperator "bad-mirror": 2 problems:\n  - controller.distributionImages key "Bad Name" must be a distribution name (a DNS-1123 label)\n  - controller.distributionImages["Bad Name"] "x y" must be an image reference without spaces',
        );
    });
});

describe("LlamaStackOperator pod overrides", () => {
    const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
    const specSchema = (name: string) => find(CRD, `${name}-crd`).inputs.spec.versions[0].schema.openAPIV3Schema.properties.spec;

    it("by default installs a CRD that refuses a ServiceAccount and anything beyond restricted pod security", async () => {
        await make("strict");
        const spec = specSchema("strict");
        assert.ok(spec["x-kubernetes-validations"].some((v: { rule: string }) => v.rule === "!has(self.serviceAccountName)"));
        assert.equal(spec.properties.securityContext["x-kubernetes-preserve-unknown-fields"], undefined);
        assert.deepEqual(spec.properties.securityContext.properties.privileged["x-kubernetes-validations"], [
            { rule: "!self", message: "privileged must be false: a distribution is as strong as a pod in its namespace, no more" },
        ]);
        assert.deepEqual(spec.properties.securityContext.properties.capabilities.properties.add.items.enum, ["NET_BIND_SERVICE"]);
        assert.equal(spec.properties.podSecurityContext.properties.runAsUser.minimum, 1);
        const env = find("kubernetes:apps/v1:Deployment", "strict-controller").inputs.spec.template.spec.containers[0].env;
        assert.equal(env.some((e: { name: string }) => e.name === "ALLOW_POD_OVERRIDES"), false);
    });

    it("with allowPodOverrides opens both security contexts, drops the ServiceAccount rule and tells the controller", async () => {
        await make("open", { controller: { allowPodOverrides: true } });
        const spec = specSchema("open");
        assert.equal(spec["x-kubernetes-validations"].some((v: { rule: string }) => v.rule === "!has(self.serviceAccountName)"), false);
        for (const field of ["podSecurityContext", "securityContext"]) {
            assert.equal(spec.properties[field]["x-kubernetes-preserve-unknown-fields"], true);
            assert.equal(spec.properties[field].properties, undefined);
        }
        // The other rules stay.
        assert.ok(spec["x-kubernetes-validations"].some((v: { rule: string }) => v.rule === "has(self.image) != has(self.distribution)"));
        const env = find("kubernetes:apps/v1:Deployment", "open-controller").inputs.spec.template.spec.containers[0].env;
        assert.deepEqual(env.find((e: { name: string }) => e.name === "ALLOW_POD_OVERRIDES"), { name: "ALLOW_POD_OVERRIDES", value: "true" });
    });
});
