/* Wiring: texts, controls and events; the page is ready when the city data are decoded. */

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
