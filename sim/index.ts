/**
 * The traffic simulator: a microservice system (topology as data) whose simulated traffic
 * becomes OTLP spans and metrics in event time, with injectable faults and their ground
 * truth; emitters for Kafka, OTLP/HTTP, files and memory; and the root-cause case writer.
 */

export { type CasePlan, planCases, sloSignalFor } from './cases/case-plan.js';
export { type CaseSummary, type CaseWriterOptions, writeCases } from './cases/case-writer.js';
export { NodeSignals, SIGNALS, type Signal, type SignalRow } from './cases/node-signals.js';
export {
  type Emitter,
  type MetricsPayload,
  payloadJson,
  payloadMessage,
  type SimPayload,
  type TracesPayload,
} from './emitter.js';
export { FileEmitter, type FileEmitterOptions, type FileFormat } from './emitters/files.js';
export { KafkaEmitter, type KafkaEmitterOptions } from './emitters/kafka.js';
export { MemoryEmitter, NullEmitter } from './emitters/memory.js';
export { OtlpHttpEmitter, type OtlpHttpEmitterOptions } from './emitters/otlp-http.js';
export { SimErrorCode } from './errors.js';
export {
  type Fault,
  type FaultType,
  faultSpec,
  type GroundTruth,
  groundTruthOf,
  parseFault,
} from './faults.js';
export { DEFAULT_LOAD, diurnalRate, type LoadShape } from './load-shape.js';
export { type RunOptions, type RunSummary, runSimulation } from './run.js';
export { resolveSimulation, type SimStep, type SimulationOptions, simulate } from './simulator.js';
export { parseDuration, parseTime } from './time-spec.js';
export { TOPOLOGIES } from './topologies/index.js';
export { sockshop } from './topologies/sockshop.js';
export type { CallDef, NodeDef, NodeKind, OperationDef, Topology } from './topology.js';
