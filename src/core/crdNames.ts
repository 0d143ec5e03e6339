// The custom resource's API group, version, kind and plural: defined once, for the package and
// for the controller program (which esbuild bundles; so this file imports nothing).

/** API group of the custom resource. */
export const group = "llamastack.io";
/** API version within the group. */
export const version = "v1alpha1";
/** `apiVersion` of the custom resource: group/version. */
export const apiVersion = `${group}/${version}`;
/** Kind of the custom resource. */
export const kind = "LlamaStackDistribution";
/** Plural of the kind: the resource's path segment in the API. */
export const plural = "llamastackdistributions";
