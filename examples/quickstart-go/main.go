// The llamastack quickstart in Go: the LlamaStackDistribution CRD and one distribution, the
// same objects as quickstart/index.ts.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"example.com/pulumi-llamastack/sdk/go/llamastack"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Installs the CRD (with its scale subresource) so the guide's kubectl commands work.
		operator, err := llamastack.NewLlamaStackOperator(ctx, "llamastack", &llamastack.LlamaStackOperatorArgs{})
		if err != nil {
			return err
		}

		// The guide's distribution: two replicas of a pinned image, 2x limits over requests,
		// behind a round-robin LoadBalancer Service on port 8080.
		distribution, err := llamastack.NewDistribution(ctx, "my-llamastack", &llamastack.DistributionArgs{
			Image:    pulumi.String("llamastack/distribution-ollama:0.2.0"),
			Replicas: pulumi.Float64(2),
			Resources: &llamastack.ResourcesArgsArgs{
				Requests: pulumi.StringMap{"cpu": pulumi.String("1"), "memory": pulumi.String("2Gi")},
				Limits:   pulumi.StringMap{"cpu": pulumi.String("2"), "memory": pulumi.String("4Gi")},
			},
			Env: pulumi.StringMap{"INFERENCE_MODEL": pulumi.String("meta-llama/Llama-3.2-3B-Instruct")},
		}, pulumi.DependsOn([]pulumi.Resource{operator}))
		if err != nil {
			return err
		}

		ctx.Export("distributionName", distribution.Name)
		ctx.Export("namespace", distribution.Namespace)
		ctx.Export("serviceName", distribution.ServiceName)
		ctx.Export("selector", distribution.Selector)
		return nil
	})
}
