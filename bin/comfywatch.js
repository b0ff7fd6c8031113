#!/usr/bin/env node
// The build (npm's `prepare`) puts the CLI in out/node; this file only starts it.
import '../out/node/comfywatch.js';
