// Tier 3: the schema other languages see is inferred from the TypeScript types. The committed
// sdk/schema.json must equal what the plugin would serve now, and the inferred schema must be
// complete: typed (no Any), described, and with the defaults written where other languages read.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import {
    componentClasses,
    describeDifferences,
    diffJson,
    formatSchema,
    inferSchema,
    packageName,
    schemaPath,
    sortKeys,
} from "../../scripts/generate-schema";
import { findUnstatedDefaults, restatement, sourceDir, sourceFiles } from "../../scripts/restate-defaults";

interface Property {
    type?: string;
    $ref?: string;
    description?: string;
    items?: Property;
    additionalProperties?: Property;
}

/** Every property of every resource and type, with a readable location. */
function properties(schema: any): { where: string; property: Property }[] {
    const out: { where: string; property: Property }[] = [];
    for (const [token, resource] of Object.entries<any>(schema.resources)) {
        for (const [name, p] of Object.entries<Property>(resource.inputProperties ?? {})) {
            out.push({ where: `${token} input ${name}`, property: p });
        }
        for (const [name, p] of Object.entries<Property>(resource.properties ?? {})) {
            out.push({ where: `${token} output ${name}`, property: p });
        }
    }
    for (const [token, type] of Object.entries<any>(schema.types)) {
        for (const [name, p] of Object.entries<Property>(type.properties ?? {})) {
            out.push({ where: `${token}.${name}`, property: p });
        }
    }
    return out;
}

/** A property and the nested item/value types it contains. */
function* nested(p: Property): Generator<Property> {
    yield p;
    if (p.items) yield* nested(p.items);
    if (p.additionalProperties) yield* nested(p.additionalProperties);
}

/** Every hand-written .ts file of the package, in every subfolder. */
function sdkSourceFiles(): ts.SourceFile[] {
    return sourceFiles().map((file) => ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true));
}

/** A source file's path as the messages show it: relative to the source folder. */
function shortName(file: string): string {
    return path.relative(sourceDir, file);
}

