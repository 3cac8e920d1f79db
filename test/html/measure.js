// Appended (in a <script> element) to a COPY of a report by
// test/stages/85-html.sh: the report itself has no script.  Measures the
// laid-out document in headless Chromium and writes the result as JSON
// into <pre id="fairness-test-result">, read back with --dump-dom.
(function () {
  var out = { charts: [] };
  var figs = document.querySelectorAll('figure.chart');
  for (var i = 0; i < figs.length; i++) {
    var f = figs[i];
    var svg = f.querySelector('svg');
    var clip = svg.querySelector('clipPath rect');
    var cx0 = clip ? +clip.getAttribute('x') : 0;
    var cx1 = clip ? cx0 + +clip.getAttribute('width') : 760;
    var bars = f.querySelectorAll('g.bar');
    var labels = svg.querySelectorAll('text.label');
    var c = { id: f.id, bars: bars.length, names: [], statuses: [], roles: [],
              title: '', desc: '', table: !!f.querySelector('details table'),
              tableRows: f.querySelectorAll('details tbody tr').length,
              curves: f.querySelectorAll('polyline.curve').length,
              labelsOverflow: 0, labelsWithoutTitle: 0, maxLabelWidth: 0,
              suppressedWithNumber: 0, barOutsidePlot: 0 };
    var t = svg.querySelector('svg > title'), d = svg.querySelector('svg > desc');
    c.title = t ? t.textContent : '';
    c.desc = d ? d.textContent : '';
    for (var j = 0; j < labels.length; j++) {
      var b = labels[j].getBBox();
      c.maxLabelWidth = Math.max(c.maxLabelWidth, Math.round(b.width));
      // the visible part of the label: inside the label column
      if (b.x < cx0 - 0.5 || b.x + b.width > cx1 + 0.5) c.labelsOverflow++;
      var lt = labels[j].querySelector('title');
      if (!lt || lt.textContent.length === 0) c.labelsWithoutTitle++;
    }
    for (var k = 0; k < bars.length; k++) {
      var g = bars[k];
      var lt2 = g.querySelector('text.label title');
      c.names.push(lt2 ? lt2.textContent : null);
      c.statuses.push(g.getAttribute('data-status'));
      c.roles.push(g.getAttribute('data-role'));
      var st = g.querySelector('text.status');
      if (g.getAttribute('data-role') === 'suppressed' && /[0-9]/.test(st ? st.textContent : ''))
        c.suppressedWithNumber++;
      var rects = g.querySelectorAll('rect');
      for (var r = 0; r < rects.length; r++) {
        var rb = rects[r].getBBox();
        if (rb.x < 199.5 || rb.x + rb.width > 520.5) c.barOutsidePlot++;
      }
    }
    out.charts.push(c);
  }
  out.tables = document.querySelectorAll('table').length;
  out.pageOverflow = document.documentElement.scrollWidth > document.documentElement.clientWidth;
  out.sections = Array.prototype.map.call(document.querySelectorAll('main > section'), function (s) { return s.id; });
  var pre = document.createElement('pre');
  pre.id = 'fairness-test-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
