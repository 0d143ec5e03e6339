// The operator alone (CRD, its guard, the controller), for tests/e2e/crdSafety.e2e.ts.
import * as llamastack from "llamastack";

const operator = new llamastack.LlamaStackOperator("llamastack");
export const crdName = operator.crdName;