/** Property declarations of interfaces and classes in src/, with their JSDoc nodes. */
function documentedMembers(): { where: string; node: ts.Node; docs: ts.JSDoc[] }[] {
    const out: { where: string; node: ts.Node; docs: ts.JSDoc[] }[] = [];
    for (const source of sdkSourceFiles()) {
        const visit = (node: ts.Node) => {
            if (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) {
                const owner = node.parent && "name" in node.parent ? (node.parent as any).name?.getText() : undefined;
                const docs = ((node as any).jsDoc ?? []) as ts.JSDoc[];
                const where = `${shortName(source.fileName)}: ${owner ?? "?"}.${node.name.getText()}`;
                out.push({ where, node, docs });
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
    }
    return out;
}

describe("schema checks read every source file", () => {
    it("finds .ts files in subfolders too, and leaves out .d.ts files", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llamastack-sources-"));
        try {
            fs.mkdirSync(path.join(dir, "concept", "deeper"), { recursive: true });
            for (const f of ["top.ts", "concept/args.ts", "concept/deeper/spec.ts", "concept/types.d.ts", "concept/notes.md"]) {
                fs.writeFileSync(path.join(dir, f), "");
            }
            assert.deepEqual(
                sourceFiles(dir).map((f) => path.relative(dir, f).split(path.sep).join("/")),
                ["concept/args.ts", "concept/deeper/spec.ts", "top.ts"],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("schema (sdk/schema.json)", function () {
    // The analyzer type-checks the whole package once: seconds, not milliseconds.
    this.timeout(120_000);
    let inferred: any;

    before(async () => {
        try {
            inferred = await inferSchema();
        } catch (err) {
            // The analyzer names the component and property; say where the rules are.
            const message = err instanceof Error ? err.message : String(err);
            throw new Error(`schema inference failed: ${message}\nSee "Rules for args and outputs" in docs/multi-language.md.`);
        }
    });

    it("is the schema inferred from the code (run `npm run generate:schema` after changing args)", () => {
        const committed = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
        const differences = diffJson(committed, inferred);
        assert.equal(
            differences.length,
            0,
            `sdk/schema.json is out of date; run \`npm run generate:schema\`. Differences:\n${describeDifferences(differences)}`,
        );
        // Byte for byte as well: sorted keys, two-space indent, final newline.
        assert.equal(fs.readFileSync(schemaPath, "utf8"), formatSchema(inferred));
    });

    it("is the package `llamastack` with one component resource per exported component class", () => {
        assert.equal(inferred.name, packageName);
        const classes = componentClasses().map((c) => c.name).sort();
        assert.ok(classes.includes("Distribution") && classes.includes("LlamaStackOperator"));
        assert.deepEqual(Object.keys(inferred.resources).sort(), classes.map((c) => `llamastack:index:${c}`).sort());
        for (const resource of Object.values<any>(inferred.resources)) {
            assert.equal(resource.isComponent, true);
        }
    });

    it("types every property (no pulumi.json#/Any)", () => {
        const untyped = properties(inferred)
            .filter(({ property }) => [...nested(property)].some((p) => p.$ref === "pulumi.json#/Any"))
            .map(({ where }) => where);
        assert.deepEqual(untyped, [], "`any` in an args or output type becomes Any in every language");
    });

    it("describes every component and property (doc comments reach the schema)", () => {
        const missing = [
            ...Object.entries<any>(inferred.resources)
                .filter(([, r]) => !r.description)
                .map(([token]) => token),
            ...properties(inferred)
                .filter(({ property }) => !property.description)
                .map(({ where }) => where),
        ];
        assert.deepEqual(missing, [], "write a /** doc comment */ on each of these");
    });

    it("describes every enum value", () => {
        const missing: string[] = [];
        for (const [token, type] of Object.entries<any>(inferred.types)) {
            for (const value of type.enum ?? []) {
                if (!value.description) missing.push(`${token}.${value.name}`);
            }
        }
        assert.deepEqual(missing, [], "write a /** doc comment */ on each of these const-object members");
    });

    it("has no garbled descriptions ({@link} becomes [object Object])", () => {
        const garbled = properties(inferred)
            .filter(({ property }) => property.description?.includes("[object Object]"))
            .map(({ where }) => where);
        assert.deepEqual(garbled, []);
        const links = documentedMembers()
            .filter(({ docs }) => docs.some((d) => d.getText().includes("{@link")))
            .map(({ where }) => where);
        assert.deepEqual(links, [], "use `backticks` instead of {@link …} in doc comments");
    });

    it("states each @default in the prose too (the analyzer drops JSDoc tags)", () => {
        const unstated = sdkSourceFiles()
            .flatMap((source) => findUnstatedDefaults(source))
            .map((u) => `${shortName(u.file)}: ${u.member}: add "${restatement(u.value)}"`);
        assert.deepEqual(unstated, [], "run `npm run fix:defaults`, then `npm run generate:schema`");
    });

    it("gives every schema type a name used once in src/ (the analyzer keys types by bare name)", () => {
        const declared = new Map<string, string[]>();
        for (const source of sdkSourceFiles()) {
            for (const statement of source.statements) {
                const names: string[] = [];
                if (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
                    if (statement.name) names.push(statement.name.text);
                } else if (ts.isVariableStatement(statement)) {
                    for (const d of statement.declarationList.declarations) {
                        if (ts.isIdentifier(d.name)) names.push(d.name.text);
                    }
                }
                for (const name of names) {
                    declared.set(name, [...(declared.get(name) ?? []), shortName(source.fileName)]);
                }
            }
        }
        const clashes = Object.keys(inferred.types)
            .map((token) => token.split(":")[2])
            .filter((name) => (declared.get(name) ?? []).length !== 1)
            .map((name) => `${name}: declared in ${JSON.stringify(declared.get(name) ?? [])}`);
        assert.deepEqual(clashes, [], "each type in the schema must be one declaration of ours, under a unique name");
    });

    it("names no nested type …Args (the Python, Go and .NET generators add Args themselves)", () => {
        const suffixed = Object.keys(inferred.types)
            .map((token) => token.split(":")[2])
            .filter((name) => name.endsWith("Args"));
        assert.deepEqual(suffixed, [], "a nested type `XArgs` becomes `XArgsArgs` in other languages; name it `X`");
    });

    it("is inferred with the project's TypeScript 5, not the analyzer's bundled 3.8 fallback", () => {
        const shim = require("@pulumi/pulumi/typescript-shim");
        assert.equal(shim.version, ts.version);
        assert.match(shim.version, /^5\./);
    });
});

describe("restating defaults (npm run fix:defaults)", () => {
    const fix = (text: string) => {
        const source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2022, true);
        let edited = text;
        for (const f of findUnstatedDefaults(source).sort((a, b) => b.offset - a.offset)) {
            edited = edited.slice(0, f.offset) + f.insert + edited.slice(f.offset);
        }
        return edited;
    };

    it("appends the sentence to the prose of multi-line and one-line comments", () => {
        assert.equal(
            fix("interface A {\n    /**\n     * Port to use\n     * @default 8080\n     */\n    port?: number;\n}\n"),
            "interface A {\n    /**\n     * Port to use. Defaults to 8080.\n     * @default 8080\n     */\n    port?: number;\n}\n",
        );
        assert.equal(
            fix('interface A {\n    /** Name. @default "x" */\n    name?: string;\n}\n'),
            'interface A {\n    /** Name. Defaults to "x". @default "x" */\n    name?: string;\n}\n',
        );
    });

    it("turns a comment of tags only into prose, and puts a long line's sentence on a line of its own", () => {
        assert.equal(fix("interface A {\n    /** @default 1 */\n    n?: number;\n}\n"), "interface A {\n    /** Defaults to 1. @default 1 */\n    n?: number;\n}\n");
        const long = "x".repeat(90);
        assert.equal(
            fix(`interface A {\n    /**\n     * ${long}.\n     * @default "nvidia.com/gpu"\n     */\n    r?: string;\n}\n`),
            `interface A {\n    /**\n     * ${long}.\n     * Defaults to "nvidia.com/gpu".\n     * @default "nvidia.com/gpu"\n     */\n    r?: string;\n}\n`,
        );
    });

    it("leaves a comment that already restates its default alone", () => {
        const text = "interface A {\n    /**\n     * Replicas. Defaults to 1.\n     * @default 1\n     */\n    r?: number;\n}\n";
        assert.equal(fix(text), text);
    });
});

describe("schema drift report", () => {
    it("lists each differing JSON path with both values", () => {
        const committed = { types: { "llamastack:index:Gpu": { properties: { count: { type: "string" } } } }, enum: [1, 2] };
        const inferred = { types: { "llamastack:index:Gpu": { properties: { count: { type: "number" } } } }, enum: [1, 3], extra: true };
        const differences = diffJson(committed, inferred);
        assert.deepEqual(differences, [
            { path: "$.enum[1]", expected: 2, actual: 3 },
            { path: "$.extra", expected: undefined, actual: true },
            { path: '$.types["llamastack:index:Gpu"].properties.count.type', expected: "string", actual: "number" },
        ]);
        assert.equal(
            describeDifferences(differences, 2),
            [
                "  $.enum[1]",
                "      committed: 2",
                "      inferred:  3",
                "  $.extra",
                "      committed: (absent)",
                "      inferred:  true",
                "  … and 1 more",
            ].join("\n"),
        );
    });

    it("finds no differences between equal values, whatever their key order", () => {
        assert.deepEqual(diffJson({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 }), []);
    });

    it("writes objects with sorted keys, arrays in their order", () => {
        assert.equal(formatSchema(sortKeys({ b: 1, a: { d: [3, 1], c: 2 } })), '{\n  "a": {\n    "c": 2,\n    "d": [\n      3,\n      1\n    ]\n  },\n  "b": 1\n}\n');
    });
});

function normalize(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}
