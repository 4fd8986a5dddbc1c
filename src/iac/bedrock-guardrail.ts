/**
 * Guardrail pieces every IaC reader builds the same way once it has read the fields in its own
 * naming (CloudFormation `PiiEntitiesConfig[].InputAction`, Terraform `pii_entities_config[].input_action`).
 * Fields come normalised: `undefined` means the file's value could not be resolved (unknown).
 */
import type { PiiEntity } from '../model/aws.ts';

type Unresolved<T> = { [K in keyof T]: T[K] | undefined };

/** A sensitive-information entity; undefined (unknown) when any field could not be resolved or the entity names no type or action. */
export function piiEntityFrom(
  fields: Unresolved<Omit<PiiEntity, 'type' | 'action'>> & { type: string | null | undefined; action: PiiEntity['action'] | null | undefined },
): PiiEntity | undefined {
  const { type, action, inputAction, outputAction, inputEnabled, outputEnabled } = fields;
  if (
    typeof type !== 'string' ||
    !action ||
    inputAction === undefined ||
    outputAction === undefined ||
    inputEnabled === undefined ||
    outputEnabled === undefined
  )
    return undefined;
  return { type, action, inputAction, outputAction, inputEnabled, outputEnabled };
}
