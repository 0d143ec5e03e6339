import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, valueOf } from "../mocks";
import { ValidationError, VerticalAutoscaler } from "../../../src";
import { checkVpaAgainstHpa } from "../../../src/autoscaling/vpaChecks";
import { Problems } from "../../../src/core/validation";

const VPA = "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler";

async function make(name: string, args: ConstructorParameters<typeof VerticalAutoscaler>[1]) {
    const vpa = new VerticalAutoscaler(name, args);
    await valueOf(pulumi.all([vpa.urn, vpa.name, vpa.namespace, vpa.targetName]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return vpa;
}

describe("VerticalAutoscaler", () => {
    it("reproduces the guide's VPA field for field", async () => {
        const vpa = await make("llamastack-vpa", {
            targetName: "my-llamastack",
            updateMode: "Auto",
            containerName: "llamastack",
            maxAllowed: { cpu: "4", memory: "8Gi" },
            minAllowed: { cpu: "100m", memory: "128Mi" },
        });
        const inputs = find(VPA, "llamastack-vpa").inputs;
        // The guide's YAML, transcribed by hand from "Vertical Pod Autoscaler (VPA)".
        const guide = {
            apiVersion: "autoscaling.k8s.io/v1",
            kind: "VerticalPodAutoscaler",
            metadata: { name: "llamastack-vpa" },
            spec: {
                targetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "my-llamastack" },
                updatePolicy: { updateMode: "Auto" },
                resourcePolicy: {
                    containerPolicies: [
                        {
                            containerName: "llamastack",
                            maxAllowed: { cpu: "4", memory: "8Gi" },
                            minAllowed: { cpu: "100m", memory: "128Mi" },
                        },
                    ],
                },
            },
        };
        assert.equal(inputs.apiVersion, guide.apiVersion);
        assert.equal(inputs.kind, guide.kind);
        assert.equal(inputs.metadata.name, guide.metadata.name);
        assert.deepEqual(inputs.spec, guide.spec);
        assert.equal(inputs.metadata.labels["app.kubernetes.io/instance"], "my-llamastack");
        assert.equal(await valueOf(vpa.name), "llamastack-vpa");
        assert.equal(await valueOf(vpa.targetName), "my-llamastack");
    });

    it("defaults to the guide's Auto mode on the llamastack container", async () => {
        const vpa = await make("vpa-defaults", { targetName: "t", namespace: "llm" });
        const inputs = find(VPA, "vpa-defaults").inputs;
        assert.equal(inputs.metadata.namespace, "llm");
        assert.deepEqual(inputs.spec, {
            targetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "t" },
            updatePolicy: { updateMode: "Auto" },
            resourcePolicy: { containerPolicies: [{ containerName: "llamastack" }] },
        });
        assert.equal(await valueOf(vpa.namespace), "llm");
    });

    it("passes controlledResources, controlledValues and every update mode through", async () => {
        await make("vpa-options", {
            targetName: "t",
            updateMode: "InPlaceOrRecreate",
            containerName: "*",
            controlledResources: ["memory"],
            controlledValues: "RequestsOnly",
        });
        assert.deepEqual(find(VPA, "vpa-options").inputs.spec, {
            targetRef: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "t" },
            updatePolicy: { updateMode: "InPlaceOrRecreate" },
            resourcePolicy: {
                containerPolicies: [{ containerName: "*", controlledResources: ["memory"], controlledValues: "RequestsOnly" }],
            },
        });
        for (const mode of ["Off", "Initial", "Recreate"] as const) {
            await make(`vpa-${mode.toLowerCase()}`, { targetName: "t", updateMode: mode });
            assert.equal(find(VPA, `vpa-${mode.toLowerCase()}`).inputs.spec.updatePolicy.updateMode, mode);
        }
    });

    describe("rejects", () => {
        const rejects = (args: any, expected: string) => {
            const error = errorOf(() => new VerticalAutoscaler("bad-vpa", args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
        };

        it("unknown modes, values and resources", () => {
            rejects(
                { targetName: "t", updateMode: "Always", controlledValues: "LimitsOnly", controlledResources: ["gpu"] },
                'VerticalAutoscaler "bad-vpa": 3 problems:\n' +
                    '  - updateMode "Always" must be one of Off, Initial, Recreate, InPlaceOrRecreate, Auto\n' +
                    '  - controlledValues "LimitsOnly" must be one of RequestsAndLimits, RequestsOnly\n' +
                    '  - controlledResources "gpu" must be cpu or memory',
            );
            rejects(
                { targetName: "t", controlledResources: [] },
                'VerticalAutoscaler "bad-vpa": controlledResources must name at least one of cpu, memory (use updateMode "Off" to change nothing)',
            );
        });

        it("bounds that are not quantities, not cpu or memory, or cross", () => {
            rejects(
                { targetName: "t", minAllowed: { cpu: "2", memory: "1GB" }, maxAllowed: { cpu: "1", "nvidia.com/gpu": "1" } },
                'VerticalAutoscaler "bad-vpa": 3 problems:\n' +
                    '  - minAllowed.memory "1GB" must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3\n' +
                    '  - maxAllowed["nvidia.com/gpu"] must be cpu or memory\n' +
                    '  - minAllowed.cpu "2" must not be greater than maxAllowed.cpu "1"',
            );
        });

        it("a target and namespace Kubernetes would refuse", () => {
            const label = "must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit";
            rejects(
                { targetName: "", namespace: "a_b" },
                `VerticalAutoscaler "bad-vpa": 2 problems:\n  - targetName "" ${label}\n  - namespace "a_b" ${label}`,
            );
        });

        it("a container name Kubernetes would refuse", () => {
            rejects(
                { targetName: "t", containerName: "LlamaStack" },
                `VerticalAutoscaler "bad-vpa": containerName "LlamaStack" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
        });
    });

    describe("next to an HPA", () => {
        const conflicts = (vpa: any, hpa: any): readonly string[] => {
            const problems = new Problems("x");
            checkVpaAgainstHpa(problems, "verticalAutoscaling.", vpa, "autoscaling.", hpa);
            return problems.list;
        };

        it("names each resource both act on and the way out", () => {
            assert.deepEqual(conflicts({}, { maxReplicas: 10, targetCPUUtilization: 70 }), [
                'verticalAutoscaling.updateMode "Auto" controls cpu while autoscaling.targetCPUUtilization scales on cpu: ' +
                    "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other; " +
                    'set verticalAutoscaling.controlledResources to ["memory"], or scale on podsMetrics, objectMetrics or externalMetrics instead of autoscaling.targetCPUUtilization',
            ]);
            assert.deepEqual(conflicts({ updateMode: "Recreate" }, { maxReplicas: 10, targetCPUUtilization: 70, targetMemoryUtilization: 80 }), [
                'verticalAutoscaling.updateMode "Recreate" controls cpu while autoscaling.targetCPUUtilization scales on cpu: ' +
                    "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other; " +
                    'set verticalAutoscaling.updateMode "Off", or scale on podsMetrics, objectMetrics or externalMetrics instead of autoscaling.targetCPUUtilization',
                'verticalAutoscaling.updateMode "Recreate" controls memory while autoscaling.targetMemoryUtilization scales on memory: ' +
                    "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other; " +
                    'set verticalAutoscaling.updateMode "Off", or scale on podsMetrics, objectMetrics or externalMetrics instead of autoscaling.targetMemoryUtilization',
            ]);
        });

        it("counts the HPA's default CPU metric", () => {
            assert.deepEqual(conflicts({ updateMode: "Initial", controlledResources: ["cpu"] }, { maxReplicas: 3 }), [
                'verticalAutoscaling.updateMode "Initial" controls cpu while autoscaling.targetCPUUtilization (the default metric) scales on cpu: ' +
                    "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other; " +
                    'set verticalAutoscaling.updateMode "Off", or scale on podsMetrics, objectMetrics or externalMetrics instead of autoscaling.targetCPUUtilization',
            ]);
        });

        it("allows Off, disjoint resources and custom metrics", () => {
            assert.deepEqual(conflicts({ updateMode: "Off" }, { maxReplicas: 3, targetCPUUtilization: 70, targetMemoryUtilization: 80 }), []);
            assert.deepEqual(conflicts({ controlledResources: ["memory"] }, { maxReplicas: 3, targetCPUUtilization: 70 }), []);
            assert.deepEqual(conflicts({}, { maxReplicas: 3, podsMetrics: [{ name: "requests_per_second", averageValue: "100" }] }), []);
        });
    });
});
