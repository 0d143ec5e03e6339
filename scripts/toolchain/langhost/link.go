package main

import (
	"context"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/fsutil"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// Link adds locally generated SDKs to a program (`pulumi package add <dir>`,
// and `pulumi install` for the `packages:` of a Pulumi.yaml).

// linkedPackage loads the schema of a package being linked, from the engine.
func linkedPackage(ctx context.Context, loader schema.ReferenceLoader,
	dep *pulumirpc.PackageDependency,
) (schema.PackageReference, *schema.Package, error) {
	desc := &schema.PackageDescriptor{Name: dep.Name, DownloadURL: dep.Server}
	if v, err := semver.ParseTolerant(dep.Version); err == nil {
		desc.Version = &v
	}
	if p := dep.Parameterization; p != nil {
		desc.Parameterization = &schema.ParameterizationDescriptor{Name: p.Name, Value: p.Value}
		if v, err := semver.ParseTolerant(p.Version); err == nil {
			desc.Parameterization.Version = v
		}
	}
	ref, err := schema.LoadPackageReferenceV2(ctx, loader, desc)
	if err != nil {
		return nil, nil, err
	}
	pkg, err := ref.Definition()
	return ref, pkg, err
}

func (h *nodeHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	opts, err := parseNodeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return nil, err
	}
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)
	dir := req.GetInfo().GetProgramDirectory()
	pm, err := npm.ResolvePackageManager(opts.packageManager, dir)
	if err != nil {
		return nil, err
	}
	isTS := opts.typescript
	if _, err := fsutil.Searchup(dir, "tsconfig.json"); err == nil {
		isTS = true
	}

	var imports strings.Builder
	for _, dep := range req.Packages {
		ref, pkg, err := linkedPackage(ctx, cached, dep.Package)
		if err != nil {
			return nil, err
		}
		if err := pkg.ImportLanguages(map[string]schema.Language{"nodejs": nodegen.Importer}); err != nil {
			return nil, err
		}
		name := "@pulumi/" + pkg.Name
		if pkg.Namespace != "" {
			name = "@" + pkg.Namespace + "/" + pkg.Name
		}
		if info, ok := pkg.Language["nodejs"].(nodegen.NodePackageInfo); ok && info.PackageName != "" {
			name = info.PackageName
		}
		if err := pm.Link(ctx, dir, name, dep.Path); err != nil {
			return nil, err
		}
		if isTS {
			fmt.Fprintf(&imports, "  import * as %s from %q;\n", identifier(ref.Name()), name)
		} else {
			fmt.Fprintf(&imports, "  const %s = require(%q);\n", identifier(ref.Name()), name)
		}
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "You can import the SDK with:\n\n" + imports.String(),
	}, nil
}

func (h *pythonHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	opts, err := parsePythonOptions(req.GetInfo())
	if err != nil {
		return nil, err
	}
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)

	packages := map[string]string{} // Python distribution name -> path
	var imports strings.Builder
	for _, dep := range req.Packages {
		if dep.Package.Name == "pulumi" {
			packages["pulumi"] = dep.Path
			continue
		}
		ref, pkg, err := linkedPackage(ctx, cached, dep.Package)
		if err != nil {
			return nil, err
		}
		if err := pkg.ImportLanguages(map[string]schema.Language{"python": pygen.Importer}); err != nil {
			return nil, err
		}
		module := pygen.PyPack(ref.Namespace(), ref.Name())
		if info, ok := pkg.Language["python"].(pygen.PackageInfo); ok && info.PackageName != "" {
			module = info.PackageName
		}
		packages[module] = dep.Path
		fmt.Fprintf(&imports, "  import %s as %s\n", module, strings.ReplaceAll(ref.Name(), "-", "_"))
	}

	// Without a pyproject.toml, a uv/poetry project has not been converted from
	// requirements.txt yet: link into requirements.txt, as pip would.
	if opts.Toolchain != toolchain.Pip {
		if _, err := fsutil.Searchup(req.GetInfo().GetProgramDirectory(), "pyproject.toml"); err != nil {
			opts.Toolchain = toolchain.Pip
		}
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.LinkPackages(ctx, packages); err != nil {
		return nil, fmt.Errorf("linking packages: %w", err)
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "You can import the SDK with:\n\n" + imports.String(),
	}, nil
}

// identifier turns a package name such as "my-pkg" into "myPkg".
func identifier(name string) string {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

func (h *goHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)
	dir := req.GetInfo().GetProgramDirectory()

	var imports strings.Builder
	for _, dep := range req.Packages {
		module, target := "github.com/pulumi/pulumi/sdk/v3", dep.Path
		if dep.Package.Name != "pulumi" {
			_, pkg, err := linkedPackage(ctx, cached, dep.Package)
			if err != nil {
				return nil, err
			}
			if err := pkg.ImportLanguages(map[string]schema.Language{"go": gogen.Importer}); err != nil {
				return nil, err
			}
			module = ""
			if info, ok := pkg.Language["go"].(gogen.GoPackageInfo); ok {
				module = info.ModulePath
				if module == "" && info.ImportBasePath != "" {
					module = path.Dir(info.ImportBasePath)
				}
			}
			if module == "" {
				module = gogen.ExtractModulePath(pkg.Reference())
			}
			fmt.Fprintf(&imports, "    %q\n", gogen.ExtractImportBasePath(pkg.Reference()))
		}
		// A relative replacement must start with ./ (go.mod syntax).
		if !filepath.IsAbs(target) && !strings.HasPrefix(target, "./") && !strings.HasPrefix(target, "../") {
			target = "./" + target
		}
		cmd := exec.CommandContext(ctx, "go", "mod", "edit", "-replace="+module+"="+target)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go mod edit -replace %s=%s: %w\n%s", module, target, err, out)
		}
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "You can import the SDK with:\n\n  import (\n" + imports.String() + "  )\n",
	}, nil
}
