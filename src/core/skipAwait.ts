import * as pulumi from "@pulumi/pulumi";

/** The Kubernetes provider's annotation that turns off waiting for readiness. */
export const skipAwaitAnnotation = "pulumi.com/skipAwait";

/**
 * A resource transform for clusters that run no pods, such as the local control plane of the
 * quickstart and the end-to-end tests: it stops the Kubernetes provider from waiting for
 * Services to get endpoints or load balancers, which never come there. Use it with
 * `pulumi.runtime.registerResourceTransform(llamastack.skipAwait)`; never on a real cluster,
 * where waiting is what makes `pulumi up` report a broken rollout.
 */
export const skipAwait: pulumi.ResourceTransform = (args) => {
    if (!args.type.startsWith("kubernetes:") || !args.props.metadata) {
        return undefined;
    }
    const metadata = pulumi.output(args.props.metadata).apply((m: any) => ({
        ...m,
        annotations: { ...(m?.annotations ?? {}), [skipAwaitAnnotation]: "true" },
    }));
    return { props: { ...args.props, metadata }, opts: args.opts };
};
