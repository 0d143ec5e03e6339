import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { crdApiVersion, crdKind, loadCrdDocument } from "./crd";

/** Arguments of `LlamaStackOperator`. */
export interface LlamaStackOperatorArgs {
    /**
     * Install the `LlamaStackDistribution` CRD. Turn off when the CRD is managed elsewhere
     * (e.g. applied with `kubectl apply -f crds/`). Defaults to true.
     * @default true
     */
    installCrd?: boolean;
}

/**
 * Installs what makes `LlamaStackDistribution` objects work in a cluster: the CRD, with its
 * `scale` subresource for `kubectl scale`, HPAs and VPAs, and CEL validation of resources.
 */
export class LlamaStackOperator extends pulumi.ComponentResource {
    /** Name of the CRD, `llamastackdistributions.llamastack.io`. */
    public readonly crdName: pulumi.Output<string>;
    /** `apiVersion` of the custom resources, `llamastack.io/v1alpha1`. */
    public readonly apiVersion: pulumi.Output<string>;
    /** `kind` of the custom resources, `LlamaStackDistribution`. */
    public readonly kind: pulumi.Output<string>;

    constructor(name: string, args: LlamaStackOperatorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:LlamaStackOperator", name, {}, opts);
        const document = loadCrdDocument();
        let crdName: pulumi.Output<string> = pulumi.output(document.metadata.name as string);
        if (args.installCrd ?? true) {
            const crd = new k8s.apiextensions.v1.CustomResourceDefinition(
                `${name}-crd`,
                { metadata: document.metadata, spec: document.spec },
                { parent: this },
            );
            crdName = crd.metadata.name;
        }
        this.crdName = crdName;
        this.apiVersion = pulumi.output(crdApiVersion);
        this.kind = pulumi.output(crdKind);
        this.registerOutputs({ crdName: this.crdName, apiVersion: this.apiVersion, kind: this.kind });
    }
}
