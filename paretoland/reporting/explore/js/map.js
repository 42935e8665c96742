/* The map of the selected point: base map as SVG, colours, legend and tooltip. */

function mapSection() {
  var options = ['gdp', 'welfare', 'land'].map(function (v) {
    return '<option value="' + v + '"' + (v === state.mapVariable ? ' selected' : '') + '>' + esc(t('map_' + v)) + '</option>';
  }).join('');
  return '<h3>' + esc(t('map')) + ' <select id="map-variable">' + options + '</select> ' +
    '<label class="small"><input type="checkbox" id="map-fixed"' + (state.fixedScale ? ' checked' : '') + '> ' +
    esc(t('fixed_scale')) + '</label></h3>' +
    '<div id="map-wrap"><div id="map">' + mapSvg() + '</div></div><div class="legend" id="map-legend"></div>' +
    '<p class="small" id="map-source">' + mapNotes().map(esc).join('<br>') + '</p>';
}
var svgCache = null;
// Strokes are presentation attributes, not CSS: the inset's <use> copy keeps them.
var THIN = ' vector-effect="non-scaling-stroke"';
var LINE_WIDTHS = { province_borders: 0.7, outline: 0.7, ten_dash_line: 1.6 };
function rect(cls, box) {
  return '<rect class="' + cls + '" x="' + box[0] + '" y="' + box[1] + '" width="' + box[2] + '" height="' + box[3] + '"/>';
}
function mapSvg() {
  // The base map of the printed maps (geometry.py): the main map, then the South China
  // Sea inset in its lower right showing the same layer, then the frames and texts.
  if (svgCache) return svgCache;
  var m = D.map, colours = m.colours, at = m.inset_at;
  var parts = ['<svg viewBox="' + m.main_box.join(' ') + '" xmlns="http://www.w3.org/2000/svg" role="img">',
    '<defs><pattern id="no-value-hatch" patternUnits="userSpaceOnUse" width="24" height="24" ' +
    'patternTransform="rotate(45)"><rect width="24" height="24" fill="' + colours.no_value + '"/>' +
    '<rect width="6" height="24" fill="#7a7a7a"/></pattern></defs>',
    '<g id="map-layer">',
    '<path class="neighbouring-land" fill="' + colours.neighbouring_land + '" stroke="none" d="' + m.neighbouring_land + '"/>'];
  m.areas.forEach(function (area) {
    parts.push('<path class="area" data-code="' + area[0] + '" data-status="' + area[1] + '" fill="' +
      colours[area[1]] + '" stroke="#ffffff" stroke-width="0.3"' + THIN + ' d="' + area[2] + '"/>');
  });
  CITIES.code.forEach(function (code, c) {
    var d = m.cities[code];
    if (d) parts.push('<path class="city" data-city="' + c + '" stroke="#ffffff" stroke-width="0.4"' + THIN + ' d="' + d + '"/>');
  });
  parts.push('<path class="islands" fill="none" stroke="#4d4d4d" stroke-width="0.5"' + THIN + ' d="' + m.islands + '"/>');
  Object.keys(LINE_WIDTHS).forEach(function (name) {
    parts.push('<path class="line ' + name.replace(/_/g, '-') + '" fill="none" stroke="' + colours[name] +
      '" stroke-width="' + LINE_WIDTHS[name] + '" stroke-linecap="butt"' + THIN + ' d="' + m.lines[name] + '"/>');
  });
  parts.push('</g>', rect('inset-background', at));
  parts.push('<svg class="inset" x="' + at[0] + '" y="' + at[1] + '" width="' + at[2] + '" height="' + at[3] +
    '" viewBox="' + m.inset_box.join(' ') + '"><use href="#map-layer"/></svg>');
  parts.push(rect('frame', at), rect('frame', m.main_box));
  m.labels.forEach(function (text) {
    parts.push('<text class="' + text[3] + '" x="' + text[0] + '" y="' + text[1] + '"' +
      (text[3] === 'inset-title' ? ' text-anchor="end"' : '') + '>' + esc(text[2]) + '</text>');
  });
  parts.push('</svg>');
  svgCache = parts.join('');
  return svgCache;
}
function mapNotes() {
  // The printed maps' source line and 审图号 note, and any city drawn within another.
  var notes = D.map.source.slice();
  var within = Object.keys(D.map.drawn_within).map(function (code) {
    var c = CITIES.code.indexOf(code), host = CITIES.code.indexOf(D.map.drawn_within[code]);
    return c < 0 ? null : CITIES.name[c] + ' → ' + (host < 0 ? D.map.drawn_within[code] : CITIES.name[host]);
  }).filter(Boolean);
  if (within.length) notes.push(t('not_drawn', { names: within.join(', ') }) + (D.lang === 'zh' ? '。' : '.'));
  return notes;
}
function colourOf(value, limit) {
  var u = Math.max(0, Math.min(1, (value / limit + 1) / 2)) * (RDBU.length - 1);
  var k = Math.min(RDBU.length - 2, Math.floor(u)), f = u - k;
  var a = hex(RDBU[k]), b = hex(RDBU[k + 1]);
  return 'rgb(' + [0, 1, 2].map(function (n) { return Math.round(a[n] + f * (b[n] - a[n])); }).join(',') + ')';
}
function hex(code) {
  return [1, 3, 5].map(function (k) { return parseInt(code.slice(k, k + 2), 16); });
}
function robustLimit(values) {
  var sorted = Array.from(values).filter(isFinite).map(Math.abs).sort(function (a, b) { return a - b; });
  if (!sorted.length) return 1;
  var limit = sorted[Math.min(sorted.length - 1, Math.floor(0.98 * (sorted.length - 1)))];
  return limit > 0 ? limit : (sorted[sorted.length - 1] || 1);
}
var mapData = null;
var fixedLimits = {};
function fixedLimit(variable) {
  // The robust limit over every detail point: one colour scale to compare points by.
  if (fixedLimits[variable] === undefined) {
    var all = new Float64Array(ND * NC);
    for (var d = 0; d < ND; d++) all.set(mapValues(variable, d), d * NC);
    fixedLimits[variable] = robustLimit(all);
  }
  return fixedLimits[variable];
}
function paintMap(d) {
  var values = mapValues(state.mapVariable, d);
  var limit = state.fixedScale ? fixedLimit(state.mapVariable) : robustLimit(values);
  var beyond = Array.from(values).some(function (v) { return Math.abs(v) > limit * (1 + 1e-9); });
  var unset = false;
  mapData = { values: values, d: d };
  document.querySelectorAll('#map path.city').forEach(function (path) {
    var c = +path.dataset.city, value = values[c];
    if (!isFinite(value)) unset = true;
    path.setAttribute('fill', isFinite(value) ? colourOf(value, limit) : 'url(#no-value-hatch)');
    path.dataset.value = value;
  });
  var stops = RDBU.map(function (colour, k) { return colour + ' ' + (100 * k / (RDBU.length - 1)) + '%'; });
  document.getElementById('map-legend').innerHTML =
    '<span>' + esc(t('map_' + state.mapVariable)) + '</span>' +
    '<span><span class="ticks"><span>' + (beyond ? '◀ ' : '') + fmt(-limit, 1) + '</span><span>0</span><span>' +
    fmt(limit, 1) + (beyond ? ' ▶' : '') + '</span></span>' +
    '<div class="ramp" style="background:linear-gradient(to right,' + stops.join(',') + ')"></div></span>' +
    (beyond ? '<span>◀ ▶ ' + esc(t('beyond')) + '</span>' : '') + noDataLegend(unset);
}
function noDataLegend(unset) {
  // One swatch per reason a polygon has no value, as on the printed maps.
  var statuses = {};
  D.map.areas.forEach(function (area) { statuses[area[1]] = true; });
  if (unset) statuses.no_value = true;
  return ['not_in_sample', 'no_value', 'outside_dataset'].filter(function (s) { return statuses[s]; })
    .map(function (s) {
      return '<span data-status="' + s + '"><span class="swatch ' + s.replace(/_/g, '-') + '" style="background-color:' +
        D.map.colours[s] + '"></span> ' + esc(D.map.legend[s]) + '</span>';
    }).join('');
}
function onMapHover(event) {
  var tip = document.getElementById('tooltip');
  var area = event.target.closest && event.target.closest('#map path.area');
  var path = event.target.closest && event.target.closest('#map path.city');
  if (area) {
    tip.textContent = D.map.legend[area.dataset.status];
  } else if (path && mapData) {
    tip.innerHTML = cityTip(+path.dataset.city);
  } else { tip.hidden = true; return; }
  tip.hidden = false;
  tip.style.left = (event.clientX + 14) + 'px';
  tip.style.top = (event.clientY + 10) + 'px';
}
function cityTip(c) {
  var d = mapData.d, value = mapData.values[c];
  var sold = city.land_sold_km2[c * ND + d], bought = city.land_bought_km2[c * ND + d];
  var role = sold > 0 ? t('sold') + COLON + fmt(sold, 1) : bought > 0 ? t('bought') + COLON + fmt(bought, 1) : '';
  var comma = D.lang === 'zh' ? '，' : ', ';
  var shown = isFinite(value) ? signed(value, 2) : D.map.legend.no_value;
  return '<b>' + esc(CITIES.name[c]) + '</b>' + comma + esc(CITIES.province[c]) + '<br>' +
    esc(t('map_' + state.mapVariable)) + COLON + esc(shown) + (role ? '<br>' + esc(role) : '');
}
