#!/usr/bin/env node
import { main } from './tap-dr';

process.exitCode = main(process.argv.slice(2));
