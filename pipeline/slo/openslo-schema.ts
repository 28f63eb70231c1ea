import { z } from 'zod';
import {
  attributesSchema,
  fractionSchema,
  listLabelsSchema,
  metricNameSchema,
  nameSchema,
  operationsSchema,
  percentSchema,
} from './schema-parts.js';

/**
 * zod schemas for the parts of OpenSLO v1 that faultline reads. Strict on those fields;
 * `metadata.annotations` and `metricSource.spec` of other source types are not checked here.
 */

export const OPENSLO_API_VERSION = 'openslo/v1';

/** OpenSLO kinds faultline accepts in its files without using them. */
export const IGNORED_KINDS = [
  'Service',
  'DataSource',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
];

export const metadataSchema = z.strictObject({
  name: nameSchema,
  displayName: z.string().optional(),
  labels: listLabelsSchema.default({}),
  annotations: z.record(z.string(), z.unknown()).default({}),
});

const metricSourceSchema = z.strictObject({
  metricSourceRef: z.string().optional(),
  type: z.string().optional(),
  spec: z.record(z.string(), z.unknown()).default({}),
});

const sourcedSchema = z.strictObject({ metricSource: metricSourceSchema });

export const sliSpecSchema = z.strictObject({
  description: z.string().optional(),
  thresholdMetric: sourcedSchema.optional(),
  ratioMetric: z
    .strictObject({
      counter: z.boolean().optional(),
      good: sourcedSchema.optional(),
      bad: sourcedSchema.optional(),
      total: sourcedSchema.optional(),
      rawType: z.enum(['success', 'failure']).optional(),
      raw: sourcedSchema.optional(),
    })
    .optional(),
});

export type SliSpec = z.output<typeof sliSpecSchema>;
export type MetricSource = z.output<typeof metricSourceSchema>;

/** `metricSource.spec` when `type: faultline`: an OTLP metric, or spans of the service. */
export const faultlineSourceSchema = z.strictObject({
  metric: metricNameSchema.optional(),
  attributes: attributesSchema.optional(),
  spans: z
    .strictObject({
      operations: operationsSchema.default([]),
      attributes: attributesSchema.default({}),
    })
    .optional(),
});

export const sliDocumentSchema = z.strictObject({
  apiVersion: z.literal(OPENSLO_API_VERSION),
  kind: z.literal('SLI'),
  metadata: metadataSchema,
  spec: sliSpecSchema,
});

const objectiveSchema = z.strictObject({
  displayName: z.string().optional(),
  op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
  value: z.number().optional(),
  target: fractionSchema.optional(),
  targetPercent: percentSchema.optional(),
  // Time-slice settings are part of v1 but only matter to budgeting methods faultline rejects.
  timeSliceTarget: z.number().optional(),
  timeSliceWindow: z.union([z.number(), z.string()], { error: 'expected a number or a duration' }).optional(),
});

export type Objective = z.output<typeof objectiveSchema>;

const timeWindowSchema = z.strictObject({
  duration: z.string(),
  isRolling: z.boolean().optional(),
  calendar: z.record(z.string(), z.unknown()).optional(),
});

export const sloDocumentSchema = z.strictObject({
  apiVersion: z.literal(OPENSLO_API_VERSION),
  kind: z.literal('SLO'),
  metadata: metadataSchema,
  spec: z.strictObject({
    description: z.string().optional(),
    service: nameSchema,
    indicator: z.strictObject({ metadata: metadataSchema, spec: sliSpecSchema }).optional(),
    indicatorRef: z.string().min(1, { error: 'expected the name of an SLI' }).optional(),
    timeWindow: z.array(timeWindowSchema),
    budgetingMethod: z.string(),
    objectives: z.array(objectiveSchema).min(1, { error: 'expected one objective' }),
    // faultline alerts with its own burn-rate rules; alert policies are accepted and ignored.
    alertPolicies: z.array(z.unknown()).optional(),
  }),
});

export type SloDocument = z.output<typeof sloDocumentSchema>;
