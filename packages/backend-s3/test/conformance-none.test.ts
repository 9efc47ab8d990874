import { runS3Conformance } from './support/conformance-suite.js';

// The core conformance suite with no lock configured (locking refused, everything else claimed).
runS3Conformance('none');
