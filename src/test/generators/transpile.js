// Turns generated TypeScript into CommonJS without type-checking it (tsc's full check took most of a
// generator test's time): node transpile.js DIR
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

for (const file of fs.readdirSync(process.argv[2], { recursive: true })) {
  const source = path.join(process.argv[2], file);
  if (source.endsWith(".ts") && !source.endsWith(".d.ts")) {
    const output = ts.transpileModule(fs.readFileSync(source, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    fs.writeFileSync(source.replace(/\.ts$/, ".js"), output.outputText);
  }
}
