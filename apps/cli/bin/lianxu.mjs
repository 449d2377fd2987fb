#!/usr/bin/env node
// Node 20 cannot run TypeScript by itself: register tsx, then load the CLI's source. No build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
// Exit explicitly with the command's code: no library's exit hook may turn a failure into success.
process.exit(await main(process.argv.slice(2)));
