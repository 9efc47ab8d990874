import { runS3Conformance } from './support/conformance-suite.js';

// The core conformance suite with dynamodb_table locking (and the -md5 digest).
runS3Conformance('dynamodb');
