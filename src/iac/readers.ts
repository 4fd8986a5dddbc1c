import type { IacReader } from './reader.ts';
import { terraformPlanReader } from './terraform.ts';

/** Every IaC format `aiposture iac` reads, tried in this order on each file's content. */
export const iacReaders: readonly IacReader[] = [terraformPlanReader];
