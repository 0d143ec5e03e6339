import { strict as assert } from "assert";
import { disruptionBudgetAllowsEviction, disruptionBudgetSelectsPods } from "../../policy/disruptionBudgets";
import { deployment, distribution, hpa, pdb } from "./fixtures";
import { TestResource, unknownNumber, unknownObject, urnOf, validateStack } from "./harness";

/** A budget with its own spec (the fixture's is maxUnavailable: 1). */
function budget(name: string, matchLabels: Record<string, string>, spec: Record<string, unknown>): TestResource {
    const base = pdb(name, matchLabels);
    return { ...base, props: { ...base.props, spec: { selector: { matchLabels }, ...spec } } };
}

const drain = "`kubectl drain` and cluster upgrades wait on it forever, while an unplanned node loss still takes the pods";

describe("policy disruption-budget-allows-eviction", () => {
    it("passes the component's budget (maxUnavailable 1) and minAvailable below the replicas", async () => {
        const cr = distribution("my-llamastack", { replicas: 3 });
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [cr, pdb("b", { app: "my-llamastack" })]), []);
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [cr, budget("b", { app: "my-llamastack" }, { minAvailable: 2 })]), []);
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [cr, budget("b", { app: "my-llamastack" }, { minAvailable: "50%" })]), []);
    });

    it("flags maxUnavailable 0 and minAvailable 100%", async () => {
        const zero = budget("b", { app: "x" }, { maxUnavailable: 0 });
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [zero]), [
            { message: `PodDisruptionBudget "b": spec.maxUnavailable 0 allows no voluntary eviction: ${drain}. Set maxUnavailable to 1 (or a percentage above 0).`, urn: urnOf(zero) },
        ]);
        const all = budget("b", { app: "x" }, { minAvailable: "100%" });
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [all]), [
            { message: `PodDisruptionBudget "b": spec.minAvailable "100%" allows no voluntary eviction: ${drain}. Use maxUnavailable: 1 instead.`, urn: urnOf(all) },
        ]);
        assert.equal((await validateStack(disruptionBudgetAllowsEviction, [budget("b", { app: "x" }, { maxUnavailable: "0%" })])).length, 1);
    });

    it("flags minAvailable equal to or above the replicas, or the HPA's minReplicas", async () => {
        const d = deployment("api", undefined, { replicas: 2 });
        const equal = budget("b", { app: "api" }, { minAvailable: 2 });
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [d, equal]), [
            {
                message: `PodDisruptionBudget "b": spec.minAvailable 2 keeps every pod of Deployment "api", since it runs 2 (spec.replicas): the budget allows no voluntary eviction, so ${drain}. Use maxUnavailable: 1, or run more replicas than minAvailable.`,
                urn: urnOf(equal),
            },
        ]);
        assert.equal((await validateStack(disruptionBudgetAllowsEviction, [d, budget("b", { app: "api" }, { minAvailable: "75%" })])).length, 1);
        const autoscaled = [distribution("x"), hpa("h", "x", { minReplicas: 2 }), budget("b", { app: "x" }, { minAvailable: 2 })];
        assert.deepEqual((await validateStack(disruptionBudgetAllowsEviction, autoscaled)).map((v) => v.message.slice(0, v.message.indexOf(":", 30))), [
            'PodDisruptionBudget "b": spec.minAvailable 2 keeps every pod of LlamaStackDistribution "x", since HorizontalPodAutoscaler "h" may scale it down to 2 (spec.minReplicas)',
        ]);
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [distribution("x"), hpa("h", "x", { minReplicas: 3 }), budget("b", { app: "x" }, { minAvailable: 2 })]), []);
    });

    it("skips unknown counts, replicas and selectors", async () => {
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [budget("b", { app: "x" }, { maxUnavailable: unknownNumber })]), []);
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [distribution("x", { replicas: unknownNumber }), budget("b", { app: "x" }, { minAvailable: 2 })]), []);
        const unknownSelector = { ...pdb("b", {}), props: { metadata: { name: "b" }, spec: { selector: unknownObject, minAvailable: 1 } } };
        assert.deepEqual(await validateStack(disruptionBudgetAllowsEviction, [distribution("x"), unknownSelector]), []);
    });
});

describe("policy disruption-budget-selects-pods", () => {
    it("flags a budget selecting none of the namespace's pods, and passes one selecting a distribution's", async () => {
        const cr = distribution("my-llamastack", { replicas: 3 });
        const typo = pdb("b", { app: "llamastack" });
        assert.deepEqual(await validateStack(disruptionBudgetSelectsPods, [cr, typo]), [
            {
                message:
                    'PodDisruptionBudget "b": spec.selector {"matchLabels":{"app":"llamastack"}} selects none of the pods of this stack\'s workloads in namespace "default" (LlamaStackDistribution "my-llamastack"), ' +
                    "so it protects nothing from a drain. Select the pods' labels (a distribution's pods carry app: <name>); if the budget is for pods deployed elsewhere, ignore this advisory.",
                urn: urnOf(typo),
            },
        ]);
        assert.deepEqual(await validateStack(disruptionBudgetSelectsPods, [cr, pdb("b", { app: "my-llamastack" })]), []);
        assert.deepEqual(await validateStack(disruptionBudgetSelectsPods, [cr, pdb("b", { "app.kubernetes.io/name": "llamastack" })]), []);
    });

    it("passes budgets in namespaces without workloads of the stack, and skips unknown labels", async () => {
        assert.deepEqual(await validateStack(disruptionBudgetSelectsPods, [distribution("x"), pdb("b", { app: "other" }, { namespace: "ml" })]), []);
        assert.deepEqual(await validateStack(disruptionBudgetSelectsPods, [distribution("x", { podLabels: unknownObject }), pdb("b", { app: "other" })]), []);
    });
});
