module example.com/pulumi-llamastack/sdk/go

go 1.26

require github.com/pulumi/pulumi/sdk/v3 v3.274.1
