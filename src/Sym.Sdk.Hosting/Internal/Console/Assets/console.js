// The Sym console's only script, a progressive enhancement: keeps "(in 59 min)" countdowns current. Pages work without it.
(function () {
  function until(ms) {
    if (ms <= 0) return 'passed';
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d >= 1) return 'in ' + d + ' d ' + h + ' h';
    if (h >= 1) return 'in ' + h + ' h ' + m + ' min';
    if (m >= 1) return 'in ' + m + ' min';
    return 'in ' + s + ' s';
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-until]').forEach(function (el) {
      var t = Date.parse(el.getAttribute('data-until'));
      if (!isNaN(t)) el.textContent = '(' + until(t - now) + ')';
    });
  }
  document.addEventListener('DOMContentLoaded', function () { tick(); setInterval(tick, 1000); });
})();
