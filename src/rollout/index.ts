// Rollouts: BlueGreen and Canary, two tracks of Distributions behind one Service or route. Builds on
// core/, autoscaling/ and distribution/.
export { Color } from "./args";
export { BlueGreenArgs } from "./args";
export { BlueGreen } from "./blueGreen";
export { CanaryArgs, GatewayRoute } from "./args";
export { Canary } from "./canary";
export { RolloutTrack } from "./args";
