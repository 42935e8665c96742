/* The frontier plot (2-D or 3-D) and the parallel coordinates. */

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
