#!/usr/bin/env node
import { main } from './tap-dr';

process.exitCode = await main(process.argv.slice(2));
