/**
 * Every Google Cloud read the collectors may make (REST paths as the clients send them in
 * HTTP/JSON mode), with the IAM permission each needs. A request matching none is refused
 * before it is sent; `aiposture permissions --provider gcp` prints a custom role from this list.
 */
export interface GcpOperation {
  name: string;
  method: 'GET' | 'POST';
  path: RegExp;
  permission: string;
  /** For a regional API: the host that serves a location (Google's endpoints; not used behind `--gcp-endpoint`). */
  regionalHost?: (location: string) => string;
}

const id = '[^/:]+';
export const gcpOperations: readonly GcpOperation[] = [
  {
    name: 'FloorSettings_Get',
    method: 'GET',
    path: new RegExp(`^/v1/(projects|folders|organizations)/${id}/locations/global/floorSetting$`),
    permission: 'modelarmor.floorSettings.get',
  },
  {
    name: 'Templates_List',
    method: 'GET',
    path: new RegExp(`^/v1/projects/${id}/locations/${id}/templates$`),
    permission: 'modelarmor.templates.list',
    // Model Armor's regional endpoints (Model Armor "Locations" documentation).
    regionalHost: (location) => `modelarmor.${location}.rep.googleapis.com`,
  },
  { name: 'Locations_List', method: 'GET', path: new RegExp(`^/v1/projects/${id}/locations$`), permission: 'aiplatform.locations.list' },
  {
    name: 'Endpoints_List',
    method: 'GET',
    path: new RegExp(`^/v1/projects/${id}/locations/${id}/endpoints$`),
    permission: 'aiplatform.endpoints.list',
    // Vertex AI's regional service endpoints; `global` is the global host.
    regionalHost: (location) => (location === 'global' ? 'aiplatform.googleapis.com' : `${location}-aiplatform.googleapis.com`),
  },
  { name: 'Projects_Get', method: 'GET', path: new RegExp(`^/v3/projects/${id}$`), permission: 'resourcemanager.projects.get' },
  { name: 'Projects_List', method: 'GET', path: /^\/v3\/projects$/, permission: 'resourcemanager.projects.list' },
  { name: 'Folders_Get', method: 'GET', path: new RegExp(`^/v3/folders/${id}$`), permission: 'resourcemanager.folders.get' },
  { name: 'Folders_List', method: 'GET', path: /^\/v3\/folders$/, permission: 'resourcemanager.folders.list' },
  { name: 'Projects_GetIamPolicy', method: 'POST', path: new RegExp(`^/v3/projects/${id}:getIamPolicy$`), permission: 'resourcemanager.projects.getIamPolicy' },
  { name: 'Folders_GetIamPolicy', method: 'POST', path: new RegExp(`^/v3/folders/${id}:getIamPolicy$`), permission: 'resourcemanager.folders.getIamPolicy' },
  {
    name: 'Organizations_GetIamPolicy',
    method: 'POST',
    path: new RegExp(`^/v3/organizations/${id}:getIamPolicy$`),
    permission: 'resourcemanager.organizations.getIamPolicy',
  },
  {
    name: 'Services_Get',
    method: 'GET',
    path: new RegExp(`^/v1/projects/${id}/services/aiplatform\\.googleapis\\.com$`),
    permission: 'serviceusage.services.get',
  },
  { name: 'AlertPolicies_List', method: 'GET', path: new RegExp(`^/v3/projects/${id}/alertPolicies$`), permission: 'monitoring.alertPolicies.list' },
  // GET only: POST on the same path is CreateTimeSeries (a write).
  { name: 'TimeSeries_List', method: 'GET', path: new RegExp(`^/v3/projects/${id}/timeSeries$`), permission: 'monitoring.timeSeries.list' },
];

export function gcpOperationFor(method: string, path: string): GcpOperation | undefined {
  const decoded = decodeURIComponent(path);
  return gcpOperations.find((operation) => operation.method === method.toUpperCase() && operation.path.test(decoded));
}

/** A custom role (the `gcloud iam roles create --file` YAML/JSON shape) with exactly these permissions. */
export function gcpLeastPrivilegeRole() {
  return {
    title: 'aiposture reader',
    description: 'Read-only access for the aiposture AI-platform posture scan (Model Armor, Vertex AI, audit configuration, alert policies, usage metrics).',
    stage: 'GA',
    includedPermissions: [...new Set(gcpOperations.map((operation) => operation.permission))].sort(),
  };
}
