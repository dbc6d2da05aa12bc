/** What the embedded composition root may use; nothing else imports an app. */
export { startDataPlane, type DataPlaneDeps, type RunningDataPlane } from './data-plane';
export { createDataPlaneDataSource } from './database/data-source';
export { dataPlaneConfigSchema, type DataPlaneConfig } from './config';
