import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { ROUTE_TITLES, titleKey } from "../lib/title";
import en from "./en.json";
import es from "./es.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[path] = value;
    else Object.assign(out, flatten(value, path));
  }
  return out;
}

const EN = flatten(en as Tree);
const ES = flatten(es as Tree);
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Placeholders ({{name}}) and tags (<strong>, </home>) a translation must keep. */
function markers(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|<\/?(\w+)\s*\/?>/g)].map((m) => m[0].replace(/\s/g, "")).sort();
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "api" ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every literal key the code asks for: t("a.b"), t('a.b', …), i18nKey="a.b", and "area.key" label constants. */
function keysUsed(): Map<string, string> {
  const used = new Map<string, string>();
  const root = join(__dirname, "..");
  for (const file of sources(root)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bt\(\s*["'`]([\w.-]+)["'`]|i18nKey=["']([\w.-]+)["']/g)) {
      used.set(match[1] ?? match[2] ?? "", file);
    }
  }
  return used;
}

describe("the translation catalogs", () => {
  it("have the same keys in English and Spanish", () => {
    expect(Object.keys(ES).filter((key) => !(key in EN))).toEqual([]);
    expect(Object.keys(EN).filter((key) => !(key in ES))).toEqual([]);
  });

  it("have no empty text", () => {
    expect(Object.entries({ ...EN, ...ES }).filter(([, text]) => !text.trim())).toEqual([]);
    expect(Object.entries(ES).filter(([key]) => !ES[key]?.trim())).toEqual([]);
  });

  it("keep every placeholder and tag in the Spanish text", () => {
    const broken = Object.keys(EN).filter((key) => markers(EN[key] ?? "").join() !== markers(ES[key] ?? "").join());
    expect(broken).toEqual([]);
  });

  it("hold every key the code uses", () => {
    const missing = [...keysUsed()]
      .filter(([key]) => !(key in EN) && !(`${key}_one` in EN && `${key}_other` in EN))
      .map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it("are really read by the scan of the code (it finds the keys of the sign-in page)", () => {
    expect(keysUsed().has("login.title")).toBe(true);
  });

  it("give plural forms in pairs", () => {
    const singles = Object.keys(EN).filter((key) => key.endsWith("_one") && !(key.replace(PLURAL, "_other") in EN));
    expect(singles).toEqual([]);
  });
});

describe("the page titles", () => {
  it("have a catalog entry for every route", () => {
    const missing = Object.keys(ROUTE_TITLES).filter((pattern) => !(`titles.${titleKey(pattern)}` in EN));
    expect(missing).toEqual([]);
  });
});
