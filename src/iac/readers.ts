import type { IacDirectoryReader, IacReader } from './reader.ts';
import { terraformPlanReader } from './terraform.ts';
import { terraformHclReader } from './terraform-hcl.ts';
import { armReader } from './arm.ts';
import { cloudFormationReader } from './cloudformation.ts';
import { vertexConfigReader } from './vertex-config.ts';

/** Every IaC format `aiposture iac` reads, tried in this order on each file's content. */
export const iacReaders: readonly IacReader[] = [terraformPlanReader, armReader, cloudFormationReader, vertexConfigReader];

/**
 * Formats read a directory at a time (Terraform HCL): the walk hands each the files it `claims`,
 * by name, before trying the readers above (so `x.tf.json` is never read as plain JSON). Loading
 * this module loads no parser: the HCL parser is imported when a `.tf` or `.tfvars` file is read.
 */
export const iacDirectoryReaders: readonly IacDirectoryReader[] = [terraformHclReader];
