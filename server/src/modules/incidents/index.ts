// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (<domain>.module.ts) instead, so no index drags in a whole module.
export { Incident, IncidentState, IncidentSource } from './incident.entity.js';
export { IncidentType, INCIDENT_TYPES } from './incident-types.js';
