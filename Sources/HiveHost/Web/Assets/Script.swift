/// The dashboard's script, served at `/assets/app.js`: confirms control forms, toggles grid
/// modes, sorts and filters the fleet table in place, and keeps the fleet totals live from
/// `/events`. The pages work without it (minus those conveniences).
enum Script {
    static let text = #"""
        "use strict";
        (function () {
          function format(v, f) {
            if (v === null || v === undefined) return "\u2013";
            if (f === "hashrate") { var th = v / 1e12; return th >= 1000 ? (th / 1000).toFixed(2) + " PH/s" : th.toFixed(2) + " TH/s"; }
            if (f === "power") { var a = Math.abs(v); if (a >= 1e7) return (v / 1e6).toFixed(2) + " MW"; if (a >= 1e4) return (v / 1e3).toFixed(1) + " kW"; return Math.round(v) + " W"; }
            if (f === "jth") return v.toFixed(1) + " J/TH";
            return String(v);
          }

          document.addEventListener("submit", function (e) {
            var message = e.target.getAttribute("data-confirm");
            if (message && !window.confirm(message)) e.preventDefault();
          });

          document.querySelectorAll("[data-toggle]").forEach(function (group) {
            var kind = group.getAttribute("data-toggle") === "heat" ? "svg.heat" : "svg.chips";
            group.addEventListener("click", function (e) {
              var button = e.target.closest("button[data-mode]");
              if (!button) return;
              var mode = button.getAttribute("data-mode");
              group.querySelectorAll("button").forEach(function (b) { b.classList.toggle("on", b === button); });
              var scope = group.closest("section") || document;
              scope.querySelectorAll(kind).forEach(function (svg) { svg.hidden = svg.getAttribute("data-mode") !== mode; });
            });
          });

          var table = document.getElementById("miners");
          if (table && table.tBodies.length) {
            var tbody = table.tBodies[0];
            var sortBy = function (th) {
              var col = Number(th.getAttribute("data-col"));
              var type = th.getAttribute("data-type");
              var desc = th.classList.contains("asc");
              table.tHead.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
              th.classList.add(desc ? "desc" : "asc");
              var key = function (row) {
                var cell = row.cells[col];
                if (!cell) return null;
                if (type === "text") return cell.textContent.trim().toLowerCase();
                var v = cell.getAttribute("data-v");
                return v === null ? null : parseFloat(v);
              };
              var rows = Array.prototype.slice.call(tbody.rows);
              rows.sort(function (a, b) {
                var x = key(a), y = key(b);
                if (x === null && y === null) return 0;
                if (x === null) return 1;
                if (y === null) return -1;
                if (x < y) return desc ? 1 : -1;
                if (x > y) return desc ? -1 : 1;
                return 0;
              });
              rows.forEach(function (r) { tbody.appendChild(r); });
            };
            table.tHead.addEventListener("click", function (e) { var th = e.target.closest("th"); if (th) sortBy(th); });
            table.tHead.addEventListener("keydown", function (e) { if (e.key === "Enter") { var th = e.target.closest("th"); if (th) sortBy(th); } });

            var bar = document.querySelector('[data-filters="miners"]');
            if (bar) {
              var value = function (name) { var el = bar.querySelector('[data-filter="' + name + '"]'); return el ? el.value.trim().toLowerCase() : ""; };
              var apply = function () {
                var q = value("search"), condition = value("condition"), driver = value("driver"), model = value("model");
                var shown = 0;
                Array.prototype.forEach.call(tbody.rows, function (row) {
                  var ok = (!q || (row.getAttribute("data-search") || "").indexOf(q) >= 0)
                    && (!condition || row.getAttribute("data-condition") === condition)
                    && (!driver || row.getAttribute("data-driver") === driver)
                    && (!model || row.getAttribute("data-model") === model);
                  row.hidden = !ok;
                  if (ok) shown++;
                });
                var count = bar.querySelector("[data-count]");
                if (count) count.textContent = shown + " miners";
              };
              bar.addEventListener("input", apply);
              bar.addEventListener("change", apply);
            }
          }

          var live = document.querySelector('[data-live="summary"]');
          if (live && window.EventSource) {
            var source = new EventSource("/events");
            source.addEventListener("summary", function (e) {
              var data;
              try { data = JSON.parse(e.data); } catch (err) { return; }
              live.querySelectorAll("[data-field]").forEach(function (el) {
                var field = el.getAttribute("data-field");
                if (Object.prototype.hasOwnProperty.call(data, field)) el.textContent = format(data[field], el.getAttribute("data-format"));
              });
            });
            window.addEventListener("beforeunload", function () { source.close(); });
          }
        })();

        """#
}
