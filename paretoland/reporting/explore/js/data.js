/* Per-city data (decoded from the page) and the brushes. */

// ------------------------------------------------------------------ per-city data
async function decode(spec) {
  var binary = atob(spec.data);
  var bytes = new Uint8Array(binary.length);
  for (var k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  var codes = new Int16Array(await new Response(stream).arrayBuffer());
  var values = new Float64Array(codes.length);
  for (var m = 0; m < codes.length; m++) values[m] = codes[m] * spec.resolution;
  return values;
}
async function loadCities() {
  var names = Object.keys(D.detail.variables);
  var arrays = await Promise.all(names.map(function (n) { return decode(D.detail.variables[n]); }));
  var out = {};
  names.forEach(function (n, k) { out[n] = arrays[k]; });
  return out;
}
function cityValues(name, d) {
  var column = city[name];
  var out = new Float64Array(NC);
  for (var c = 0; c < NC; c++) out[c] = column[c * ND + d];
  return out;
}
function mapValues(variable, d) {
  if (variable === 'gdp') return cityValues('gdp_change_pct', d);
  if (variable === 'welfare') return cityValues('welfare_change_pct', d);
  var sold = cityValues('land_sold_km2', d);
  var bought = cityValues('land_bought_km2', d);
  var out = new Float64Array(NC);
  for (var c = 0; c < NC; c++) out[c] = 100 * (bought[c] - sold[c]) / CITIES.land_km2[c];
  return out;
}

// ------------------------------------------------------------------ brushing
function normaliseRange(range) {
  if (!range || !range.length) return null;
  return Array.isArray(range[0]) ? range : [range];
}
function inRanges(value, ranges) {
  for (var r = 0; r < ranges.length; r++) {
    var lo = Math.min(ranges[r][0], ranges[r][1]);
    var hi = Math.max(ranges[r][0], ranges[r][1]);
    if (value >= lo && value <= hi) return true;
  }
  return false;
}
function computeBrush() {
  for (var i = 0; i < N; i++) {
    var inside = 1;
    for (var j = 0; j < M && inside; j++) {
      if (state.ranges[j] && !inRanges(V[j][i], state.ranges[j])) inside = 0;
    }
    state.inBrush[i] = inside;
  }
}
function brushed() {
  var rows = [];
  for (var i = 0; i < N; i++) if (state.inBrush[i]) rows.push(i);
  return rows;
}
var brushFrame = null;
function onParallelRestyle() {
  var dims = document.getElementById('parcoords').data[0].dimensions;
  state.ranges = dims.map(function (d) { return normaliseRange(d.constraintrange); });
  if (brushFrame) cancelAnimationFrame(brushFrame);
  brushFrame = requestAnimationFrame(function () {
    brushFrame = null;
    computeBrush();
    renderScatter();
    renderTable();
  });
}
