/* The detail panel of the selected point, Pareto point, uniform rule or status quo. */

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
