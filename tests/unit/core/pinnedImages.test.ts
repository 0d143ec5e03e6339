// Every image the package itself deploys is pinned by digest (docs/images.md): a tag for the reader,
// the index digest for the runtime. A default edited to a bare tag fails here.
import { strict as assert } from "assert";
import { defaultKubectlImage } from "../../../src/autoscaling/defaults";
import { distributionImages } from "../../../src/distribution/distributionImages";
import { defaultDevicePluginImage } from "../../../src/nodePool/defaults";
import { defaultControllerImage } from "../../../src/operator/defaults";

// name[:port]/path:tag@sha256:<64 lowercase hex>; linear (no nested quantifiers over one class).
const tagAndDigest = /^[a-z0-9][a-z0-9._/:-]*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}@sha256:[0-9a-f]{64}$/;

describe("images the package deploys", () => {
    const defaults: Record<string, string> = {
        "LlamaStackOperator controller.image": defaultControllerImage,
        "ScheduledScaler image (kubectl)": defaultKubectlImage,
        "NodePool gpu.devicePlugin.image": defaultDevicePluginImage,
    };

    for (const [where, image] of Object.entries(defaults)) {
        it(`${where} names a tag and pins its digest`, () => {
            assert.match(image, tagAndDigest);
        });
    }

    it("the three are distinct references, each with its own digest", () => {
        const digests = Object.values(defaults).map((image) => image.split("@")[1]);
        assert.equal(new Set(digests).size, digests.length);
    });

    it("the named distributions are tags, as docs/images.md says (no digest on record; controller.distributionImages pins them)", () => {
        for (const image of Object.values(distributionImages)) {
            assert.doesNotMatch(image, /@sha256:/);
            assert.match(image, /:0\.2\.0$/);
        }
    });
});
