package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/emptypb"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	nodegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// baseHost holds what every language shares: identity, the engine address,
// cancellation, and code generation (which is pure Go, from pkg/v3/codegen).
type baseHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	language      string
	engineAddress string
	cancelCtx     context.Context // cancelled by the Cancel RPC; child processes stop with it
	cancel        context.CancelFunc
}

func newBaseHost(language, engineAddress string) *baseHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &baseHost{language: language, engineAddress: engineAddress, cancelCtx: ctx, cancel: cancel}
}

func (h *baseHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *baseHost) Handshake(ctx context.Context,
	req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.EngineAddress
	if h.engineAddress != "" {
		hcCtx, cancel := context.WithCancel(context.Background())
		if err := rpcutil.Healthcheck(hcCtx, h.engineAddress, 5*time.Minute, cancel); err != nil {
			cancel()
			return nil, fmt.Errorf("could not start health check: %w", err)
		}
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *baseHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancel()
	return &emptypb.Empty{}, nil
}

// GetRequiredPlugins is the predecessor of GetRequiredPackages; the engine
// falls back to nothing when it is unimplemented, as upstream hosts do.
func (h *baseHost) RuntimeOptionsPrompts(context.Context,
	*pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *baseHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// GeneratePackage writes an SDK for a schema (used by `pulumi package gen-sdk`).
func (h *baseHost) GeneratePackage(ctx context.Context,
	req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}

	tool := "pulumi-language-" + h.language
	var files map[string][]byte
	switch h.language {
	case "nodejs":
		files, err = nodegen.GeneratePackage(tool, pkg, req.ExtraFiles, req.LocalDependencies, req.Local, cached)
	case "python":
		files, err = pygen.GeneratePackage(tool, pkg, req.ExtraFiles, cached)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, req.LocalDependencies)
		if err == nil {
			for name, data := range req.ExtraFiles {
				files[name] = data
			}
		}
	default:
		err = fmt.Errorf("no SDK generator for %q", h.language)
	}
	if err != nil {
		return nil, err
	}
	if err := writeFiles(req.Directory, files); err != nil {
		return nil, err
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

// GenerateProgram converts PCL to this language (used by `pulumi convert`).
func (h *baseHost) GenerateProgram(ctx context.Context,
	req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	parser := hclsyntax.NewParser()
	for path, contents := range req.Source {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics
		}
	}
	var opts []pcl.BindOption
	if !req.Strict {
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	if h.language == "nodejs" {
		opts = append(opts, pcl.PreferOutputVersionedInvokes)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), opts...)
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() || program == nil {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiags}, nil
	}

	var files map[string][]byte
	switch h.language {
	case "nodejs":
		files, diags, err = nodegen.GenerateProgramWithOptions(program, nodegen.ProgramOptions{Runtime: "nodejs"})
	case "python":
		files, diags, err = pygen.GenerateProgram(program)
	case "go":
		files, diags, err = gogen.GenerateProgram(program)
	default:
		err = fmt.Errorf("no program generator for %q", h.language)
	}
	if err != nil {
		return nil, err
	}
	rpcDiags = append(rpcDiags, plugin.HclDiagnosticsToRPCDiagnostics(diags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: rpcDiags}, nil
}

// GenerateProject converts a PCL directory into a complete project.
func (h *baseHost) GenerateProject(ctx context.Context,
	req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	var opts []pcl.BindOption
	if !req.Strict {
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	if h.language == "nodejs" {
		opts = append(opts, pcl.PreferOutputVersionedInvokes)
	}
	program, diags, err := pcl.BindDirectory(req.SourceDirectory, schema.NewCachedLoader(loader), opts...)
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProjectResponse{Diagnostics: rpcDiags}, nil
	}
	var project workspace.Project
	if err := json.Unmarshal([]byte(req.Project), &project); err != nil {
		return nil, err
	}
	switch h.language {
	case "nodejs":
		err = nodegen.GenerateProject(req.TargetDirectory, project, program, req.LocalDependencies, false, "nodejs")
	case "python":
		err = pygen.GenerateProject(req.TargetDirectory, project, program, req.LocalDependencies, "", "")
	case "go":
		err = gogen.GenerateProject(req.TargetDirectory, project, program, req.LocalDependencies)
	default:
		err = fmt.Errorf("no project generator for %q", h.language)
	}
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProjectResponse{Diagnostics: rpcDiags}, nil
}

func writeFiles(dir string, files map[string][]byte) error {
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
