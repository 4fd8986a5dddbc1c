import type { IacReader } from './reader.ts';
import { terraformPlanReader } from './terraform.ts';
import { armReader } from './arm.ts';
import { cloudFormationReader } from './cloudformation.ts';
import { vertexConfigReader } from './vertex-config.ts';

/** Every IaC format `aiposture iac` reads, tried in this order on each file's content. */
export const iacReaders: readonly IacReader[] = [terraformPlanReader, armReader, cloudFormationReader, vertexConfigReader];
