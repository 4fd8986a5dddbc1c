/**
 * Locations with a regional Model Armor endpoint (`modelarmor.<location>.rep.googleapis.com`),
 * from the Model Armor "Locations" documentation (2026). Templates are listed in each; a location
 * the service rejects is reported as unsupported coverage, not as an error. `--gcp-locations`
 * overrides the list.
 */
export const modelArmorLocations: readonly string[] = [
  'us',
  'eu',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-west1',
  'us-south1',
  'europe-west1',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'asia-south1',
  'asia-southeast1',
  'asia-northeast1',
  'australia-southeast1',
];
