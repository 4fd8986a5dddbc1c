import { z } from 'zod';
import { ProviderSchema, ScopeRefSchema } from './common.ts';
import { AwsResourceSchema } from './aws.ts';
import { AzureResourceSchema } from './azure.ts';
import { GcpResourceSchema } from './gcp.ts';

export const ResourceSchema = z.union([AwsResourceSchema, AzureResourceSchema, GcpResourceSchema]);
export type Resource = z.infer<typeof ResourceSchema>;
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
export type Inventory = z.infer<typeof InventorySchema>;

export function emptyInventory(): Inventory {
  return { providers: [], scopes: [], regions: [], resources: [], listings: [] };
}
