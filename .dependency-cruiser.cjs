// dependency-cruiser configuration: the rules live in scripts/depcheck/rules.cjs (also used by the
// test that proves the check fails on a planted wrong-way import). Run with `npm run depcheck`.
'use strict';
module.exports = require('./scripts/depcheck/rules.cjs').makeConfig(__dirname);
