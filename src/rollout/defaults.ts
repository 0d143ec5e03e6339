// The rollouts' defaults, stated once; the doc comments on the args repeat them for users.

/** BlueGreen keeps the inactive colour running (warm) unless asked to scale it to zero. */
export const defaultScaleDownInactive = false;
/** Rollouts wait for each colour to serve, as every Distribution does. */
export const defaultAwaitReady = true;
