// The package's folders import one way (issue 21): a concept may use the ones below it, never one
// above it, and the controller program, which esbuild bundles into one file for a plain Node.js
// image, reaches into the package only for modules that load no npm package. Imports are read from
// TypeScript's own syntax tree; `import type` loads nothing at run time and is not counted.
import { strict as assert } from "assert";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";
import { sourceFiles } from "../../scripts/restate-defaults";

const root = path.join(__dirname, "../..");
const src = path.join(root, "src");

/** What each folder of src/ may import, besides itself. */
const mayImport: Record<string, readonly string[]> = {
    core: [],
    autoscaling: ["core"],
    nodePool: ["core"],
    namespace: ["core"],
    distribution: ["core", "autoscaling"],
    rollout: ["core", "autoscaling", "distribution"],
    operator: ["core", "distribution"],
};

/** The module specifiers a file loads at run time: its imports and re-exports that are not type-only, and its requires. */
function importsOf(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
    const specifiers: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
            specifiers.push(node.moduleSpecifier.text);
        } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            specifiers.push(node.moduleSpecifier.text);
        } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
            specifiers.push(node.moduleReference.expression.text);
        } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require" && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
            specifiers.push(node.arguments[0].text);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return specifiers;
}

function resolveLocal(from: string, specifier: string): string {
    const base = path.resolve(path.dirname(from), specifier);
    for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) {
        if (fs.existsSync(candidate)) {
            return candidate;
        }
    }
    throw new Error(`${path.relative(root, from)} imports ${specifier}, which is not a TypeScript file`);
}

function folderOf(file: string): string {
    return path.relative(src, file).split(path.sep)[0];
}

describe("layering", () => {
    it("every folder of src/ is in the table", () => {
        const folders = fs.readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
        assert.deepEqual(folders.sort(), Object.keys(mayImport).sort());
    });

    it("a folder of src/ imports only the folders below it", () => {
        const wrong: string[] = [];
        for (const file of sourceFiles(src).filter((f) => path.dirname(f) !== src)) {
            const folder = folderOf(file);
            for (const specifier of importsOf(file).filter((s) => s.startsWith("."))) {
                const target = resolveLocal(file, specifier);
                const targetFolder = path.relative(src, target).startsWith("..") ? "(outside src)" : folderOf(target);
                if (targetFolder !== folder && !mayImport[folder].includes(targetFolder)) {
                    wrong.push(`${path.relative(root, file)} imports ${specifier} (${targetFolder})`);
                }
            }
        }
        assert.deepEqual(wrong, []);
    });

    it("the controller reaches into src/ only for modules that load no npm package", () => {
        const seen = new Set<string>();
        const packages: string[] = [];
        const visit = (file: string): void => {
            if (seen.has(file)) {
                return;
            }
            seen.add(file);
            for (const specifier of importsOf(file)) {
                if (specifier.startsWith(".")) {
                    visit(resolveLocal(file, specifier));
                } else if (!builtinModules.includes(specifier.replace(/^node:/, "")) && file.startsWith(src)) {
                    packages.push(`${path.relative(root, file)} loads ${specifier}`);
                }
            }
        };
        sourceFiles(path.join(root, "controller")).forEach(visit);
        assert.ok([...seen].some((f) => f.startsWith(src)), "the controller shares some modules with the package");
        assert.deepEqual(packages, []);
    });
});
