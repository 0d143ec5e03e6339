// The llamastack policy pack: the scaling guide's best practices, checked by
// `pulumi preview --policy-pack policy`. Each rule lives in its own module; this file only
// assembles them (tests call the rules directly: constructing a PolicyPack starts a server).
// Pulumi loads it through pack.js (package.json "main"), compiled when the build is current.

import "./lazyPulumi"; // first: before @pulumi/policy loads @pulumi/pulumi
import "./decodeOnce"; // the server decodes each resource once per call, not once per rule
import "./infoOnce"; // and describes the pack once, not before every resource
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("llamastack", {
    description: "LlamaStack on Kubernetes: the scaling guide's best practices for distributions and plain workloads.",
    policies,
});
