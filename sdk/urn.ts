import * as pulumi from "@pulumi/pulumi";

/**
 * The URN that a child `type::name` of `parent` has, for an alias to a child that no longer
 * exists. Same result as `pulumi.createUrn(name, type, parent)` for a parent that is not the
 * stack, with one `apply` where that makes four Outputs, per component (BENCHMARKS.md).
 */
export function childUrn(parent: pulumi.Resource, type: string, name: string): pulumi.Output<string> {
    return parent.urn.apply((urn) => `${urn.substring(0, urn.lastIndexOf("::"))}$${type}::${name}`);
}
