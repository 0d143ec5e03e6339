// How messages quote what the user wrote; pure, so the policy pack shares it with the components.

/** Quotes a value for a message the way the user wrote it. */
export function show(value: unknown): string {
    return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/** `.cpu` for plain names, `["nvidia.com/gpu"]` for names that need quoting. */
export function resourceKey(name: string): string {
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `.${name}` : `["${name}"]`;
}
