import { runS3VersionConformance } from './support/conformance-suite.js';

// The version cases (ListObjectVersions on the exact key, GetObject by VersionId) on a versioned bucket.
runS3VersionConformance();
