// Upgrading a stack across a change of the components' resource tree keeps the objects: a
// Distribution used to nest its HPA in a HorizontalAutoscaler component and now makes it directly,
// with an alias to the old URN. Real engine, real API server.
import { strict as assert } from "assert";
import * as path from "path";
import { freshStack, kubectlJson, repoRoot } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "upgrade");
const hpaUrn = /HorizontalPodAutoscaler::upgrade-llamastack$/;

describe("upgrading a stack whose Distribution nested its HPA in a component, end to end", function () {
    this.timeout(10 * 60 * 1000);

    const pulumi = freshStack(cwd, "upgrade");

    it("keeps the HPA: the preview neither creates nor deletes it, and the object in the cluster stays", () => {
        pulumi("config", "set", "layout", "nested");
        pulumi("up", "--yes", "--skip-preview");
        const before = kubectlJson(["get", "hpa", "upgrade-llamastack"]).metadata.uid;

        pulumi("config", "set", "layout", "current");
        const preview = JSON.parse(pulumi("preview", "--json", "--show-sames"));
        const hpaSteps = preview.steps.filter((s: any) => hpaUrn.test(s.urn));
        assert.deepEqual(
            hpaSteps.map((s: any) => [s.op, s.urn.split("::")[2]]),
            [["same", "llamastack:index:Distribution$kubernetes:autoscaling/v2:HorizontalPodAutoscaler"]],
            "one step for the HPA, at its new URN, that changes nothing",
        );
        // The nested component goes; nothing of Kubernetes is deleted or replaced.
        const removed = preview.steps.filter((s: any) => ["delete", "replace", "delete-replaced"].includes(s.op)).map((s: any) => s.urn.split("::")[2]);
        assert.deepEqual(removed, ["llamastack:index:Distribution$llamastack:index:HorizontalAutoscaler"]);

        pulumi("up", "--yes", "--skip-preview");
        assert.equal(kubectlJson(["get", "hpa", "upgrade-llamastack"]).metadata.uid, before, "the same HPA object");
        const again = JSON.parse(pulumi("preview", "--json"));
        assert.deepEqual(again.steps.filter((s: any) => s.op !== "same"), [], "no change after the upgrade");
    });
});
