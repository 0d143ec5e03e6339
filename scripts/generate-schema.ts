// Infers the package schema from the TypeScript source with the same code the Pulumi Node.js
// language host runs when another language asks this plugin for its schema
// (`@pulumi/pulumi/provider/experimental`), and writes it to sdk/schema.json.
//
//   npm run generate:schema            write sdk/schema.json
//   npm run generate:schema -- --check exit 1 and list the differences if it is out of date
//
// The committed file is the schema with its object keys sorted, so that it only changes when
// the API does. Rules for args shapes that infer well: docs/multi-language.md.
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";

export const repoRoot = path.resolve(__dirname, "..");
export const schemaPath = path.join(repoRoot, "sdk", "schema.json");

/** What `pulumi-language-nodejs` derives from package.json `name` (run-plugin): `llamastack`. */
export const packageName = "llamastack";

/**
 * The component classes the plugin serves: those exported by the package's entry point, found the
 * way the language host finds them (every exported class that extends ComponentResource).
 */
export function componentClasses(): Function[] {
    // The source, not bin/: the schema must follow the code without a build.
    const api = require(path.join(repoRoot, "src"));
    return getPulumiComponents(api);
}

/** The inferred schema, exactly as the plugin serves it, with its object keys sorted. */
export async function inferSchema(): Promise<unknown> {
    const provider = new ComponentProvider({
        name: packageName,
        dirname: repoRoot,
        components: componentClasses() as any,
    });
    return sortKeys(JSON.parse(await provider.getSchema()));
}

/** The JSON text of sdk/schema.json for a schema: two-space indent, newline at the end. */
export function formatSchema(schema: unknown): string {
    return JSON.stringify(schema, null, 2) + "\n";
}

/** Object keys in code-point order at every depth; arrays keep their order (it is meaningful). */
export function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        const sorted: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort()) {
            sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
        }
        return sorted;
    }
    return value;
}

/** One difference between two JSON values: where, and the value on each side (undefined: absent). */
export interface JsonDifference {
    path: string;
    expected: unknown;
    actual: unknown;
}

/**
 * Every path at which `actual` differs from `expected`: differing leaves, and whole values that
 * exist on one side only.
 */
export function diffJson(expected: unknown, actual: unknown, at = "$"): JsonDifference[] {
    if (Object.is(expected, actual)) {
        return [];
    }
    if (Array.isArray(expected) && Array.isArray(actual)) {
        const a = expected as unknown[];
        const b = actual as unknown[];
        const out: JsonDifference[] = [];
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
            out.push(...diffJson(a[i], b[i], `${at}[${i}]`));
        }
        return out;
    }
    if (isObject(expected) && isObject(actual)) {
        const a = expected as Record<string, unknown>;
        const b = actual as Record<string, unknown>;
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        return keys.flatMap((key) => diffJson(a[key], b[key], `${at}${pathSegment(key)}`));
    }
    return [{ path: at, expected, actual }];
}

/** A readable report of differences, one per line, at most `limit` of them. */
export function describeDifferences(differences: JsonDifference[], limit = 40): string {
    const show = (v: unknown) => (v === undefined ? "(absent)" : truncate(JSON.stringify(v), 120));
    const lines = differences
        .slice(0, limit)
        .map((d) => `  ${d.path}\n      committed: ${show(d.expected)}\n      inferred:  ${show(d.actual)}`);
    if (differences.length > limit) {
        lines.push(`  … and ${differences.length - limit} more`);
    }
    return lines.join("\n");
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function pathSegment(key: string): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function truncate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

async function main(): Promise<void> {
    const check = process.argv.includes("--check");
    const schema = await inferSchema();
    const text = formatSchema(schema);
    const relative = path.relative(process.cwd(), schemaPath);
    if (check) {
        const committed = fs.existsSync(schemaPath) ? JSON.parse(fs.readFileSync(schemaPath, "utf8")) : undefined;
        const differences = diffJson(committed, schema);
        if (differences.length > 0) {
            console.error(`${relative} is out of date; run \`npm run generate:schema\`:\n${describeDifferences(differences)}`);
            process.exit(1);
        }
        console.log(`${relative} is up to date`);
        return;
    }
    fs.writeFileSync(schemaPath, text);
    console.log(`wrote ${relative}`);
}

if (require.main === module) {
    main().catch((err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    });
}
