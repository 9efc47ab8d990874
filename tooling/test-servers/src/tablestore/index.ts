export {
  startTableStoreServer,
  type TableStoreRequestRecord,
  type TableStoreServer,
  type TableStoreServerOptions,
} from './tablestore-server.js';
export { signRequest, type TableStoreCredential } from './request-authentication.js';
