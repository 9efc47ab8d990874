export { bootstrapOssBackend } from './bootstrap-oss-backend.js';
