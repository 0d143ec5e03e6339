// Wrapper module: builds the YAML language host (pulumi-language-yaml) from
// github.com/pulumi/pulumi-yaml, with the Pulumi pkg/sdk versions it was
// released with (v1.25.0 does not compile against pkg/v3 v3.274.1).
module llamastack.local/toolchain/yaml

go 1.26

require github.com/pulumi/pulumi-yaml v1.25.0

// From pulumi pkg/v3's go.mod (replace directives of dependencies are not inherited).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
