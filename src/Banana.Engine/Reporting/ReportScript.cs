namespace Banana.Engine.Reporting
{
    /// <summary>
    /// The report's only script, inline. It filters cards by status, expands long prompts, marks images that fail to
    /// load, and publishes image counts on &lt;body&gt; (data-images, data-images-loaded, data-broken-images) so a
    /// headless browser can check that every image renders, with the widest image's natural width (data-widest-image:
    /// thumbnails, not 2K files) and when the page became usable (data-ready-ms at DOMContentLoaded, data-load-ms at the
    /// load event, in milliseconds since navigation). Opening the page with <c>#check-images</c> loads lazy images at
    /// once, for that check.
    /// </summary>
    internal static class ReportScript
    {
        internal const string Js = """
(function () {
  'use strict';
  var loaded = 0, broken = 0, widest = 0;
  function publish() {
    var body = document.body;
    if (!body) { return; }
    body.setAttribute('data-images', String(document.images.length));
    body.setAttribute('data-images-loaded', String(loaded));
    body.setAttribute('data-broken-images', String(broken));
    body.setAttribute('data-widest-image', String(widest));
  }
  function settled(event) {
    var img = event.target;
    if (!img || img.tagName !== 'IMG') { return; }
    if (event.type === 'load' && img.naturalWidth > 0) { loaded++; widest = Math.max(widest, img.naturalWidth); } else { broken++; img.classList.add('broken'); }
    publish();
  }
  document.addEventListener('load', settled, true);
  document.addEventListener('error', settled, true);
  document.addEventListener('DOMContentLoaded', function () {
    if (location.hash === '#check-images') {
      for (var i = 0; i < document.images.length; i++) { document.images[i].loading = 'eager'; }
    }
    document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
    publish();
  });
  window.addEventListener('load', function () {
    document.body.setAttribute('data-load-ms', String(Math.round(performance.now())));
  });
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || !target.closest) { return; }
    var chip = target.closest('button[data-filter]');
    if (chip) {
      document.body.setAttribute('data-filter', chip.getAttribute('data-filter'));
      document.body.classList.toggle('nothing-shown', chip.querySelector('b').textContent === '0');
      var chips = document.querySelectorAll('button[data-filter]');
      for (var c = 0; c < chips.length; c++) { chips[c].setAttribute('aria-pressed', String(chips[c] === chip)); }
      return;
    }
    var prompt = target.closest('.prompt');
    if (prompt) { prompt.classList.toggle('open'); }
  });
})();
""";
    }
}
