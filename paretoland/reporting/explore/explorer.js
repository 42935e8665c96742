/* paretoland explore: the interactive page of a frontier run.
 *
 * Reads the JSON in #explorer-data (written by paretoland.reporting.explore.page) and
 * draws: the frontier in any 2-D or 3-D projection (plotly), parallel coordinates with a
 * brush per objective, the table of the points inside every brush, and the detail of the
 * selected point (objectives, summary, map, top sellers and buyers).
 *
 * State lives in `state`; every change goes through select(), setBrush() or the axis
 * selects, and re-renders what depends on it. When the page is ready the root element
 * carries data-ready="1"; data-selected names the selected point (tests read both).
 */
(function () {
  'use strict';

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

  // ------------------------------------------------------------------ the frontier plot
  var hoverText = null;
  function pointHover(i) {
    var lines = ['<b>' + pointName(i) + (i === CHOSEN ? ' ★' : '') + '</b>'];
    for (var j = 0; j < M; j++) lines.push(objLabel(j) + COLON + fmt(V[j][i], 3));
    return lines.join('<br>');
  }
  function valuesHover(title, values) {
    var lines = ['<b>' + esc(title) + '</b>'];
    for (var j = 0; j < M; j++) lines.push(objLabel(j) + COLON + fmt(values[j], 3));
    return lines.join('<br>');
  }
  function coords(rows, get) {
    var dims = [state.x, state.y, state.z];
    var out = { x: [], y: [], z: [] };
    rows.forEach(function (row) {
      var values = get(row);
      out.x.push(values[dims[0]]);
      out.y.push(values[dims[1]]);
      if (dims[2] >= 0) out.z.push(values[dims[2]]);
    });
    return out;
  }
  function pointValues(i) { return V.map(function (column) { return column[i]; }); }
  function trace(rows, get, style) {
    var c = coords(rows, get);
    var is3d = state.z >= 0;
    var out = Object.assign({
      type: is3d ? 'scatter3d' : 'scattergl', mode: 'markers', x: c.x, y: c.y,
      hovertemplate: '%{text}<extra></extra>',
    }, style);
    if (is3d) out.z = c.z;
    return out;
  }
  function symbol(name) {
    if (state.z < 0) return name;
    return { 'triangle-up-open': 'circle-open', star: 'diamond', 'x-thin-open': 'x' }[name] || name;
  }
  function scatterTraces() {
    var inside = [], outside = [];
    for (var i = 0; i < N; i++) (state.inBrush[i] ? inside : outside).push(i);
    var colour = V[state.colour];
    var is3d = state.z >= 0;
    var size = is3d ? 3 : 6;
    var traces = [
      trace(outside, pointValues, {
        name: t('outside'), text: outside.map(function (i) { return hoverText[i]; }),
        customdata: outside.map(function (i) { return 'p:' + i; }),
        marker: { color: '#c9ced6', size: size, opacity: 0.45 },
      }),
      trace(inside, pointValues, {
        name: t('pareto'), text: inside.map(function (i) { return hoverText[i]; }),
        customdata: inside.map(function (i) { return 'p:' + i; }),
        marker: {
          color: inside.map(function (i) { return colour[i]; }), colorscale: VIRIDIS,
          reversescale: OBJ[state.colour].sense === 'min', size: size, opacity: 0.85,
          cmin: Math.min.apply(null, colour), cmax: Math.max.apply(null, colour),
          showscale: true,
          colorbar: { title: { text: shortLabel(state.colour) + '<br>' + t('brighter_better'),
            side: 'right' }, thickness: 12, len: 0.75 },
        },
      }),
      trace([0], function () { return D.marks.status_quo; }, {
        name: t('status_quo'), text: [valuesHover(t('status_quo'), D.marks.status_quo)],
        customdata: ['s'], marker: { symbol: 'x', color: '#000', size: is3d ? 6 : 13 },
      }),
    ];
    [['table2', 'uniform_intra', 'triangle-up-open', '#2ca02c'],
      ['table3', 'uniform_inter', 'square-open', '#9467bd']].forEach(function (kind) {
      var rows = [];
      D.marks.uniform.forEach(function (rule, k) { if (rule.table === kind[0]) rows.push(k); });
      if (!rows.length) return;
      traces.push(trace(rows, function (k) { return D.marks.uniform[k].values; }, {
        name: t(kind[1]),
        text: rows.map(function (k) { return valuesHover(ruleText(D.marks.uniform[k]), D.marks.uniform[k].values); }),
        customdata: rows.map(function (k) { return 'u:' + k; }),
        marker: { symbol: symbol(kind[2]), color: kind[3], size: is3d ? 5 : 10, line: { width: 2, color: kind[3] } },
      }));
    });
    D.marks.optima.forEach(function (optimum) {
      traces.push(trace([0], function () { return optimum.values; }, {
        name: optimum.label, text: [valuesHover(optimum.label, optimum.values)],
        customdata: [optimum.point === null ? 'n' : 'p:' + optimum.point],
        marker: { symbol: 'diamond', size: is3d ? 6 : 12,
          color: D.optimum_colours[optimum.objective] || '#1f77b4', line: { width: 1, color: '#000' } },
      }));
    });
    traces.push(trace([CHOSEN], pointValues, {
      name: t('chosen') + ' (' + CHOSEN + ')', text: [hoverText[CHOSEN]], customdata: ['p:' + CHOSEN],
      marker: { symbol: symbol('star'), size: is3d ? 9 : 20, color: '#d62728', line: { width: 1, color: '#000' } },
    }));
    var selected = selectedValues();
    if (selected) {
      traces.push(trace([0], function () { return selected; }, {
        name: t('selected'), text: [t('selected')], customdata: ['n'], hoverinfo: 'skip',
        hovertemplate: null,
        marker: { symbol: 'circle-open', size: is3d ? 10 : 24, color: '#ff8c00', line: { width: 3, color: '#ff8c00' } },
      }));
    }
    return traces;
  }
  function selectedValues() {
    var s = state.selected;
    if (s.kind === 'point') return pointValues(s.index);
    if (s.kind === 'uniform') return D.marks.uniform[s.index].values;
    if (s.kind === 'status_quo') return D.marks.status_quo;
    return null;
  }
  function renderScatter() {
    var gd = document.getElementById('scatter');
    var is3d = state.z >= 0;
    var revision = [state.x, state.y, state.z].join('-');
    var layout = {
      margin: { l: 70, r: 10, t: 10, b: 40 }, uirevision: revision, hovermode: 'closest',
      legend: { orientation: 'h', y: -0.16, font: { size: 11 } }, font: { size: 12 },
      paper_bgcolor: '#fff', plot_bgcolor: '#fff',
    };
    if (is3d) {
      layout.scene = {
        xaxis: { title: { text: shortLabel(state.x) } }, yaxis: { title: { text: shortLabel(state.y) } },
        zaxis: { title: { text: shortLabel(state.z) } }, uirevision: revision, aspectmode: 'cube',
        camera: { eye: { x: 1.45, y: -1.45, z: 0.8 } }, domain: { x: [0, 1], y: [0, 1] },
      };
      layout.margin = { l: 0, r: 0, t: 0, b: 0 };
    } else {
      layout.xaxis = { title: { text: axisTitle(state.x, 'x') }, zeroline: true, zerolinecolor: '#999', gridcolor: '#eef0f3' };
      layout.yaxis = { title: { text: axisTitle(state.y, 'y') }, zeroline: true, zerolinecolor: '#999', gridcolor: '#eef0f3' };
      layout.legend.y = -0.2;
    }
    return Plotly.react(gd, scatterTraces(), layout, { responsive: true, displaylogo: false });
  }
  function onScatterClick(event) {
    var tag = event.points && event.points[0] && event.points[0].customdata;
    if (!tag || tag === 'n') return;
    if (tag === 's') select({ kind: 'status_quo' });
    else if (tag.slice(0, 2) === 'u:') select({ kind: 'uniform', index: +tag.slice(2) });
    else if (tag.slice(0, 2) === 'p:') select({ kind: 'point', index: +tag.slice(2) });
  }

  // ------------------------------------------------------------------ parallel coordinates
  function renderParallel() {
    var colour = V[state.colour];
    var dims = OBJ.map(function (o, j) {
      var lo = Math.min.apply(null, V[j]), hi = Math.max.apply(null, V[j]);
      if (lo === hi) { lo -= 1; hi += 1; }
      var dim = { label: shortLabel(j) + ' ' + (o.sense === 'max' ? '↑' : '↓'), values: V[j],
        range: o.sense === 'max' ? [lo, hi] : [hi, lo] };
      if (state.ranges[j]) dim.constraintrange = state.ranges[j].length === 1 ? state.ranges[j][0] : state.ranges[j];
      return dim;
    });
    var trace = {
      type: 'parcoords', dimensions: dims, labelangle: 0, labelside: 'top',
      labelfont: { size: 12 }, tickfont: { size: 10 }, rangefont: { size: 9 },
      domain: { x: [0, 0.9] },
      line: { color: colour, colorscale: VIRIDIS_LINES, reversescale: OBJ[state.colour].sense === 'min',
        showscale: true, colorbar: { title: { text: shortLabel(state.colour) }, thickness: 12 } },
      unselected: { line: { color: '#d5d9df', opacity: 0.25 } },
    };
    var layout = { margin: { l: 60, r: 70, t: 50, b: 24 }, font: { size: 12 }, paper_bgcolor: '#fff' };
    return Plotly.react('parcoords', [trace], layout, { responsive: true, displaylogo: false });
  }

  function brushImproving() {
    // Brush every axis to the side of 0 (the status quo) that is better.
    var update = {};
    OBJ.forEach(function (o, j) {
      var lo = Math.min.apply(null, V[j]), hi = Math.max.apply(null, V[j]);
      update['dimensions[' + j + '].constraintrange'] = [o.sense === 'max' ? [0, Math.max(hi, 0)] : [Math.min(lo, 0), 0]];
    });
    Plotly.restyle('parcoords', update);
  }

  // ------------------------------------------------------------------ the table
  var COLUMNS = null;
  function columns() {
    var out = [{ key: 'point', head: t('point'), value: function (i) { return i; }, digits: 0, text: true }];
    OBJ.forEach(function (o, j) {
      out.push({ key: 'o' + j, head: shortLabel(j) + ' ' + (o.sense === 'max' ? '↑' : '↓'),
        value: function (i) { return V[j][i]; }, digits: 3, title: objLabel(j) + ', ' + senseText(j) });
    });
    [['n_sellers', 'sellers', 0], ['n_buyers', 'buyers', 0], ['land_traded_km2', 'land_traded', 1],
      ['paid_100m_yuan', 'money', 1], ['n_losing_welfare', 'losing', 0],
      ['largest_welfare_loss_pct', 'worst_loss', 2]].forEach(function (c) {
      var scale = c[0] === 'paid_100m_yuan' ? MONEY : 1;
      out.push({ key: c[0], head: t(c[1]), value: function (i) { return SUM[c[0]][i] * scale; }, digits: c[2] });
    });
    return out;
  }
  function sortedRows() {
    var column = COLUMNS.filter(function (c) { return c.key === state.sort.key; })[0];
    var rows = brushed();
    var sign = state.sort.desc ? -1 : 1;
    rows.sort(function (a, b) { return sign * (column.value(a) - column.value(b)) || a - b; });
    return rows;
  }
  function renderTable() {
    var rows = sortedRows();
    var column = COLUMNS.filter(function (c) { return c.key === state.sort.key; })[0];
    var count = t('table_count', { k: fmt(rows.length, 0), n: fmt(N, 0) });
    if (rows.length > MAX_ROWS) count += t('table_shown', { shown: MAX_ROWS, key: column.head });
    var countEl = document.getElementById('table-count');
    countEl.textContent = count;
    countEl.dataset.count = rows.length;
    var head = '<thead><tr>' + COLUMNS.map(function (c) {
      var mark = c.key === state.sort.key ? (state.sort.desc ? ' ▼' : ' ▲') : '';
      return '<th data-key="' + c.key + '" class="' + (c.text ? 'text ' : '') +
        (c.key === state.sort.key ? 'sorted' : '') + '" title="' + esc(c.title || c.head) + '">' +
        esc(c.head) + mark + '</th>';
    }).join('') + '</tr></thead>';
    var body = rows.slice(0, MAX_ROWS).map(function (i) {
      var selected = state.selected.kind === 'point' && state.selected.index === i;
      return '<tr data-point="' + i + '"' + (selected ? ' class="selected"' : '') + '>' +
        COLUMNS.map(function (c) {
          var v = c.value(i);
          if (c.key === 'point') return '<td class="text">' + i + (i === CHOSEN ? ' ★' : '') + '</td>';
          return '<td data-value="' + v + '">' + fmt(v, c.digits) + '</td>';
        }).join('') + '</tr>';
    }).join('');
    document.getElementById('points-table').innerHTML = head + '<tbody>' + body + '</tbody>';
  }
  function onTableClick(event) {
    var th = event.target.closest('th');
    if (th) {
      var key = th.dataset.key;
      if (state.sort.key === key) state.sort.desc = !state.sort.desc;
      else {
        var j = key.charAt(0) === 'o' ? +key.slice(1) : -1;
        state.sort = { key: key, desc: j >= 0 ? OBJ[j].sense === 'max' : key !== 'point' };
      }
      renderTable();
      return;
    }
    var tr = event.target.closest('tr[data-point]');
    if (tr) select({ kind: 'point', index: +tr.dataset.point });
  }
  function downloadCsv() {
    // Raw values with unit-bearing column names (objectives in their own units, money in 亿元).
    var keys = Object.keys(SUM);
    var lines = [['point'].concat(OBJ.map(function (o) { return o.name; }), keys).join(',')];
    sortedRows().forEach(function (i) {
      lines.push([i].concat(V.map(function (c) { return c[i]; }), keys.map(function (k) { return SUM[k][i]; })).join(','));
    });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
    link.download = D.run.name + '_brushed_points.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // ------------------------------------------------------------------ the detail panel
  function ruleText(rule) {
    return [t(rule.allocation), t(rule.land_use), t(rule.participation)].join(' / ');
  }
  function badges(i) {
    var out = [];
    if (i === CHOSEN) out.push('<span class="badge chosen">★ ' + esc(t('chosen')) + '</span>');
    D.marks.optima.forEach(function (o) {
      if (o.point === i) out.push('<span class="badge">' + esc(o.label) + '</span>');
    });
    return out.join('');
  }
  function shareBeaten(j, value) {
    var worse = 0;
    for (var i = 0; i < N; i++) {
      if (OBJ[j].sense === 'max' ? V[j][i] < value : V[j][i] > value) worse++;
    }
    return 100 * worse / N;
  }
  function objectivesTable(values, compare) {
    var rows = OBJ.map(function (o, j) {
      var diff = values[j] - V[j][CHOSEN];
      return '<tr data-objective="' + o.name + '"><td class="text">' + esc(objLabel(j)) + '</td>' +
        '<td class="text">' + esc(senseText(j)) + '</td>' +
        '<td class="value" data-value="' + values[j] + '">' + fmt(values[j], 3) + '</td>' +
        (compare ? '<td>' + signed(diff, 3) + '</td><td>' +
          esc(t('of_frontier', { pct: fmt(shareBeaten(j, values[j]), 0) + ' %' })) + '</td>' : '') + '</tr>';
    }).join('');
    var head = '<tr><th class="text">' + esc(t('objective')) + '</th><th class="text">' + esc(t('sense')) +
      '</th><th>' + esc(t('value')) + '</th>' +
      (compare ? '<th>' + esc(t('vs_chosen')) + '</th><th>' + esc(t('share_beaten')) + '</th>' : '') + '</tr>';
    return '<table class="data" id="detail-objectives"><thead>' + head + '</thead><tbody>' + rows + '</tbody></table>';
  }
  function summaryText(i, d) {
    var fields = {
      sellers: fmt(SUM.n_sellers[i], 0), buyers: fmt(SUM.n_buyers[i], 0),
      land: fmt(SUM.land_traded_km2[i], 1),
      money: fmt(SUM.paid_100m_yuan[i] * MONEY, 1),
      losing: fmt(SUM.n_losing_welfare[i], 0), worst: fmt(SUM.largest_welfare_loss_pct[i], 2), city: '—',
    };
    if (SUM.n_losing_welfare[i] === 0) return t('nobody_loses', fields);
    if (d >= 0 && city) {
      var welfare = cityValues('welfare_change_pct', d);
      var worst = 0;
      for (var c = 1; c < NC; c++) if (welfare[c] < welfare[worst]) worst = c;
      fields.city = CITIES.name[worst];
    }
    return t('summary', fields);
  }
  function detailPoint(i) {
    var d = DETAIL[i];
    var html = '<h2>' + esc(pointName(i)) + ' ' + badges(i) + '</h2>' + objectivesTable(pointValues(i), true) +
      '<p class="summary" id="detail-summary">' + esc(summaryText(i, d)) + '</p>';
    if (d < 0) {
      var near = nearestDetailed(i);
      html += '<p class="small">' + esc(t('no_detail', { shown: fmt(ND, 0), total: fmt(N, 0) })) +
        ' <button type="button" class="link" data-goto="' + near + '">' + esc(t('show_point', { point: near })) + '</button></p>';
    } else if (!city) {
      html += '<p class="small">' + esc(t('loading')) + '</p>';
    } else {
      html += mapSection() + tradersSection(d);
    }
    html += leversSection(i);
    return html;
  }
  function nearestDetailed(i) {
    var best = -1, bestDistance = Infinity;
    var spans = V.map(function (column) { return (Math.max.apply(null, column) - Math.min.apply(null, column)) || 1; });
    for (var k = 0; k < N; k++) {
      if (DETAIL[k] < 0) continue;
      var distance = 0;
      for (var j = 0; j < M; j++) distance += Math.pow((V[j][k] - V[j][i]) / spans[j], 2);
      if (distance < bestDistance) { bestDistance = distance; best = k; }
    }
    return best;
  }
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
      parts.push('<text class="inset-title" x="' + (x + w / 2) + '" y="' + (y + h + 110) + '" text-anchor="middle">' +
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
  function tradersSection(d) {
    var sold = cityValues('land_sold_km2', d), bought = cityValues('land_bought_km2', d);
    var money = cityValues('transfers_100m_yuan', d).map(function (v) { return v * MONEY; });
    var gdp = cityValues('gdp_change_pct', d), welfare = cityValues('welfare_change_pct', d);
    function top(values) {
      var order = [];
      for (var c = 0; c < NC; c++) if (values[c] > 0) order.push(c);
      order.sort(function (a, b) { return values[b] - values[a]; });
      return order.slice(0, TOP);
    }
    function table(id, rows, values, head) {
      var body = rows.map(function (c) {
        return '<tr data-city="' + CITIES.code[c] + '"><td class="text">' + esc(CITIES.name[c]) + '</td><td class="text">' +
          esc(CITIES.province[c]) + '</td><td data-value="' + values[c] + '">' + fmt(values[c], 1) + '</td>' +
          cell(money[c], 1) + cell(gdp[c], 2) + cell(welfare[c], 2) + '</tr>';
      }).join('');
      return '<table class="data" id="' + id + '"><thead><tr><th class="text">' + esc(t('city')) +
        '</th><th class="text">' + esc(t('province')) + '</th><th>' + esc(head) + '</th><th>' +
        esc(t('net_money')) + '</th><th>' + esc(t('gdp_pct')) + '</th><th>' + esc(t('welfare_pct')) +
        '</th></tr></thead><tbody>' + body + '</tbody></table>';
    }
    return '<div class="two-tables"><h3>' + esc(t('top_sellers')) + '</h3>' + table('top-sellers', top(sold), sold, t('sold')) +
      '<h3>' + esc(t('top_buyers')) + '</h3>' + table('top-buyers', top(bought), bought, t('bought')) + '</div>';
  }
  function cell(value, digits) {
    var cls = value < 0 ? 'neg' : value > 0 ? 'pos' : '';
    return '<td class="' + cls + '" data-value="' + value + '">' + signed(value, digits) + '</td>';
  }
  function leversSection(i) {
    var levers = D.points.levers;
    if (!levers) return '';
    var rows = levers.names.map(function (name, k) {
      return '<tr><td class="text">' + esc(name) + '</td><td>' + fmt(levers.values[k][i], 4) + '</td></tr>';
    }).join('');
    return '<details><summary>' + esc(t('levers')) + '</summary><table class="data">' + rows + '</table></details>';
  }
  function detailUniform(k) {
    var rule = D.marks.uniform[k];
    var fields = { table: t(rule.table), rule: ruleText(rule), n: fmt(rule.n_dominating, 0),
      witness: rule.witness, margin: fmt(rule.margin, 2) };
    var text = rule.witness === null ? t('uniform_alone', fields) : t('uniform_detail', fields);
    var html = '<h2>' + esc(t(rule.table === 'table2' ? 'uniform_intra' : 'uniform_inter')) + '</h2>' +
      objectivesTable(rule.values, true) + '<p class="summary">' + esc(text) + '</p>';
    if (rule.witness !== null) {
      html += '<p><button type="button" data-goto="' + rule.witness + '">' +
        esc(t('show_point', { point: rule.witness })) + '</button></p>';
    }
    return html;
  }
  function renderDetail() {
    var s = state.selected;
    var panel = document.getElementById('detail');
    if (s.kind === 'point') panel.innerHTML = detailPoint(s.index);
    else if (s.kind === 'uniform') panel.innerHTML = detailUniform(s.index);
    else panel.innerHTML = '<h2>' + esc(t('status_quo')) + '</h2>' + objectivesTable(D.marks.status_quo, true) +
      '<p class="summary">' + esc(t('status_quo_detail')) + '</p>';
    panel.dataset.kind = s.kind;
    panel.dataset.point = s.kind === 'point' ? s.index : '';
    if (s.kind === 'point' && DETAIL[s.index] >= 0 && city) paintMap(DETAIL[s.index]);
    ROOT.dataset.selected = s.kind === 'point' ? s.index : s.kind;
  }
  function onDetailEvent(event) {
    var go = event.target.closest('[data-goto]');
    if (go && event.type === 'click') select({ kind: 'point', index: +go.dataset.goto });
    if (event.target.id === 'map-variable' && event.type === 'change') {
      state.mapVariable = event.target.value;
      if (mapData) paintMap(mapData.d);
    }
    if (event.target.id === 'map-fixed' && event.type === 'change') {
      state.fixedScale = event.target.checked;
      if (mapData) paintMap(mapData.d);
    }
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

  // ------------------------------------------------------------------ wiring
  function select(selection) {
    state.selected = selection;
    renderDetail();
    renderScatter();
    renderTable();
  }
  function fillTexts() {
    document.getElementById('title').textContent = t('title') + COLON + D.run.name;
    document.getElementById('subtitle').textContent = t('subtitle', {
      run: D.run.name, n: fmt(N, 0), algorithm: D.run.algorithm, evaluations: fmt(D.run.evaluations, 0),
      seed: D.run.seed, family: D.run.family });
    var extra = '';
    if (D.chosen.improving_only) extra += t('improving_only');
    if (D.chosen.weights) {
      extra += t('weights', { weights: Object.keys(D.chosen.weights).map(function (name) {
        var j = indexOf(name, -1);
        return (j >= 0 ? OBJ[j].label : name) + ' ' + fmt(D.chosen.weights[name], 2);
      }).join(', ') });
    }
    document.getElementById('chosen-how').textContent = t('chosen_how', {
      point: CHOSEN, method: t(D.chosen.method), extra: extra });
    document.getElementById('notes').textContent = t('detail_note', {
      shown: fmt(ND, 0), total: fmt(N, 0), how: ND === N ? t('detail_all') : t('detail_thinned') }) + ' ' + t('offline');
    document.querySelectorAll('[data-t]').forEach(function (node) { node.textContent = t(node.dataset.t); });
    var selects = { 'axis-x': 'x', 'axis-y': 'y', 'axis-z': 'z', colour: 'colour' };
    Object.keys(selects).forEach(function (id) {
      var key = selects[id];
      var options = OBJ.map(function (o, j) { return '<option value="' + j + '">' + esc(objLabel(j)) + '</option>'; });
      if (key === 'z') options.unshift('<option value="-1">' + esc(t('none_2d')) + '</option>');
      var node = document.getElementById(id);
      node.innerHTML = options.join('');
      node.value = String(state[key]);
      node.addEventListener('change', function () {
        state[key] = +node.value;
        if (key === 'colour') renderParallel();
        renderScatter();
      });
    });
  }
  async function main() {
    hoverText = new Array(N);
    for (var i = 0; i < N; i++) hoverText[i] = pointHover(i);
    COLUMNS = columns();
    fillTexts();
    renderDetail();
    renderTable();
    await renderParallel();
    await renderScatter();
    var parallel = document.getElementById('parcoords');
    parallel.on('plotly_restyle', onParallelRestyle);
    document.getElementById('scatter').on('plotly_click', onScatterClick);
    document.getElementById('points-table').addEventListener('click', onTableClick);
    var detail = document.getElementById('detail');
    detail.addEventListener('click', onDetailEvent);
    detail.addEventListener('change', onDetailEvent);
    detail.addEventListener('mousemove', onMapHover);
    detail.addEventListener('mouseleave', function () { document.getElementById('tooltip').hidden = true; });
    document.getElementById('reset').addEventListener('click', function () {
      state.ranges = new Array(M).fill(null);
      computeBrush();
      var update = {};
      for (var j = 0; j < M; j++) update['dimensions[' + j + '].constraintrange'] = null;
      Plotly.restyle('parcoords', update);
      renderScatter();
      renderTable();
    });
    document.getElementById('download').addEventListener('click', downloadCsv);
    document.getElementById('improving').addEventListener('click', brushImproving);
    city = await loadCities();
    renderDetail();
    ROOT.dataset.ready = '1';
  }
  main().catch(function (error) {
    ROOT.dataset.errors = (ROOT.dataset.errors || '') + String(error && error.stack || error) + ';';
    throw error;
  });
})();
