// The named LlamaStack distributions (`Distribution.distribution`, the CRD's `spec.distribution`)
// and the images they run. The controller resolves a name to an image; the operator may override
// the map (a mirror registry, a digest), so one definition serves the package and the controller.

/** The LlamaStack release the named distributions run, and the one the end-to-end tier starts. */
export const llamaStackRelease = "0.2.0";

/**
 * Distribution names and their images, each pinned to the release above. The tag is the pin that
 * can be written without the registry at hand; `controller.distributionImages` on the operator
 * replaces any entry, e.g. with `image@sha256:…` from a mirror.
 */
export const distributionImages: Readonly<Record<string, string>> = Object.freeze(
    Object.fromEntries(
        // The templates of llama-stack 0.2.0 that are published as images (`starter` came later:
        // add it, or any other, with `controller.distributionImages`).
        ["ollama", "remote-vllm", "vllm-gpu", "meta-reference-gpu", "tgi", "together", "fireworks", "bedrock", "nvidia"].map((name) => [
            name,
            `docker.io/llamastack/distribution-${name}:${llamaStackRelease}`,
        ]),
    ),
);

/** The names, sorted, for error messages and docs. */
export const distributionNames: readonly string[] = Object.keys(distributionImages).sort();

/** The image of a named distribution: the override when given, the package's pin otherwise. */
export function imageOfDistribution(name: string, overrides: Readonly<Record<string, string>> = {}): string | undefined {
    if (Object.prototype.hasOwnProperty.call(overrides, name)) {
        return overrides[name];
    }
    return Object.prototype.hasOwnProperty.call(distributionImages, name) ? distributionImages[name] : undefined;
}

/** The LlamaStack version a named distribution runs, when the package's own pin is used. */
export function releaseOfDistribution(name: string, overrides: Readonly<Record<string, string>> = {}): string | undefined {
    return Object.prototype.hasOwnProperty.call(distributionImages, name) && !Object.prototype.hasOwnProperty.call(overrides, name)
        ? llamaStackRelease
        : undefined;
}
