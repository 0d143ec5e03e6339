// The llamastack quickstart with an HPA, in Go: the same objects as
// examples/quickstart-typescript.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"example.com/pulumi-llamastack/sdk/go/llamastack"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Installs the CRD (with its scale subresource, which the HPA needs) and the controller.
		// `pulumi config set skipAwait true` on a cluster that runs no pods (the tests' control plane).
		skipAwait := config.GetBool(ctx, "skipAwait")
		operator, err := llamastack.NewLlamaStackOperator(ctx, "llamastack", &llamastack.LlamaStackOperatorArgs{
			Controller: &llamastack.ControllerArgs{SkipAwait: &skipAwait},
		})
		if err != nil {
			return err
		}

		// The guide's distribution, 2x limits over requests, scaled by an HPA between 2 and 10
		// replicas at 70% CPU (the guide's "Horizontal Pod Autoscaler"); the HPA owns the replica count.
		distribution, err := llamastack.NewDistribution(ctx, "my-llamastack", &llamastack.DistributionArgs{
			Image: pulumi.String("llamastack/distribution-ollama:0.2.0"),
			Resources: &llamastack.ResourcesArgs{
				Requests: pulumi.StringMap{"cpu": pulumi.String("1"), "memory": pulumi.String("2Gi")},
				Limits:   pulumi.StringMap{"cpu": pulumi.String("2"), "memory": pulumi.String("4Gi")},
			},
			Env: pulumi.StringMap{"INFERENCE_MODEL": pulumi.String("meta-llama/Llama-3.2-3B-Instruct")},
			Autoscaling: &llamastack.AutoscalingArgs{
				MinReplicas:          pulumi.Float64(2),
				MaxReplicas:          pulumi.Float64(10),
				TargetCPUUtilization: pulumi.Float64(70),
			},
		}, pulumi.DependsOn([]pulumi.Resource{operator}))
		if err != nil {
			return err
		}

		ctx.Export("distributionName", distribution.Name)
		ctx.Export("serviceName", distribution.ServiceName)
		ctx.Export("hpaName", distribution.HpaName)
		ctx.Export("selector", distribution.Selector)
		return nil
	})
}
