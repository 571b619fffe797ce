// The dashboards' charts (okrflow/web/views/dashboards.py), fed by the JSON of #dash-data.
// Kept out of the templates (the CSP forbids inline scripts). One kind of number per axis:
// scores 0–1, confidence 0–100, shares in percent, counts of objectives.
(function () {
  "use strict";

  var BRAND = "#3b5bdb", TEAL = "#0ca678", ORANGE = "#f08c00";
  var GRADE_COLOURS = { poor: "#e03131", fair: "#f08c00", good: "#2f9e44", excellent: "#1c7ed6" };
  var charts = [];

  function data() {
    var source = document.getElementById("dash-data");
    return source ? JSON.parse(source.textContent) : null;
  }

  function theme(el) {
    var dark = el.dataset.theme === "dark";
    return {
      dark: dark, text: dark ? "#e9ecef" : "#495057", muted: dark ? "#adb5bd" : "#868e96",
      grid: dark ? "rgba(255,255,255,.12)" : "#edf0f5", size: dark ? 18 : 12
    };
  }

  function axisStyle(t) {
    return { axisLabel: { color: t.muted, fontSize: t.size }, axisLine: { lineStyle: { color: t.grid } },
             splitLine: { lineStyle: { color: t.grid } }, nameTextStyle: { color: t.muted, fontSize: t.size } };
  }

  function weekLabels(d) {
    return d.weeks.map(function (w) { return w.slice(5); });  // MM-DD of each Monday
  }

  function base(t) {
    return { animation: false, textStyle: { fontSize: t.size, color: t.text },
             tooltip: { trigger: "axis", textStyle: { fontSize: t.size } },
             legend: { bottom: 0, textStyle: { color: t.text, fontSize: t.size } },
             grid: { left: 8, right: 36, top: 28, bottom: 40, containLabel: true } };
  }

  function score(v) { return v === null || v === undefined ? "—" : Number(v).toFixed(2); }
  function percent(v) { return v === null || v === undefined ? "—" : Math.round(v) + "%"; }

  function lineOption(t, d, series, axis) {
    var option = base(t);
    option.xAxis = Object.assign({ type: "category", data: weekLabels(d), name: d.labels.week, boundaryGap: false },
                                 axisStyle(t));
    option.xAxis.nameLocation = "start";
    option.xAxis.nameTextStyle = { color: "transparent" };
    option.yAxis = Object.assign({ type: "value" }, axisStyle(t), axis);
    option.series = series.map(function (s) {
      return { name: s.name, type: "line", data: s.data, connectNulls: true, smooth: false, showSymbol: true,
               symbolSize: t.dark ? 10 : 6, lineStyle: { width: t.dark ? 4 : 2.5, type: s.dashed ? "dashed" : "solid" },
               itemStyle: { color: s.colour }, areaStyle: s.area ? { opacity: 0.08 } : undefined,
               markLine: s.markLine };
    });
    option.tooltip.valueFormatter = axis.max === 1 ? score : percent;
    return option;
  }

  var bands = function (d) {
    // The policy's grade edges as a backdrop for score axes (OkrPolicy.fair_from, good_from).
    return { silent: true, symbol: "none", lineStyle: { color: "#adb5bd", type: "dotted" },
             label: { show: false }, data: (d.bands || []).map(function (edge) { return { yAxis: edge }; }) };
  };

  // Names come from users (units, key results): ECharts sets a formatter's string as HTML.
  function escape(text) {
    return String(text === null || text === undefined ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var builders = {
    trend: function (t, d) {
      var series = [{ name: d.labels.own, data: d.ownTrend, colour: BRAND, area: true, markLine: bands(d) },
                    { name: d.labels.all, data: d.allTrend, colour: TEAL, dashed: true }];
      return lineOption(t, d, series, { min: 0, max: 1, name: d.labels.score });
    },
    "person-score": function (t, d) {
      return lineOption(t, d, [{ name: d.labels.score, data: d.scoreTrend, colour: BRAND, area: true,
                                 markLine: bands(d) }], { min: 0, max: 1, name: d.labels.score });
    },
    "person-confidence": function (t, d) {
      return lineOption(t, d, [{ name: d.labels.confidence, data: d.confidenceTrend, colour: ORANGE, area: true }],
                        { min: 0, max: 100, name: d.labels.confidence,
                          axisLabel: { formatter: "{value}%", color: t.muted, fontSize: t.size } });
    },
    histogram: function (t, d, el) {
      var option = base(t);
      var labels = d.histogram.map(function (_n, i) { return (i / 10).toFixed(1) + "–" + ((i + 1) / 10).toFixed(1); });
      option.legend = { show: false };
      option.xAxis = Object.assign({ type: "category", data: labels, name: d.labels.score }, axisStyle(t));
      option.xAxis.axisLabel = { interval: 0, rotate: el.clientWidth < 560 ? 45 : 0, color: t.muted,
                                 fontSize: t.dark ? 16 : 10 };
      option.xAxis.nameLocation = "middle";
      option.xAxis.nameGap = el.clientWidth < 560 ? 44 : t.dark ? 40 : 28;
      option.yAxis = Object.assign({ type: "value", minInterval: 1, name: d.labels.objectives }, axisStyle(t));
      option.grid.bottom = el.clientWidth < 560 ? 40 : t.dark ? 48 : 32;
      option.series = [{ type: "bar", name: d.labels.objectives, barCategoryGap: "12%", data: d.histogram.map(function (n, i) {
        var colour = i < 4 ? GRADE_COLOURS.poor : i < 6 ? GRADE_COLOURS.fair : i < 9 ? GRADE_COLOURS.good : GRADE_COLOURS.excellent;
        return { value: n, itemStyle: { color: colour, borderRadius: [3, 3, 0, 0] } };
      }), label: { show: true, position: "top", color: t.text, fontSize: t.size, formatter: function (p) { return p.value || ""; } } }];
      return option;
    },
    heatmap: function (t, d, el) {
      var mode = el.dataset.mode || "score", isScore = mode === "score";
      var rows = isScore ? d.heatScore : d.heatConfidence, cells = [];
      rows.forEach(function (row, y) {
        row.forEach(function (v, x) { cells.push([x, y, v === null ? "-" : v]); });
      });
      var option = base(t);
      option.tooltip = { position: "top", formatter: function (p) {
        return escape(d.units[p.value[1]]) + "<br>" + escape(d.labels.week) + " " + escape(d.weeks[p.value[0]]) + ": " +
          (isScore ? score(p.value[2] === "-" ? null : p.value[2]) : percent(p.value[2] === "-" ? null : p.value[2]));
      } };
      option.grid = { left: 8, right: 16, top: 8, bottom: 56, containLabel: true };
      option.legend = { show: false };
      option.xAxis = Object.assign({ type: "category", data: weekLabels(d), splitArea: { show: false } }, axisStyle(t));
      option.yAxis = Object.assign({ type: "category", data: d.units, inverse: true }, axisStyle(t));
      option.visualMap = { min: 0, max: isScore ? 1 : 100, calculable: false, orient: "horizontal", left: "center",
                           bottom: 0, itemHeight: 160, textStyle: { color: t.muted, fontSize: t.size },
                           text: [isScore ? "1.0" : "100%", "0"],
                           inRange: { color: ["#ffe3e3", "#fff3bf", "#d3f9d8", "#2f9e44"] } };
      option.series = [{ type: "heatmap", data: cells, itemStyle: { borderColor: t.dark ? "#101522" : "#fff", borderWidth: 2 },
                         label: { show: el.clientWidth > 700, fontSize: t.dark ? 14 : 10, color: "#212529",
                                  formatter: function (p) { return p.value[2] === "-" ? "" : isScore ? Number(p.value[2]).toFixed(2) : Math.round(p.value[2]); } } }];
      return option;
    },
    units: function (t, d) {
      var option = base(t);
      option.grid.top = 40;
      option.xAxis = Object.assign({ type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%", color: t.muted, fontSize: t.size } }, axisStyle(t));
      option.xAxis.axisLabel = { formatter: "{value}%", color: t.muted, fontSize: t.size };
      option.yAxis = Object.assign({ type: "category", data: d.units, inverse: true }, axisStyle(t));
      function pct(list) { return list.map(function (v) { return v === null ? null : Math.round(v * 100); }); }
      option.tooltip.valueFormatter = percent;
      option.series = [
        { name: d.labels.checkinRate, type: "bar", data: pct(d.checkinRate), itemStyle: { color: BRAND },
          label: { show: true, position: "insideRight", color: "#fff", fontSize: t.size, formatter: "{c}%" } },
        { name: d.labels.bottomUp, type: "bar", data: pct(d.bottomUp), itemStyle: { color: TEAL },
          label: { show: true, position: "insideRight", color: "#fff", fontSize: t.size, formatter: "{c}%" },
          markLine: { symbol: "none", data: [{ xAxis: d.bottomUpGoal, name: d.labels.goal }], lineStyle: { color: ORANGE, width: 3 },
                      label: { formatter: d.labels.goal, color: ORANGE, fontSize: t.size, position: "end" } } }
      ];
      return option;
    }
  };

  function draw(el, d) {
    var build = builders[el.dataset.chart];
    if (!build) { return; }
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.setOption(build(theme(el), d, el), true);
    if (charts.indexOf(chart) < 0) { charts.push(chart); }
  }

  function heatToggle(d) {
    document.querySelectorAll("[data-heat]").forEach(function (button) {
      button.addEventListener("click", function () {
        var el = document.querySelector('[data-chart="heatmap"]');
        if (!el) { return; }
        el.dataset.mode = button.dataset.heat;
        document.querySelectorAll("[data-heat]").forEach(function (other) {
          var on = other === button;
          other.classList.toggle("active", on);
          other.setAttribute("aria-pressed", on ? "true" : "false");
        });
        draw(el, d);
      });
    });
  }

  // TV mode: show one panel at a time, the next every data-tv-cycle seconds.
  function tvCycle() {
    var holder = document.querySelector("[data-tv-cycle]");
    if (!holder) { return; }
    var panels = holder.querySelectorAll(".dash-tv-panel"), at = 0, dots = [];
    if (panels.length < 2) { return; }
    var bar = document.createElement("div");
    bar.className = "dash-tv-dots";
    bar.setAttribute("aria-hidden", "true");
    panels.forEach(function (_panel, i) {
      var dot = document.createElement("span");
      dot.className = i === 0 ? "dash-tv-dot is-on" : "dash-tv-dot";
      bar.appendChild(dot);
      dots.push(dot);
    });
    holder.appendChild(bar);
    window.setInterval(function () {
      panels[at].classList.remove("is-shown");
      at = (at + 1) % panels.length;
      panels[at].classList.add("is-shown");
      dots.forEach(function (dot, i) { dot.classList.toggle("is-on", i === at); });
      charts.forEach(function (chart) { chart.resize(); });
    }, Number(holder.dataset.tvCycle) * 1000);
  }

  function init() {
    var d = data();
    if (!d || typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) { draw(el, d); });
    heatToggle(d);
    tvCycle();
    window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
