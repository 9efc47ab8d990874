export { bootstrapS3Backend } from './bootstrap-s3-backend.js';
export { mergeSecureTransport, secureTransportStatement, SECURE_TRANSPORT_SID, type PolicyMerge } from './secure-transport-statement.js';
