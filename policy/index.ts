// The llamastack policy pack: the scaling guide's best practices, checked by
// `pulumi preview --policy-pack policy`. Each rule lives in its own module; this file only
// assembles them (tests call the rules directly: constructing a PolicyPack starts a server).

import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("llamastack", {
    description: "LlamaStack on Kubernetes: the scaling guide's best practices for distributions and plain workloads.",
    policies,
});
