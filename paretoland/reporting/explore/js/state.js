/* paretoland explore: the interactive page of a frontier run.
 *
 * Reads the JSON in #explorer-data (written by paretoland.reporting.explore.page) and
 * draws the frontier in any 2-D or 3-D projection (plotly), parallel coordinates with a
 * brush per objective, the table of the points inside every brush, and the detail of the
 * selected point (objectives, summary, map, top sellers and buyers).
 *
 * page.py joins the files of this folder, in the order of SCRIPTS, into one strict-mode
 * closure: they share its names. This one holds the page data, the state and the text
 * and number formatting. State lives in `state`; every change goes through select(), the
 * brushes or the axis selects, and re-renders what depends on it. When the page is ready
 * the root element carries data-ready="1"; data-selected names the selected point.
 */

var D = JSON.parse(document.getElementById('explorer-data').textContent);
var T = D.text;
var OBJ = D.objectives;
var M = OBJ.length;
var V = D.points.values; // V[j][i]: objective j of Pareto point i
var N = V[0].length;
var SUM = D.points.summaries;
var DETAIL = D.points.detail;
var CITIES = D.cities;
var NC = CITIES.code.length;
var ND = D.detail.n;
var CHOSEN = D.chosen.point;
var LOCALE = D.lang === 'zh' ? 'zh-CN' : 'en-GB';
var ROOT = document.documentElement;
var VIRIDIS = 'Viridis';
// Viridis with alpha, so that thousands of parallel-coordinate lines do not make a solid block.
var LINE_ALPHA = Math.max(0.25, Math.min(0.9, 25 / Math.sqrt(V[0].length)));
var VIRIDIS_LINES = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]
  .map(function (rgb, k) { return [k / 4, 'rgba(' + rgb.join(',') + ',' + LINE_ALPHA + ')']; });
var RDBU = ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7',
  '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'];
var COLON = D.lang === 'zh' ? '：' : ': ';
var MAX_ROWS = 200;
var MONEY = D.lang === 'zh' ? 1 : 0.1; // 亿元 in Chinese, billion yuan in English
var TOP = 8;

var state = {
  x: 0,
  y: M > 2 ? indexOf('output_gap', 1) : Math.min(1, M - 1),
  z: -1,
  colour: M > 1 ? indexOf('welfare', M - 1) : 0,
  ranges: new Array(M).fill(null),
  inBrush: new Uint8Array(N).fill(1),
  sort: { key: 'o0', desc: OBJ[0].sense === 'max' },
  selected: { kind: 'point', index: CHOSEN },
  mapVariable: 'gdp',
  fixedScale: false,
};
var city = null; // decoded per-city tables: name -> Float64Array(NC * ND), city-major

function indexOf(name, fallback) {
  for (var j = 0; j < M; j++) if (OBJ[j].name === name) return j;
  return fallback;
}

// ------------------------------------------------------------------ text and numbers
function t(key, fields) {
  var text = T[key] === undefined ? key : T[key];
  if (fields) {
    text = text.replace(/\{(\w+)\}/g, function (all, name) {
      return fields[name] === undefined ? all : fields[name];
    });
  }
  return text;
}
var formats = {};
function fmt(value, digits) {
  if (value === null || value === undefined || !isFinite(value)) return '—';
  var f = formats[digits] || (formats[digits] = new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: digits, maximumFractionDigits: digits }));
  var text = f.format(value);
  return text.replace('-', '\u2212');
}
function signed(value, digits) {
  var text = fmt(value, digits);
  return value > 0 ? '+' + text : text;
}
function esc(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}
function objLabel(j) { return OBJ[j].title; }
function shortLabel(j) { return OBJ[j].short; }
function senseText(j) { return OBJ[j].sense === 'max' ? t('higher_better') : t('lower_better'); }
function axisTitle(j, axis) {
  var arrow = { x: { max: '→', min: '←' }, y: { max: '↑', min: '↓' }, z: { max: '↑', min: '↓' } };
  return objLabel(j) + '   ' + arrow[axis][OBJ[j].sense] + ' ' + t('better');
}
function pointName(i) { return t('point') + ' ' + i; }
