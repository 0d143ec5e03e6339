// Which image a distribution runs: its own `spec.image`, or the image of its named distribution
// (`spec.distribution`) from the package's map, which the operator may override.
import { distributionNames, imageOfDistribution, releaseOfDistribution } from "../src/distribution/distributionImages";
import { unknownDistributionMessage, unknownDistributionReason } from "./events";
import { ReconcileProblem } from "./status";
import { Distribution } from "./types";

/** The image to run and, when known exactly, the LlamaStack release it holds. */
export interface ResolvedImage {
    image: string;
    serverVersion?: string;
}

/**
 * True for objects of our schema. The upstream operator's CRD (≤ v0.9) has the same name and keeps
 * everything under `spec.server`; its objects reach this controller when that CRD is installed, and
 * must be left alone: no Deployment, no status, no event.
 */
export function isOurs(distribution: Distribution): boolean {
    const spec = distribution.spec as unknown;
    if (spec === null || typeof spec !== "object") {
        return false;
    }
    const { image, distribution: named } = spec as { image?: unknown; distribution?: unknown };
    return (typeof image === "string" && image !== "") || (typeof named === "string" && named !== "");
}

/** Resolves the image, or says why it cannot (a problem to report, not to retry). */
export function resolveImage(distribution: Distribution, overrides: Readonly<Record<string, string>>): ResolvedImage | ReconcileProblem {
    const spec = distribution.spec;
    if (spec.image) {
        return { image: spec.image };
    }
    const name = spec.distribution ?? "";
    const image = imageOfDistribution(name, overrides);
    if (image === undefined) {
        const known = [...new Set([...distributionNames, ...Object.keys(overrides)])].sort();
        return { reason: unknownDistributionReason, message: unknownDistributionMessage(name, known) };
    }
    const serverVersion = releaseOfDistribution(name, overrides);
    return serverVersion === undefined ? { image } : { image, serverVersion };
}

/**
 * The operator's overrides of the map (`DISTRIBUTION_IMAGES`, a JSON object of name → image).
 * Throws with a readable message on anything else, so that a bad override stops the controller
 * at start instead of every distribution later.
 */
export function parseImageOverrides(text: string | undefined): Record<string, string> {
    if (text === undefined || text.trim() === "") {
        return {};
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new Error(`DISTRIBUTION_IMAGES is not JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new Error("DISTRIBUTION_IMAGES must be a JSON object of distribution name to image");
    }
    const overrides: Record<string, string> = {};
    for (const [name, image] of Object.entries(parsed as Record<string, unknown>)) {
        if (typeof image !== "string" || image.trim() === "") {
            throw new Error(`DISTRIBUTION_IMAGES["${name}"] must be a non-empty image reference`);
        }
        overrides[name] = image;
    }
    return overrides;
}
