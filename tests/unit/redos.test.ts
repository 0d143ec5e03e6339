// Issue 19: no regular expression in the components, the policy pack or the controller may take
// super-linear time, since they read user input (a pull request's preview is untrusted). recheck
// decides it by analysis, not by timing; each regex found in the sources is one test below.
import { strict as assert } from "assert";
import { check, Diagnostics, Parameters } from "recheck";
import { regexesIn, regexInventory, scannedFolders } from "./regexInventory";

// recheck's in-process Scala.js build: the same verdicts as its native binary, which exists only
// for some platforms, and no Java. The backend is chosen by this variable, read on each check.
process.env.RECHECK_BACKEND = "pure";

// No time limits: a verdict must not depend on how loaded the machine is (the analysis is
// bounded by step counts instead). Recall validation runs the real engine against a clock, so off.
const parameters: Parameters = {
    timeout: null,
    attackTimeout: null,
    incubationTimeout: null,
    seedingTimeout: null,
    recallTimeout: -1,
};

function explain(d: Diagnostics): string {
    switch (d.status) {
        case "safe":
            return `safe (${d.complexity.summary})`;
        case "vulnerable":
            return `${d.complexity.summary}, e.g. ${JSON.stringify(d.attack.pattern)}`;
        case "unknown":
            return `not decided: ${d.error.kind}${"message" in d.error ? ` ${d.error.message}` : ""}`;
    }
}

const inventory = regexInventory();

describe("regular expressions (recheck)", () => {
    it("scans every folder and finds regexes in each", () => {
        for (const folder of scannedFolders) {
            assert.ok(inventory.files.some((f) => f.startsWith(`${folder}/`)), `no .ts file under ${folder}/`);
            assert.ok(inventory.regexes.some((r) => r.at.startsWith(`${folder}/`)), `no regex found under ${folder}/`);
        }
        assert.ok(inventory.regexes.some((r) => r.at.startsWith("src/core/quantity.ts:")), "the quantity pattern was not found");
        assert.ok(!inventory.files.some((f) => f.startsWith("sdk/python/") || f.includes("/node_modules/")));
    });

    it("finds no pattern built at run time, which could not be checked", () => {
        assert.deepEqual(inventory.uncheckable, []);
    });

    describe("each is linear or better", () => {
        for (const regex of inventory.regexes) {
            it(`${regex.at} /${regex.source}/${regex.flags}`, async () => {
                const diagnostics = await check(regex.source, regex.flags, parameters);
                assert.equal(diagnostics.status, "safe", `${regex.at}: /${regex.source}/${regex.flags} is ${explain(diagnostics)}`);
            });
        }
    });

    describe("the check itself", () => {
        it("calls the quantity pattern of before issue 19 quadratic", async () => {
            const former = String.raw`^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$`;
            const diagnostics = await check(former, "", parameters);
            assert.equal(diagnostics.status, "vulnerable");
            assert.equal(diagnostics.status === "vulnerable" && diagnostics.complexity.type === "polynomial" && diagnostics.complexity.degree, 2);
        });

        it("calls a nested quantifier exponential", async () => {
            const diagnostics = await check("^(a+)+$", "", parameters);
            assert.equal(diagnostics.status === "vulnerable" && diagnostics.complexity.type, "exponential");
        });

        it("collects literals and RegExp calls with literals, and flags patterns it cannot read", () => {
            const source = [
                "const a = /^x+$/i;",
                "// /not a regex/ in a comment, nor in a string: '/y+/'",
                'const b = new RegExp("^b*$", "g");',
                "const c = RegExp(`^c$`);",
                "const d = new RegExp(a);",
                "const e = new RegExp(`^${name}$`);",
                'const f = new RegExp("x", flags);',
                'text.match("dot.star");',
                "text.search(pattern);",
                "text.match(a); text.replace(/z/g, ''); new RegExp(/w/);",
            ].join("\n");
            const found = regexesIn("src/example.ts", source);
            assert.deepEqual(found.regexes, [
                { at: "src/example.ts:1", source: "^x+$", flags: "i" },
                { at: "src/example.ts:3", source: "^b*$", flags: "g" },
                { at: "src/example.ts:4", source: "^c$", flags: "" },
                { at: "src/example.ts:10", source: "z", flags: "g" },
                { at: "src/example.ts:10", source: "w", flags: "" },
            ]);
            assert.deepEqual(
                found.uncheckable.map((u) => u.at),
                ["src/example.ts:5", "src/example.ts:6", "src/example.ts:7", "src/example.ts:8", "src/example.ts:9"],
            );
        });
    });
});
