export { handleDashboardRequest } from './handle-dashboard-request.js';
export type { DashboardContext } from './dashboard-context.js';
