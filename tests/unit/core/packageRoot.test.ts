// Paths into the package (crds/, controller/dist/) are found from package.json, not from the
// depth of the file that asks: the same from the source, from bin/, and from a file in a subfolder.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { controllerBundlePath } from "../../../src/operator/controllerDeployment";
import { crdDocumentPath } from "../../../src/core/crd";
import { findPackageRoot, packageRoot } from "../../../src/core/packageRoot";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

describe("package root", () => {
    it("is the folder of package.json, from any depth below it", () => {
        assert.equal(packageRoot, repoRoot);
        for (const dir of ["src", "bin", path.join("bin", "distribution"), path.join("src", "autoscaling", "deeper")]) {
            assert.equal(findPackageRoot(path.join(repoRoot, dir)), repoRoot, dir);
        }
    });

    it("places the CRD document and the controller bundle in the package", () => {
        assert.ok(fs.existsSync(crdDocumentPath), crdDocumentPath);
        assert.equal(path.relative(repoRoot, crdDocumentPath), path.join("crds", "llamastack.io_llamastackdistributions.yaml"));
        assert.equal(path.relative(repoRoot, controllerBundlePath), path.join("controller", "dist", "controller.js"));
    });
});
