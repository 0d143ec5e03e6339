// A schedule (or an operator with kubectl) changed the HPA's bounds; then the program is deployed
// again. Real engine, real API server: what happens to the bounds, and who owns them after.
import { strict as assert } from "assert";
import * as path from "path";
import { freshStack, kubectlJson, ok, repoRoot } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "redeploy");
const hpaName = "redeploy-llamastack";
const bounds = () => {
    const spec = kubectlJson(["get", "hpa", hpaName]).spec;
    return [spec.minReplicas, spec.maxReplicas];
};
/** Field managers that own spec.minReplicas of the HPA. */
const ownersOfMinReplicas = () =>
    kubectlJson(["get", "hpa", hpaName, "--show-managed-fields"])
        .metadata.managedFields.filter((f: any) => f.fieldsV1?.["f:spec"]?.["f:minReplicas"] !== undefined)
        .map((f: any) => f.manager.replace(/-[0-9a-f]{8}$/, ""))
        .sort();

describe("deploying again after a schedule changed the HPA, end to end", function () {
    this.timeout(10 * 60 * 1000);

    const pulumi = freshStack(cwd, "redeploy");

    before(() => {
        pulumi("config", "set", "maxReplicas", "10");
        pulumi("up", "--yes", "--skip-preview");
    });

    it("an unchanged program leaves the schedule's bounds alone", () => {
        // What a ScheduledScaler's CronJob runs at night (its command, as the scaler's identity or not).
        ok("kubectl", ["patch", "hpa", hpaName, "--type=merge", "-p", '{"spec":{"minReplicas":1,"maxReplicas":3}}']);
        assert.ok(ownersOfMinReplicas().includes("kubectl-patch"), "the patch owns the bound it changed");
        pulumi("preview", "--expect-no-changes");
        pulumi("up", "--yes", "--skip-preview");
        assert.deepEqual(bounds(), [1, 3]);
    });

    it("a program that changes the HPA puts the declared bounds back, without a conflict, and owns them again", () => {
        pulumi("config", "set", "maxReplicas", "12");
        pulumi("up", "--yes", "--skip-preview");
        assert.deepEqual(bounds(), [2, 12]);
        assert.deepEqual(ownersOfMinReplicas(), ["pulumi-kubernetes"]);
    });
});
