import { z } from 'zod';
import { ProviderSchema, ScopeRefSchema } from './common.ts';
import { AwsResourceSchema } from './aws.ts';
import { AzureResourceSchema } from './azure.ts';
import { GcpResourceSchema } from './gcp.ts';
import { MetricSeriesSchema } from './metrics.ts';

import { resourceBase } from './common.ts';

/** The built-in providers' resources, validated field by field. */
const BuiltInResourceSchema = z.union([AwsResourceSchema, AzureResourceSchema, GcpResourceSchema, MetricSeriesSchema]);
export type Resource = z.infer<typeof BuiltInResourceSchema>;
const builtInTypes: ReadonlySet<string> = new Set([
  ...[AwsResourceSchema, AzureResourceSchema, GcpResourceSchema].flatMap((schema) => schema.options.map((option) => option.shape.type.value as string)),
  MetricSeriesSchema.shape.type.value,
]);

/**
 * A resource of a provider this model does not describe (a provider module added to the
 * registry): the common fields are checked, the rest is the provider's own business.
 */
const OtherProviderResourceSchema = z
  .looseObject({ ...resourceBase, type: z.string().min(1) })
  .refine((resource) => !builtInTypes.has(resource.type), 'a built-in resource type that does not match its schema');

export const ResourceSchema = z.union([BuiltInResourceSchema, OtherProviderResourceSchema]);
export type ResourceType = Resource['type'];
export type ResourceOfType<T extends ResourceType> = Extract<Resource, { type: T }>;

export const ListingStatusSchema = z.enum(['ok', 'denied', 'unsupported', 'error']);
export type ListingStatus = z.infer<typeof ListingStatusSchema>;

/**
 * The outcome of reading one kind of resource in one scope and region. Rules consult it
 * to tell "there are none" (ok) from "we could not see" (denied/error).
 */
export const ListingSchema = z.object({
  provider: ProviderSchema,
  scope: ScopeRefSchema,
  region: z.string().nullable(),
  resourceType: z.string(),
  collector: z.string(),
  status: ListingStatusSchema,
  message: z.string().optional(),
});
export type Listing = z.infer<typeof ListingSchema>;

/** A region (or other location) that was part of the scan of a scope. */
export const ScannedRegionSchema = z.object({
  provider: ProviderSchema,
  scope: ScopeRefSchema,
  region: z.string(),
  /** false when the provider does not offer the service there. */
  supported: z.boolean(),
});
export type ScannedRegion = z.infer<typeof ScannedRegionSchema>;

export const InventorySchema = z.object({
  providers: z.array(ProviderSchema),
  scopes: z.array(ScopeRefSchema),
  regions: z.array(ScannedRegionSchema),
  resources: z.array(ResourceSchema),
  listings: z.array(ListingSchema),
});
/** Typed over the built-in resources; another provider's resources pass through as they are. */
export type Inventory = Omit<z.infer<typeof InventorySchema>, 'resources'> & { resources: Resource[] };

/** Validates an inventory at a boundary (collector output, IaC readout, test input). */
export function parseInventory(value: unknown): Inventory {
  return InventorySchema.parse(value) as Inventory;
}

export function emptyInventory(): Inventory {
  return { providers: [], scopes: [], regions: [], resources: [], listings: [] };
}
