/* The table of the points inside every brush. */

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
