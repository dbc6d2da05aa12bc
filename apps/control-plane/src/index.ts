/** What the embedded composition root may use; nothing else imports an app. */
export { startControlPlane, type ControlPlaneDeps, type ControlPlaneSecrets, type RunningControlPlane } from './control-plane';
export { createControlPlaneDataSource } from './database/data-source';
