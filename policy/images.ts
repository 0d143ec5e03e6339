// Container images: pinned to a version or digest (advisory, as the design says of the guide's
// `:latest`), and, when configured, only from allowed registries.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { isUnknown, show, subjectOf, workloadOfArgs } from "./kube";

/** The parts of an image reference, as the container runtime reads it. */
export interface ImageReference {
    /** `docker.io` when none is written. */
    registry: string;
    /** `library/nginx` for Docker Hub's official images. */
    repository: string;
    tag?: string;
    digest?: string;
}

/** Splits an image reference (`[registry[:port]/]repository[:tag][@digest]`). */
export function parseImage(image: string): ImageReference {
    let rest = image.trim();
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const lastSlash = rest.lastIndexOf("/");
    const colon = rest.lastIndexOf(":");
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    let registry = "docker.io";
    const firstSlash = rest.indexOf("/");
    if (firstSlash >= 0) {
        const first = rest.slice(0, firstSlash);
        if (first.includes(".") || first.includes(":") || first === "localhost") {
            registry = first === "index.docker.io" ? "docker.io" : first;
            rest = rest.slice(firstSlash + 1);
        }
    }
    const repository = registry === "docker.io" && !rest.includes("/") ? `library/${rest}` : rest;
    return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Config of `allowed-image-registries`. */
export interface AllowedRegistriesConfig {
    /**
     * Registries (`ghcr.io`) or registry paths (`docker.io/llamastack`) images may come from.
     * Empty or unset: every registry is allowed.
     */
    allowedRegistries?: string[];
}

/** Whether an image comes from one of the allowed registries or registry paths. */
export function fromAllowedRegistry(image: ImageReference, allowed: string[]): boolean {
    const full = `${image.registry}/${image.repository}`;
    return allowed.some((entry) => {
        // A loop rather than `/\/+$/`, which rescans a run of slashes from each of its characters.
        const trimmed = entry.trim();
        let end = trimmed.length;
        while (end > 0 && trimmed[end - 1] === "/") {
            end--;
        }
        let prefix = trimmed.slice(0, end);
        if (prefix === "index.docker.io" || prefix.startsWith("index.docker.io/")) {
            prefix = prefix.replace(/^index\.docker\.io/, "docker.io");
        }
        return prefix !== "" && (full === prefix || full.startsWith(`${prefix}/`));
    });
}

export const imageTagPinned: ResourceValidationPolicy = {
    name: "image-tag-pinned",
    description:
        "Container images name a version tag or a digest, not `latest` or no tag: a moving tag makes rollouts unreproducible and lets replicas run different builds.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined || isUnknown(workload.containers)) {
            return;
        }
        for (const container of workload.containers) {
            if (typeof container.image !== "string" || container.image.trim() === "") {
                continue;
            }
            const image = parseImage(container.image);
            if (image.digest !== undefined) {
                continue;
            }
            const problem =
                image.tag === undefined
                    ? "has no tag, so it means `latest`"
                    : image.tag === "latest"
                      ? 'uses the tag "latest"'
                      : undefined;
            if (problem !== undefined) {
                reportViolation(
                    `${subjectOf(workload, container)}: ${container.field}.image ${show(container.image)} ${problem}, which moves: ` +
                        `rollouts are not reproducible and replicas may run different builds. ` +
                        `Pin a version tag (e.g. ${image.registry === "docker.io" ? image.repository.replace(/^library\//, "") : `${image.registry}/${image.repository}`}:0.2.0) or a digest (@sha256:…).`,
                );
            }
        }
    },
};

export const allowedImageRegistries: ResourceValidationPolicy = {
    name: "allowed-image-registries",
    description: "Container images come from the registries listed in the allowedRegistries config (no restriction when it is empty).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: 'Registries ("ghcr.io") or registry paths ("docker.io/llamastack") images may come from.',
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const allowed = args.getConfig<AllowedRegistriesConfig>().allowedRegistries ?? [];
        if (!Array.isArray(allowed) || allowed.length === 0) {
            return;
        }
        const workload = workloadOfArgs(args);
        if (workload === undefined || isUnknown(workload.containers)) {
            return;
        }
        for (const container of workload.containers) {
            if (typeof container.image !== "string" || container.image.trim() === "") {
                continue;
            }
            const image = parseImage(container.image);
            if (!fromAllowedRegistry(image, allowed)) {
                reportViolation(
                    `${subjectOf(workload, container)}: ${container.field}.image ${show(container.image)} comes from ` +
                        `${image.registry}/${image.repository}, which is not under an allowed registry (${allowed.join(", ")}). ` +
                        `Use an image from an allowed registry, or add its registry to allowedRegistries.`,
                );
            }
        }
    },
};
