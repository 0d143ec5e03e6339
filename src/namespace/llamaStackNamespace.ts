import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { componentLabel, Problems, requireArgs, validated } from "../core/validation";
import { LlamaStackNamespaceArgs, ResolvedNamespaceArgs } from "./args";
import { checkNamespaceArgs } from "./namespaceChecks";
import { buildLimitRangeSpec, buildNamespaceLabels, buildQuotaHard } from "./namespaceSpec";

/**
 * A namespace for LlamaStack distributions, set up for the guide's "Resource Constraints": Pod
 * Security `restricted` enforced (and warned and audited), a LimitRange that enforces the guide's
 * "limits at most 2x requests" at admission and gives defaults to containers without requests or
 * limits, and, when asked, a ResourceQuota on the namespace's CPU, memory and GPU requests.
 */
export class LlamaStackNamespace extends pulumi.ComponentResource {
    /** Name of the namespace; pass as a Distribution's `namespace`. */
    public readonly name: pulumi.Output<string>;
    /** Name of the ResourceQuota; empty when there is none. */
    public readonly quotaName: pulumi.Output<string>;
    /** Name of the LimitRange; empty when there is none. */
    public readonly limitRangeName: pulumi.Output<string>;

    constructor(name: string, args: LlamaStackNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:LlamaStackNamespace", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("LlamaStackNamespace", name, args, []);

        const resolved = validated(args, (a) => {
            const problems = new Problems(componentLabel("LlamaStackNamespace", name));
            checkNamespaceArgs(problems, name, a as ResolvedNamespaceArgs);
            problems.throwIfAny();
        }) as pulumi.Output<ResolvedNamespaceArgs>;

        const namespace = new k8s.core.v1.Namespace(
            name,
            { metadata: { name: args.name ?? name, labels: resolved.apply((a) => buildNamespaceLabels(a)) } },
            { parent: this },
        );
        const namespaceName = namespace.metadata.name;
        const labels = { "app.kubernetes.io/part-of": "llamastack", "app.kubernetes.io/managed-by": "pulumi" };

        let quotaName: pulumi.Output<string> = pulumi.output("");
        if (args.quota !== undefined && (args.quota.enabled ?? true)) {
            const quota = new k8s.core.v1.ResourceQuota(
                `${name}-quota`,
                {
                    metadata: { name: "llamastack", namespace: namespaceName, labels },
                    spec: { hard: resolved.apply((a) => buildQuotaHard(a.quota!)) },
                },
                { parent: this },
            );
            quotaName = quota.metadata.name;
        }

        let limitRangeName: pulumi.Output<string> = pulumi.output("");
        if (args.limitRange?.enabled ?? true) {
            const limitRange = new k8s.core.v1.LimitRange(
                `${name}-limits`,
                {
                    metadata: { name: "llamastack", namespace: namespaceName, labels },
                    spec: resolved.apply((a) => buildLimitRangeSpec(a.limitRange)) as unknown as pulumi.Output<k8s.types.input.core.v1.LimitRangeSpec>,
                },
                { parent: this },
            );
            limitRangeName = limitRange.metadata.name;
        }

        this.name = namespaceName;
        this.quotaName = quotaName;
        this.limitRangeName = limitRangeName;
        this.registerOutputs({ name: this.name, quotaName: this.quotaName, limitRangeName: this.limitRangeName });
    }
}
