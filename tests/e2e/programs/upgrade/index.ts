// A distribution with an HPA, in one of two resource trees (config `layout`):
//   nested:  as llamastack 0.1.0 made it, Distribution → HorizontalAutoscaler → HorizontalPodAutoscaler
//   current: as Distribution makes it now, Distribution → HorizontalPodAutoscaler (with an alias to
//            the nested URN)
// Going from one to the other must keep the HPA in the cluster (tests/e2e/upgrade.e2e.ts).
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

pulumi.runtime.registerResourceTransform(llamastack.skipAwait);
const layout = new pulumi.Config().require("layout");
const name = "upgrade-llamastack";
const autoscaling = { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70 };

const operator = new llamastack.LlamaStackOperator("llamastack", { controller: { enabled: false } });

/** The 0.1.0 tree of a Distribution's HPA: the component registered under the Distribution's type token. */
class NestedLayout extends pulumi.ComponentResource {
    constructor(opts: pulumi.ComponentResourceOptions) {
        super("llamastack:index:Distribution", name, {}, opts);
        new llamastack.HorizontalAutoscaler(name, { ...autoscaling, targetName: name }, { parent: this });
        this.registerOutputs({});
    }
}

if (layout === "nested") {
    new NestedLayout({ dependsOn: [operator] });
} else if (layout === "current") {
    new llamastack.Distribution(
        name,
        { image: "llamastack/distribution-ollama:0.2.0", service: { type: "ClusterIP" }, autoscaling },
        { dependsOn: [operator] },
    );
} else {
    throw new Error(`layout must be "nested" or "current", not ${JSON.stringify(layout)}`);
}
