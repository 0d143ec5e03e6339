// Pulumi's schema inference keeps only the prose of a doc comment and drops its JSDoc tags, so a
// default written only as `@default X` never reaches the Python, Go and .NET docs. This adds
// "Defaults to X." to the prose of every property in src/ (and its subfolders) whose `@default X` it does not restate
// (tests/unit/schema.test.ts checks the same rule).
//
//   npm run fix:defaults            edit src/**/*.ts in place, then: npm run generate:schema
//   npm run fix:defaults -- --check list what would change; exit 1 if anything would
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The package's hand-written TypeScript. */
export const sourceDir = path.resolve(__dirname, "..", "src");
const maxLineLength = 110;

/** A property whose doc comment has `@default` but does not restate it. */
export interface UnstatedDefault {
    file: string;
    member: string;
    value: string;
    /** Where in the file the sentence goes, and the text to insert there. */
    offset: number;
    insert: string;
}

function normalize(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

/** The sentence that restates a default, as the schema test expects it. */
export function restatement(value: string): string {
    return `Defaults to ${normalize(value)}.`;
}

/** Properties in `source` whose `@default` is not restated in the prose, with the fix. */
export function findUnstatedDefaults(source: ts.SourceFile): UnstatedDefault[] {
    const text = source.getFullText();
    const out: UnstatedDefault[] = [];
    const visit = (node: ts.Node) => {
        if (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) {
            const docs = ((node as any).jsDoc ?? []) as ts.JSDoc[];
            const doc = docs[docs.length - 1];
            const tag = doc?.tags?.find((t) => t.tagName.text === "default");
            if (doc && tag) {
                const value = normalize(ts.getTextOfJSDocComment(tag.comment) ?? "");
                const prose = normalize(docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join(" "));
                if (value && !prose.includes(`Defaults to ${value}`)) {
                    const owner = (node.parent as any)?.name?.getText?.() ?? "?";
                    out.push({
                        file: source.fileName,
                        member: `${owner}.${node.name.getText()}`,
                        value,
                        ...placement(text, doc, tag, prose, restatement(value)),
                    });
                }
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
}

/** After the last word of the prose: on its line if it fits, else on a new comment line. */
function placement(text: string, doc: ts.JSDoc, tag: ts.JSDocTag, prose: string, sentence: string) {
    const start = doc.getStart();
    let end = tag.getStart();
    while (end > start + 3 && /[\s*]/.test(text[end - 1])) end--;
    if (!prose) {
        // Only tags: the sentence becomes the prose, right after `/**`.
        return { offset: start + 3, insert: ` ${sentence}` };
    }
    const punctuated = /[.!?:;]$/.test(prose) ? "" : ".";
    const lineStart = text.lastIndexOf("\n", end - 1) + 1;
    const lineEnd = text.indexOf("\n", end) === -1 ? text.length : text.indexOf("\n", end);
    const line = text.slice(lineStart, lineEnd);
    const multiLine = text.slice(start, doc.getEnd()).includes("\n");
    if (multiLine && line.length + punctuated.length + sentence.length + 1 > maxLineLength) {
        const prefix = line.match(/^\s*\*?\s?/)?.[0] ?? " * ";
        return { offset: end, insert: `${punctuated}\n${prefix}${sentence}` };
    }
    return { offset: end, insert: `${punctuated} ${sentence}` };
}

/**
 * Every hand-written .ts file under `dir`, at any depth, sorted by path: a file moved into a
 * subfolder must not escape the check. The generated SDKs hold no .ts files.
 */
export function sourceFiles(dir: string = sourceDir): string[] {
    return fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(path.sep).includes("node_modules"))
        .map((f) => path.join(dir, f))
        .sort();
}

function main(): void {
    const check = process.argv.includes("--check");
    let count = 0;
    for (const file of sourceFiles()) {
        const text = fs.readFileSync(file, "utf8");
        const found = findUnstatedDefaults(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
        if (found.length === 0) continue;
        count += found.length;
        for (const f of found) console.log(`${path.relative(sourceDir, file)}: ${f.member}: ${restatement(f.value)}`);
        if (!check) {
            // Last first, so earlier offsets stay valid.
            let edited = text;
            for (const f of [...found].sort((a, b) => b.offset - a.offset)) {
                edited = edited.slice(0, f.offset) + f.insert + edited.slice(f.offset);
            }
            fs.writeFileSync(file, edited);
        }
    }
    if (check && count > 0) {
        console.error(`${count} default(s) not restated; run \`npm run fix:defaults\``);
        process.exit(1);
    }
    console.log(check ? "every @default is restated" : `restated ${count} default(s); now run \`npm run generate:schema\``);
}

if (require.main === module) {
    main();
}
