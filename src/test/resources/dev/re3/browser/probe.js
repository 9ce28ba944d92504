(function () {
  var probe = {errors: [], resources: [], figures: [], page: {}};
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && t.tagName) { probe.resources.push(String(t.src || t.href || t.tagName)); return; }
    probe.errors.push('uncaught ' + (e.message || String(e.error)) + ' at ' + (e.filename || '?') + ':' + (e.lineno || 0));
  }, true);
  window.addEventListener('unhandledrejection', function (e) { probe.errors.push('unhandled rejection ' + String(e.reason)); });
  var consoleError = console.error;
  console.error = function () {
    probe.errors.push('console.error ' + Array.prototype.map.call(arguments, String).join(' '));
    return consoleError.apply(console, arguments);
  };
  function figures() {
    var kept = [];
    document.querySelectorAll('.re3-figure, .plotly-graph-div, .js-plotly-plot, svg[role="img"]').forEach(function (el) {
      for (var p = el.parentElement; p; p = p.parentElement) { if (kept.indexOf(p) >= 0) { return; } }
      kept.push(el);
    });
    return kept;
  }
  function write() {
    probe.figures = figures().map(function (el) {
      var r = el.getBoundingClientRect();
      return {id: el.id || '', kind: el.tagName.toLowerCase() + '.' + String(el.getAttribute('class') || '').split(' ')[0],
        x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height,
        graphics: el.querySelectorAll('svg, canvas').length + (el.tagName.toLowerCase() === 'svg' ? 1 : 0)};
    });
    probe.page = {width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight};
    var pre = document.createElement('pre');
    pre.id = 're3-probe';
    pre.textContent = JSON.stringify(probe);
    document.body.appendChild(pre);
  }
  function isolate(i) {
    var el = figures()[i];
    if (!el) { return; }
    var r = el.getBoundingClientRect();
    var s = el.style;
    s.position = 'fixed'; s.left = '0'; s.top = '0'; s.margin = '0'; s.zIndex = '2147483647'; s.background = '#fff';
    s.width = Math.ceil(r.width) + 'px'; s.height = Math.ceil(r.height) + 'px';
  }
  window.addEventListener('load', function () {
    setTimeout(function () {
      var m = /re3figure=(\d+)/.exec(location.hash);
      if (m) { isolate(Number(m[1])); } else { write(); }
    }, 2500);
  });
})();
