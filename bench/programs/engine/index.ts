// `count` distributions with the guide's HPA in `namespace`, for bench/engine.sh, written one of three
// ways (config `mode`): "component", our Distribution; "plain", the same objects as plain
// @pulumi/kubernetes resources; "wrapped", those plain resources in an empty component per
// distribution (what any component costs). The local control plane runs no pods, so the provider must not
// wait for Service endpoints.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { skipAwait } from "../../../src/core/skipAwait";
import { componentFleet, plainFleet } from "../fleet";

const config = new pulumi.Config();
pulumi.runtime.registerResourceTransform(skipAwait);
const mode = config.get("mode") ?? "component";
if (mode === "component") {
    componentFleet(config.requireNumber("count"), config.require("namespace"));
} else if (mode === "plain" || mode === "wrapped") {
    plainFleet(pulumi, k8s, config.requireNumber("count"), config.require("namespace"), mode === "wrapped");
} else {
    throw new Error(`mode must be "component", "plain" or "wrapped", not ${JSON.stringify(mode)}`);
}
