// Every rule of the pack, in the order the docs list them (docs/policy.md).

import { Policies } from "@pulumi/policy";
import { autoscalerTargetInStack, hpaOwnsReplicas, hpaVpaConflict, oneAutoscalerPerTarget } from "./autoscalers";
import { disruptionBudgetRequired, spotMinReplicas } from "./availability";
import { disruptionBudgetAllowsEviction, disruptionBudgetSelectsPods } from "./disruptionBudgets";
import { hpaCanScale, hpaMinReplicas, hpaReplicaBounds, hpaScaleDownStabilization, hpaUtilizationTargets } from "./hpa";
import { allowedImageRegistries, imageTagPinned } from "./images";
import { loadBalancerSingleReplica } from "./loadBalancerReplicas";
import { gpuToleratesNodePoolTaint } from "./nodepools";
import { gpuPriorityClass } from "./priority";
import { podSecurityRestricted } from "./podSecurity";
import { containerProbes, livenessDiffersFromReadiness, startupProbeForSlowStart } from "./probes";
import { podSecurityBaseline } from "./podSecurityBaseline";
import { gpuRequestsEqualLimits, limitsToRequestsRatio, requestsAndLimits } from "./resources";
import { loadBalancerSourceRanges, loadBalancerTls } from "./services";
import { replicasSpread, topologySpreadSelectsPods, topologySpreadValid } from "./spread";

export const policies: Policies = [
    limitsToRequestsRatio,
    requestsAndLimits,
    gpuRequestsEqualLimits,
    imageTagPinned,
    allowedImageRegistries,
    hpaReplicaBounds,
    hpaMinReplicas,
    hpaUtilizationTargets,
    hpaScaleDownStabilization,
    hpaCanScale,
    podSecurityBaseline,
    podSecurityRestricted,
    containerProbes,
    livenessDiffersFromReadiness,
    startupProbeForSlowStart,
    topologySpreadValid,
    topologySpreadSelectsPods,
    hpaVpaConflict,
    hpaOwnsReplicas,
    oneAutoscalerPerTarget,
    autoscalerTargetInStack,
    disruptionBudgetRequired,
    disruptionBudgetAllowsEviction,
    disruptionBudgetSelectsPods,
    spotMinReplicas,
    replicasSpread,
    gpuToleratesNodePoolTaint,
    gpuPriorityClass,
    loadBalancerSingleReplica,
    loadBalancerSourceRanges,
    loadBalancerTls,
];
