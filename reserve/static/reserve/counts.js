// The call-out page's counts, fetched again every 15 seconds (the page works without it).
(function () {
  var table = document.getElementById("callout-counts");
  if (!table || !window.fetch) return;
  function update() {
    fetch(table.dataset.countsUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) return;
        table.querySelectorAll("[data-count]").forEach(function (cell) {
          var value = String(counts[cell.dataset.count]);
          if (cell.textContent !== value) cell.textContent = value;
        });
      })
      .catch(function () {});
  }
  setInterval(update, 15000);
})();
