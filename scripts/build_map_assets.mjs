// Vendors the map library and builds the offline basemap into static/ (run by `make assets`).
// - static/vendor/leaflet/: Leaflet's built files and its licence, copied from node_modules.
// - static/maps/basemap.geojson: country outlines and coastlines from Natural Earth (via the world-atlas
//   TopoJSON, 1:110m: about 53 KB gzipped; 1:50m would be 430 KB), converted to GeoJSON with coordinates
//   rounded to 0.01° (about 1 km, finer than the source), plus its licence notes. Nothing is fetched at run time.
// - static/maps/detail/<country>.geojson: each country's outline at 1:10m, naming its neighbours; the maps of
//   an operation draw its country's and its neighbours' instead of the coarse ones (Mozambique and its six
//   neighbours: 44 KB gzipped).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, neighbors } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const scale = process.env.BASEMAP_SCALE || "110m";

const leafletOut = join(root, "static", "vendor", "leaflet");
mkdirSync(join(leafletOut, "images"), { recursive: true });
// The source map too: leaflet.js names it, and the production static storage checks every reference.
for (const name of ["leaflet.js", "leaflet.js.map", "leaflet.css"]) {
  copyFileSync(join(modules, "leaflet", "dist", name), join(leafletOut, name));
}
for (const name of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copyFileSync(join(modules, "leaflet", "dist", "images", name), join(leafletOut, "images", name));
}
copyFileSync(join(modules, "leaflet", "LICENSE"), join(leafletOut, "LICENSE"));
const leafletVersion = JSON.parse(readFileSync(join(modules, "leaflet", "package.json"))).version;

function rounder(factor) {
  return (value) => Math.round(value * factor) / factor;
}
let round = rounder(100);
function roundCoords(coords) {
  if (typeof coords[0] === "number") return [round(coords[0]), round(coords[1])];
  const out = coords.map(roundCoords);
  // Drop consecutive duplicates the rounding made (rings keep at least four positions).
  if (typeof out[0][0] === "number") {
    const kept = out.filter((p, i) => i === 0 || p[0] !== out[i - 1][0] || p[1] !== out[i - 1][1]);
    return kept.length >= 4 || out.length < 4 ? kept : out;
  }
  return out;
}

const atlasPackage = JSON.parse(readFileSync(join(modules, "world-atlas", "package.json")));
const topology = JSON.parse(readFileSync(join(modules, "world-atlas", `countries-${scale}.json`)));
const countries = feature(topology, topology.objects.countries);
const basemap = {
  type: "FeatureCollection",
  attribution: `Natural Earth (public domain), 1:${scale.replace("m", "")} million, via world-atlas ${atlasPackage.version}`,
  features: countries.features.map((f) => ({
    type: "Feature",
    properties: { name: f.properties.name, slug: slug(f.properties.name) },
    geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) },
  })),
};
const mapsOut = join(root, "static", "maps");
mkdirSync(mapsOut, { recursive: true });
writeFileSync(join(mapsOut, "basemap.geojson"), JSON.stringify(basemap));
writeFileSync(
  join(mapsOut, "BASEMAP-LICENSE.txt"),
  `The offline basemap (basemap.geojson) is made from Natural Earth's Admin 0 countries at 1:${scale.replace("m", "")} million,\n` +
    "and the country outlines of detail/ from the same at 1:10 million.\n" +
    "Natural Earth: free vector and raster map data @ naturalearthdata.com. All versions of Natural Earth\n" +
    "raster + vector map data are in the public domain.\n\n" +
    `It was converted from the TopoJSON of the npm package world-atlas ${atlasPackage.version}, whose licence follows.\n\n` +
    readFileSync(join(modules, "world-atlas", "LICENSE"), "utf8"),
);
// The same slug as Django's slugify(operation.country), which names the file the maps ask for.
function slug(name) {
  return name
    .normalize("NFKD")
    .replace(/[^\x00-\x7F]/g, "")
    .replace(/[^\w\s-]/g, "")
    .toLowerCase()
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}
const detailOut = join(mapsOut, "detail");
mkdirSync(detailOut, { recursive: true });
const detailed = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-10m.json")));
const detailedCountries = feature(detailed, detailed.objects.countries).features;
const adjacent = neighbors(detailed.objects.countries.geometries);
round = rounder(1000);
let detailCount = 0;
detailedCountries.forEach((f, i) => {
  if (!f.geometry || !f.properties.name) return;
  // One file per country, to 0.001° (about 100 m); the maps of an operation load its country's file and its
  // neighbours' (named in the file), so borders meet.
  const around = adjacent[i].map((j) => detailedCountries[j]).filter((n) => n.geometry && n.properties.name);
  const collection = {
    type: "FeatureCollection",
    attribution: `Natural Earth (public domain), 1:10 million, via world-atlas ${atlasPackage.version}`,
    neighbours: around.map((n) => slug(n.properties.name)),
    features: [
      {
        type: "Feature",
        properties: { name: f.properties.name, slug: slug(f.properties.name) },
        geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) },
      },
    ],
  };
  writeFileSync(join(detailOut, `${slug(f.properties.name)}.geojson`), JSON.stringify(collection));
  detailCount += 1;
});
console.log(`Leaflet ${leafletVersion} -> static/vendor/leaflet; basemap ${scale} -> static/maps/basemap.geojson; ${detailCount} country outlines at 10m -> static/maps/detail/`);
