/* The map of the selected point: base map as SVG, colours, legend and tooltip. */

function mapSection() {
  var options = ['gdp', 'welfare', 'land'].map(function (v) {
    return '<option value="' + v + '"' + (v === state.mapVariable ? ' selected' : '') + '>' + esc(t('map_' + v)) + '</option>';
  }).join('');
  return '<h3>' + esc(t('map')) + ' <select id="map-variable">' + options + '</select> ' +
    '<label class="small"><input type="checkbox" id="map-fixed"' + (state.fixedScale ? ' checked' : '') + '> ' +
    esc(t('fixed_scale')) + '</label></h3>' +
    '<div id="map-wrap"><div id="map">' + mapSvg() + '</div></div><div class="legend" id="map-legend"></div>' +
    '<p class="small">' + esc(mapNotes()) + '</p>';
}
var svgCache = null;
function mapSvg() {
  if (svgCache) return svgCache;
  var m = D.map;
  var box = m.main_box;
  var view = m.inset_box ? [box[0], box[1], box[2], box[3] + 150] : box; // room for the inset's title
  var parts = ['<svg viewBox="' + view.join(' ') + '" xmlns="http://www.w3.org/2000/svg" role="img">',
    '<g id="map-layer">'];
  m.others.forEach(function (d) { parts.push('<path class="other" d="' + d + '"/>'); });
  CITIES.code.forEach(function (code, c) {
    var d = m.cities[code];
    if (d) parts.push('<path class="city" data-city="' + c + '" d="' + d + '"/>');
  });
  parts.push('<path class="borders" d="' + m.borders + '"/>');
  m.lines.forEach(function (line) { parts.push('<path class="' + line[1] + '" d="' + line[0] + '"/>'); });
  parts.push('</g>');
  if (m.inset_box) {
    var ib = m.inset_box;
    var w = 0.17 * box[2], h = w * ib[3] / ib[2];
    var x = box[0] + box[2] - w, y = box[1] + box[3] - h;
    parts.push('<rect class="inset-frame" x="' + x + '" y="' + y + '" width="' + w + '" height="' + h + '"/>');
    parts.push('<svg x="' + x + '" y="' + y + '" width="' + w + '" height="' + h + '" viewBox="' + ib.join(' ') + '">' +
      '<use href="#map-layer"/></svg>');
    parts.push('<text class="inset-title" x="' + (x + w) + '" y="' + (y + h + 110) + '" text-anchor="end">' +
      esc(t('south_china_sea')) + '</text>');
  }
  parts.push('</svg>');
  svgCache = parts.join('');
  return svgCache;
}
function mapNotes() {
  var notes = [t('map_source', { source: D.map.source[D.lang] || D.map.source.en })];
  var within = Object.keys(D.map.drawn_within).map(function (code) {
    var c = CITIES.code.indexOf(code), host = CITIES.code.indexOf(D.map.drawn_within[code]);
    return c < 0 ? null : CITIES.name[c] + ' → ' + (host < 0 ? D.map.drawn_within[code] : CITIES.name[host]);
  }).filter(Boolean);
  if (within.length) notes.push(t('not_drawn', { names: within.join(', ') }));
  return D.lang === 'zh' ? notes.join('。') + '。' : notes.join('. ') + '.';
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
  mapData = { values: values, d: d };
  document.querySelectorAll('#map path.city').forEach(function (path) {
    var c = +path.dataset.city;
    path.setAttribute('fill', colourOf(values[c], limit));
    path.dataset.value = values[c];
  });
  var stops = RDBU.map(function (colour, k) { return colour + ' ' + (100 * k / (RDBU.length - 1)) + '%'; });
  document.getElementById('map-legend').innerHTML =
    '<span>' + esc(t('map_' + state.mapVariable)) + '</span>' +
    '<span><span class="ticks"><span>' + (beyond ? '◀ ' : '') + fmt(-limit, 1) + '</span><span>0</span><span>' +
    fmt(limit, 1) + (beyond ? ' ▶' : '') + '</span></span>' +
    '<div class="ramp" style="background:linear-gradient(to right,' + stops.join(',') + ')"></div></span>' +
    (beyond ? '<span>◀ ▶ ' + esc(t('beyond')) + '</span>' : '') +
    '<span><span class="swatch"></span> ' + esc(t('no_data')) + '</span>';
}
function onMapHover(event) {
  var tip = document.getElementById('tooltip');
  var path = event.target.closest && event.target.closest('#map path.city');
  if (!path || !mapData) { tip.hidden = true; return; }
  var c = +path.dataset.city, d = mapData.d;
  var sold = city.land_sold_km2[c * ND + d], bought = city.land_bought_km2[c * ND + d];
  var role = sold > 0 ? t('sold') + COLON + fmt(sold, 1) : bought > 0 ? t('bought') + COLON + fmt(bought, 1) : '';
  var comma = D.lang === 'zh' ? '，' : ', ';
  tip.innerHTML = '<b>' + esc(CITIES.name[c]) + '</b>' + comma + esc(CITIES.province[c]) + '<br>' +
    esc(t('map_' + state.mapVariable)) + COLON + signed(mapData.values[c], 2) + (role ? '<br>' + esc(role) : '');
  tip.hidden = false;
  tip.style.left = (event.clientX + 14) + 'px';
  tip.style.top = (event.clientY + 10) + 'px';
}
