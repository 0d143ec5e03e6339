// Finds every regular expression in the hand-written sources with the TypeScript parser, so the
// ReDoS test covers a pattern the day it is added, without anyone listing it by hand.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** A pattern found in the sources, with where it is. */
export interface FoundRegex {
    /** `folder/file.ts:line`, relative to the repository. */
    readonly at: string;
    readonly source: string;
    readonly flags: string;
}

/** A construct whose pattern cannot be read from the source, so cannot be checked. */
export interface UncheckableRegex {
    readonly at: string;
    readonly why: string;
}

export interface RegexInventory {
    readonly files: string[];
    readonly regexes: FoundRegex[];
    readonly uncheckable: UncheckableRegex[];
}

export const repositoryRoot = path.resolve(__dirname, "..", "..");

/** The folders whose code runs on user input: the components, the policy pack, the controller. */
export const scannedFolders = ["src", "policy", "controller"];

// Build output and installed packages; the generated SDKs (sdk/) are not scanned and hold no TypeScript.
const skippedFolders = new Set(["node_modules", "bin", "dist", "python", "go", "dotnet"]);

/** Every `.ts` file under the scanned folders, relative to the repository, sorted. */
export function sourceFiles(root: string = repositoryRoot): string[] {
    const found: string[] = [];
    const walk = (relative: string): void => {
        for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
            const child = path.posix.join(relative, entry.name);
            if (entry.isDirectory()) {
                if (!skippedFolders.has(entry.name)) {
                    walk(child);
                }
            } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
                found.push(child);
            }
        }
    };
    for (const folder of scannedFolders) {
        walk(folder);
    }
    return found.sort();
}

/** A regex literal's text split into pattern and flags. */
function splitLiteral(text: string): { source: string; flags: string } {
    const end = text.lastIndexOf("/");
    return { source: text.slice(1, end), flags: text.slice(end + 1) };
}

function literalText(node: ts.Expression | undefined): string | undefined {
    return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

// String methods that compile a non-RegExp argument into a RegExp (`"a+".match(s)` runs `new RegExp(s)`).
const compilingMethods = new Set(["match", "matchAll", "search"]);

/** Names bound to a regex literal in this file (`const p = /…/`), which may be passed by name. */
function regexConstants(file: ts.SourceFile): Set<string> {
    const names = new Set<string>();
    const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined && ts.isRegularExpressionLiteral(node.initializer)) {
            names.add(node.name.text);
        }
        ts.forEachChild(node, visit);
    };
    visit(file);
    return names;
}

/** The regexes in one source text; `name` is how findings refer to the file. */
export function regexesIn(name: string, text: string): { regexes: FoundRegex[]; uncheckable: UncheckableRegex[] } {
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const constants = regexConstants(file);
    const regexes: FoundRegex[] = [];
    const uncheckable: UncheckableRegex[] = [];
    const at = (node: ts.Node): string => `${name}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
    const visit = (node: ts.Node): void => {
        if (ts.isRegularExpressionLiteral(node)) {
            regexes.push({ at: at(node), ...splitLiteral(node.text) });
        } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") {
            const [patternArg, flagsArg] = node.arguments ?? [];
            const source = literalText(patternArg);
            const flags = flagsArg === undefined ? "" : literalText(flagsArg);
            if (patternArg !== undefined && ts.isRegularExpressionLiteral(patternArg) && flagsArg === undefined) {
                // `new RegExp(/…/)`: the literal itself is collected when the walk reaches it.
            } else if (source === undefined || flags === undefined) {
                uncheckable.push({ at: at(node), why: "RegExp built from a value that is not a literal" });
            } else {
                regexes.push({ at: at(node), source, flags });
            }
        } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && compilingMethods.has(node.expression.name.text)) {
            const arg = node.arguments[0];
            const isRegex = arg !== undefined && (ts.isRegularExpressionLiteral(arg) || (ts.isIdentifier(arg) && constants.has(arg.text)));
            if (!isRegex) {
                uncheckable.push({ at: at(node), why: `.${node.expression.name.text}() with an argument that is not a regex literal compiles it into a RegExp` });
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(file);
    return { regexes, uncheckable };
}

/** Every regex in src/, policy/ and controller/. */
export function regexInventory(root: string = repositoryRoot): RegexInventory {
    const files = sourceFiles(root);
    const regexes: FoundRegex[] = [];
    const uncheckable: UncheckableRegex[] = [];
    for (const file of files) {
        const found = regexesIn(file, fs.readFileSync(path.join(root, file), "utf8"));
        regexes.push(...found.regexes);
        uncheckable.push(...found.uncheckable);
    }
    return { files, regexes, uncheckable };
}
