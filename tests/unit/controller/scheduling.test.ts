import { strict as assert } from "assert";
import { unschedulableMessage } from "../../../controller/scheduling";
import { Pod } from "../../../controller/types";

function pod(phase: string, scheduled?: { status: string; reason?: string; message?: string }): Pod {
    return { metadata: { name: "p" }, status: { phase, conditions: scheduled ? [{ type: "PodScheduled", ...scheduled }] : [] } };
}

describe("controller: why pods are not scheduled", () => {
    it("takes the scheduler's message of the first pod it marked Unschedulable", () => {
        assert.equal(
            unschedulableMessage([
                pod("Running", { status: "True" }),
                pod("Pending", { status: "False", reason: "Unschedulable", message: " 0/4 nodes are available: 4 Insufficient nvidia.com/gpu. " }),
                pod("Pending", { status: "False", reason: "Unschedulable", message: "another" }),
            ]),
            "0/4 nodes are available: 4 Insufficient nvidia.com/gpu.",
        );
    });

    it("says nothing for pods that are placed, not yet looked at, or failing for another reason", () => {
        assert.equal(unschedulableMessage([]), undefined);
        assert.equal(unschedulableMessage([pod("Pending")]), undefined);
        assert.equal(unschedulableMessage([pod("Pending", { status: "False", reason: "SchedulingGated" })]), undefined);
        assert.equal(unschedulableMessage([pod("Running", { status: "True" })]), undefined);
    });

    it("has words even when the scheduler left the message empty", () => {
        assert.equal(unschedulableMessage([pod("Pending", { status: "False", reason: "Unschedulable" })]), "the scheduler found no node for the pod");
    });
});
