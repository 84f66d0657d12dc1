// Reads a feed with a parser written by others and prints, as JSON, what that parser found.
// Usage: node read.mjs partytime|feedsmith FILE OUTPUT
// The findings go to OUTPUT, since podcast-partytime logs its own notes to standard output.
// podcast-partytime is the Podcast Index's own parser; feedsmith reads RSS, Atom, JSON Feed and their
// namespaces. The tests compare what each finds with what Columnist wrote.
import { readFileSync, writeFileSync } from "node:fs";
import { parseFeed as partytime } from "podcast-partytime";
import { parseFeed as feedsmith } from "feedsmith";

const [, , client, file, output] = process.argv;
const text = readFileSync(file, "utf8");
let found;
if (client === "partytime") {
  found = partytime(text, { allowMissingGuid: false });
} else if (client === "feedsmith") {
  found = feedsmith(text);
} else {
  console.error(`unknown client '${client}': use partytime or feedsmith`);
  process.exit(2);
}
// Dates and sets become plain JSON values.
writeFileSync(
  output,
  JSON.stringify(found, (key, value) => (value instanceof Set ? [...value] : value), 2) + "\n",
);
