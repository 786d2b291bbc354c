/**
 * The operations module's public face (R17–R19): counter-terrorist operations declared by an
 * operational HQ, commanded by one HQ at a time, with forces, a log, an end and a referral.
 */
export { DEMO_CLOSED_OPERATION_TITLE, seedDemoClosedOperation } from "./demo-closed-operation.seed";
export { seedDemoOperation } from "./demo-operation.seed";
export { operationMapRoutes } from "./map";
export { commitmentOf } from "./operations.command";
export { operationRoutes } from "./operations.routes";
export { OPERATION_CHANNEL } from "./operations.service";
export { type OperationOverview, type OperationRef, operationsWithin, readableOperation } from "./summary";
