// After `tsc -p tsconfig.build.json`: copies the data files the compiled code reads at run time
// into dist/, and writes dist/config.schema.json, the JSON Schema of a config file generated from
// the zod schema that validates it (so that the two cannot drift apart). A config file may name
// it in "$schema" for validation and completion in editors.
import { copyFileSync, writeFileSync } from "node:fs";
import { zodToJsonSchema } from "zod-to-json-schema";
import { configSchema } from "../../dist/model/config.js";

const root = new URL("../../", import.meta.url);
for (const file of ["default-config.json", "quick-config.json", "space-config.json"]) copyFileSync(new URL(`src/study/${file}`, root), new URL(`dist/study/${file}`, root));

const schema = zodToJsonSchema(configSchema, { target: "jsonSchema7", $refStrategy: "none" });
schema.title = "alignsim run configuration";
schema.description = "A run of the particle engine or of a kinetic solver (docs/file-formats.md). Every field is optional; defaults are shown.";
schema.properties = { $schema: { type: "string", description: "the JSON Schema this file follows (ignored by alignsim)" }, ...schema.properties };
writeFileSync(new URL("dist/config.schema.json", root), `${JSON.stringify(schema, null, 2)}\n`);
