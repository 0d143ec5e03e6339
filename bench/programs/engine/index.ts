// `count` Distributions with the guide's HPA in `namespace`, for bench/engine.sh. The local
// control plane runs no pods, so the provider must not wait for Service endpoints.
import * as pulumi from "@pulumi/pulumi";
import { skipAwait } from "../../../sdk/skipAwait";
import { componentFleet } from "../fleet";

const config = new pulumi.Config();
pulumi.runtime.registerResourceTransform(skipAwait);
componentFleet(config.requireNumber("count"), config.require("namespace"));
