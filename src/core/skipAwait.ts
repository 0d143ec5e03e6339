import * as pulumi from "@pulumi/pulumi";

/** The Kubernetes provider's annotation that turns off waiting for readiness. */
export const skipAwaitAnnotation = "pulumi.com/skipAwait";

/**
 * A resource transform for clusters where what the provider waits for never comes, such as a
 * local control plane without a load balancer: it stops the Kubernetes provider from waiting for
 * Services to get endpoints or load balancers and workloads to become ready. Use it with
 * `pulumi.runtime.registerResourceTransform(llamastack.skipAwait)`; never on a real cluster,
 * where waiting is what makes `pulumi up` report a broken rollout. Namespaces keep their wait:
 * it costs nothing on creation, and a deletion not waited for leaves the namespace terminating,
 * so the next `pulumi up` that creates it is refused ("being terminated") or records a
 * namespace that is gone seconds later.
 */
export const skipAwait: pulumi.ResourceTransform = (args) => {
    if (!args.type.startsWith("kubernetes:") || args.type === "kubernetes:core/v1:Namespace" || !args.props.metadata) {
        return undefined;
    }
    const metadata = pulumi.output(args.props.metadata).apply((m: any) => ({
        ...m,
        annotations: { ...(m?.annotations ?? {}), [skipAwaitAnnotation]: "true" },
    }));
    return { props: { ...args.props, metadata }, opts: args.opts };
};
