/* Dashboards: draw each chart from the JSON the server rendered beside it (json_script).
 *
 * An enhancement only: the table under each chart holds the same numbers and is the content
 * without JavaScript. Every word shown (series, categories, axis names) comes from that JSON,
 * so translations stay on the server. Nothing here writes inline styles or HTML strings: the
 * Content-Security-Policy forbids inline style attributes, so tooltips are drawn on the canvas
 * (renderMode "richText") rather than as HTML.
 */
(function () {
  "use strict";

  // Okabe–Ito colours: told apart with the common colour-vision deficiencies.
  var PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#7f6d00", "#000000"];
  // A series may name its meaning: on time, late, overdue keep their colours in every chart.
  var TONES = { ok: "#0072b2", late: "#e69f00", bad: "#d55e00" };
  var INK = "#1f1f1f";
  var FONT_SIZE = 13;

  function readSpec(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  function valueAxes(spec) {
    return spec.axes.map(function (axis) {
      return {
        type: "value",
        name: axis.name,
        // Beside a horizontal chart's axis the name would run off the right edge: centre it below.
        nameLocation: spec.horizontal ? "middle" : "end",
        nameGap: spec.horizontal ? 28 : 15,
        max: axis.max,
        minInterval: axis.max ? 0 : 1,
        axisLabel: { color: INK, fontSize: FONT_SIZE },
        nameTextStyle: { color: INK, fontSize: FONT_SIZE }
      };
    });
  }

  function categoryAxis(spec) {
    return {
      type: "category",
      data: spec.categories,
      inverse: spec.horizontal, // the first row of the table on top
      axisLabel: { color: INK, fontSize: FONT_SIZE, interval: 0, hideOverlap: !spec.horizontal },
      axisTick: { alignWithLabel: true }
    };
  }

  function series(spec) {
    var axisKey = spec.horizontal ? "xAxisIndex" : "yAxisIndex";
    return spec.series.map(function (item) {
      var drawn = { name: item.name, type: item.type || "bar", data: item.data, stack: item.stack, barMaxWidth: 36 };
      drawn[axisKey] = item.axis || 0;
      if (item.tone && TONES[item.tone]) {
        drawn.itemStyle = { color: TONES[item.tone] };
      }
      if (drawn.type === "line") {
        drawn.symbolSize = 8;
      }
      return drawn;
    });
  }

  function option(spec) {
    var values = valueAxes(spec);
    var categories = categoryAxis(spec);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return {
      color: PALETTE,
      animation: !reduceMotion,
      textStyle: { fontFamily: "inherit", fontSize: FONT_SIZE },
      legend: { show: spec.series.length > 1, top: 0, type: "scroll", textStyle: { color: INK, fontSize: FONT_SIZE } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      // A second value axis of a horizontal chart sits on top, under the legend.
      grid: {
        top: spec.horizontal && spec.axes.length > 1 ? 88 : 48,
        left: 8,
        right: 24,
        bottom: spec.horizontal ? 32 : 8,
        containLabel: true
      },
      xAxis: spec.horizontal ? values : categories,
      yAxis: spec.horizontal ? categories : values,
      series: series(spec)
    };
  }

  function draw(container) {
    var spec = readSpec(container.getAttribute("data-chart"));
    if (!spec || typeof window.echarts === "undefined") {
      return null;
    }
    container.hidden = false; // shown only once it can be drawn; ECharts needs its size
    var chart = window.echarts.init(container, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    container.classList.add("is-drawn");
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (container) {
      var chart = draw(container);
      if (chart) {
        charts.push(chart);
      }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (chart) {
          chart.resize();
        });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
