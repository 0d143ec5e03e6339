import * as pulumi from "@pulumi/pulumi";

/**
 * The URN that a child `type::name` of `parent` has, for an alias to a child that no longer
 * exists. Same result as `pulumi.createUrn(name, type, parent)` for a parent that is not the
 * stack, with one `apply` where that makes four Outputs, per component (BENCHMARKS.md).
 */
export function childUrn(parent: pulumi.Resource, type: string, name: string): pulumi.Output<string> {
    return parent.urn.apply((urn) => `${urn.substring(0, urn.lastIndexOf("::"))}$${type}::${name}`);
}

/**
 * An alias for a resource `resourceType::resourceName` that used to sit in a component
 * `formerParentType::formerParentName` under `component`, now a direct child of `component`.
 * For a component at the top of the stack (`opts.parent` unset) the old URN is known now and the
 * alias is a plain string, which costs Pulumi a fraction of an alias that waits for the
 * component's URN (BENCHMARKS.md); otherwise the alias names the former parent by its URN.
 */
export function formerlyNestedAlias(
    component: pulumi.ComponentResource,
    componentType: string,
    opts: pulumi.ComponentResourceOptions | undefined,
    former: { parentType: string; parentName: string; resourceType: string; resourceName: string },
): pulumi.Alias | string {
    if (opts?.parent === undefined) {
        const types = `${componentType}$${former.parentType}$${former.resourceType}`;
        return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${types}::${former.resourceName}`;
    }
    return { parent: childUrn(component, former.parentType, former.parentName) };
}
