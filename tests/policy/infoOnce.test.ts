// The pack describes itself once (policy/infoOnce.ts): the engine asks before every resource, and
// the answer must be the one @pulumi/policy would have built, byte for byte.
import { strict as assert } from "assert";
import * as path from "path";
import { buildingOnce, install } from "../../policy/infoOnce";
import { policies } from "../../policy/policies";

type Build = (...args: unknown[]) => { serializeBinary(): Uint8Array };

// The @pulumi/policy of the pack (policy/node_modules), whose server Pulumi starts.
const protoutil = require(require.resolve("@pulumi/policy/protoutil", { paths: [path.join(__dirname, "../../policy")] })) as {
    makeAnalyzerInfo: Build & { replacesExport?: boolean; original?: Build };
};

describe("policy pack: its description built once", () => {
    it("returns the first message for the same arguments, and builds again for others", () => {
        let builds = 0;
        const build = buildingOnce((...args: unknown[]) => {
            builds++;
            const encoded = Uint8Array.from([builds, args.length]);
            return { serializeBinary: () => encoded };
        });
        const pack = { policies: [] };
        const first = build("llamastack", "0.1.0", "advisory", pack, undefined);
        assert.equal(build("llamastack", "0.1.0", "advisory", pack, undefined), first);
        assert.equal(builds, 1);
        assert.notEqual(build("llamastack", "0.1.0", "mandatory", pack, undefined), first, "another level: another description");
        assert.notEqual(build("llamastack", "0.1.0", "advisory", { policies: [] }, undefined), first, "other policies (by identity): another description");
        assert.equal(builds, 3);
    });

    it("encodes exactly what @pulumi/policy builds for the pack's policies, call after call", () => {
        install();
        assert.equal(protoutil.makeAnalyzerInfo.replacesExport, true, "installed where the server reads it");
        assert.equal(install(), false, "once");
        const original = protoutil.makeAnalyzerInfo.original!;
        const args = ["llamastack", "0.1.0", "advisory", { description: "d", policies }, { "image-tag-pinned": { enforcementLevel: "disabled" } }];
        const expected = Buffer.from(original(...args).serializeBinary());
        assert.ok(expected.length > 1000, "the description of every policy and its schema");
        const build = buildingOnce(original);
        for (let i = 0; i < 3; i++) {
            assert.deepEqual(Buffer.from(build(...args).serializeBinary()), expected);
        }
    });
});
