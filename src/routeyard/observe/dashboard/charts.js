// routeyard's charts: small inline-SVG line, column and bar charts, no dependencies.
// Every label is set with textContent, never parsed as markup.
(function (global) {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, String(attrs[name]));
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // About `count` round tick values (1, 2 or 5 times a power of ten) covering [0, max].
  function ticks(max, count) {
    if (!(max > 0)) return [0, 1];
    var raw = max / count;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; })
      .find(function (s) { return s >= raw; });
    var out = [0];
    while (out[out.length - 1] < max * (1 - 1e-9)) out.push(out.length * step);
    return out;
  }

  function frame(width, height, label) {
    return svg("svg", {
      viewBox: "0 0 " + width + " " + height,
      width: "100%",
      role: "img",
      "aria-label": label || "chart",
      class: "chart",
    });
  }

  function yAxis(root, box, yTicks, yFormat) {
    var top = yTicks[yTicks.length - 1];
    yTicks.forEach(function (v) {
      var y = box.bottom - (v / top) * (box.bottom - box.top);
      root.appendChild(svg("line", { x1: box.left, x2: box.right, y1: y, y2: y, class: "gridline" }));
      root.appendChild(svg("text", { x: box.left - 6, y: y + 4, class: "tick end" }, yFormat(v)));
    });
    return function (v) { return box.bottom - (v / top) * (box.bottom - box.top); };
  }

  function xLabels(root, box, xs, xFormat, xAt) {
    if (!xs.length) return;
    var n = Math.min(5, xs.length);
    var seen = {};
    for (var i = 0; i < n; i++) {
      var k = n === 1 ? 0 : Math.round((i * (xs.length - 1)) / (n - 1));
      if (seen[k]) continue;
      seen[k] = true;
      var anchor = i === 0 ? "start" : i === n - 1 ? "end" : "middle";
      root.appendChild(svg("text", { x: xAt(k), y: box.bottom + 16, class: "tick " + anchor },
        xFormat(xs[k])));
    }
  }

  // Lines over a shared x axis. opts: {xs, series: [{name, cls, values}], band: [i, j, cls],
  // xFormat, yFormat, width, height, label}. `band` shades the area between two series.
  function lineChart(opts) {
    var width = opts.width || 640, height = opts.height || 230;
    var box = { left: 64, right: width - 12, top: 12, bottom: height - 26 };
    var root = frame(width, height, opts.label);
    var xs = opts.xs || [];
    var max = 0;
    opts.series.forEach(function (s) {
      s.values.forEach(function (v) { if (v > max) max = v; });
    });
    var yAt = yAxis(root, box, ticks(max, 4), opts.yFormat || String);
    var xAt = function (i) {
      return xs.length <= 1 ? (box.left + box.right) / 2
        : box.left + (i * (box.right - box.left)) / (xs.length - 1);
    };
    function points(values) {
      return values.map(function (v, i) { return xAt(i).toFixed(1) + "," + yAt(v).toFixed(1); });
    }
    if (opts.band && xs.length) {
      var upper = points(opts.series[opts.band[0]].values);
      var lower = points(opts.series[opts.band[1]].values).reverse();
      root.appendChild(svg("path", {
        d: "M" + upper.join("L") + "L" + lower.join("L") + "Z", class: "band " + opts.band[2],
      }));
    }
    opts.series.forEach(function (s) {
      if (!s.values.length) return;
      root.appendChild(svg("path", { d: "M" + points(s.values).join("L"), class: "line " + s.cls }));
    });
    root.appendChild(svg("line", { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom,
      class: "axis" }));
    xLabels(root, box, xs, opts.xFormat || String, xAt);
    return root;
  }

  // Stacked columns per x. opts: {xs, stacks: [{name, cls, values}], xFormat, yFormat, ...}.
  function columnChart(opts) {
    var width = opts.width || 640, height = opts.height || 180;
    var box = { left: 64, right: width - 12, top: 12, bottom: height - 26 };
    var root = frame(width, height, opts.label);
    var xs = opts.xs || [];
    var totals = xs.map(function (_, i) {
      return opts.stacks.reduce(function (sum, s) { return sum + (s.values[i] || 0); }, 0);
    });
    var yAt = yAxis(root, box, ticks(Math.max.apply(null, totals.concat([0])), 3),
      opts.yFormat || String);
    var slot = (box.right - box.left) / Math.max(1, xs.length);
    var barWidth = Math.max(1, slot * 0.72);
    var xAt = function (i) { return box.left + slot * i + slot / 2; };
    xs.forEach(function (_, i) {
      var base = 0;
      opts.stacks.forEach(function (s) {
        var v = s.values[i] || 0;
        if (v <= 0) return;
        var y0 = yAt(base), y1 = yAt(base + v);
        var bar = svg("rect", { x: (xAt(i) - barWidth / 2).toFixed(1), y: y1.toFixed(1),
          width: barWidth.toFixed(1), height: Math.max(0.5, y0 - y1).toFixed(1),
          class: "column " + s.cls });
        bar.appendChild(svg("title", {}, s.name + ": " + v));
        root.appendChild(bar);
        base += v;
      });
    });
    root.appendChild(svg("line", { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom,
      class: "axis" }));
    xLabels(root, box, xs, opts.xFormat || String, xAt);
    return root;
  }

  // Horizontal bars, one per item. opts: {items: [{label, value, text, cls}], max, width}.
  function barChart(opts) {
    var items = opts.items;
    var width = opts.width || 640, row = 30, labelWidth = opts.labelWidth || 130;
    var valueWidth = opts.valueWidth || 120;
    var height = Math.max(1, items.length) * row + 6;
    var root = frame(width, height, opts.label);
    var max = opts.max || Math.max.apply(null, items.map(function (it) { return it.value; })
      .concat([0]));
    var span = width - labelWidth - valueWidth - 16;
    items.forEach(function (it, i) {
      var y = 3 + i * row;
      var w = max > 0 ? Math.max(it.value > 0 ? 2 : 0, (it.value / max) * span) : 0;
      root.appendChild(svg("text", { x: labelWidth - 8, y: y + row / 2 + 4, class: "label end" },
        it.label));
      root.appendChild(svg("rect", { x: labelWidth, y: y + 5, width: span, height: row - 10,
        rx: 3, class: "track" }));
      var bar = svg("rect", { x: labelWidth, y: y + 5, width: w.toFixed(1), height: row - 10,
        rx: 3, class: "bar " + (it.cls || "") });
      bar.appendChild(svg("title", {}, it.label + ": " + it.text));
      root.appendChild(bar);
      root.appendChild(svg("text", { x: labelWidth + span + 8, y: y + row / 2 + 4,
        class: "value" }, it.text));
    });
    return root;
  }

  // An HTML legend: a swatch and a name per entry ({name, cls}).
  function legend(entries) {
    var box = document.createElement("div");
    box.className = "legend";
    entries.forEach(function (e) {
      var item = document.createElement("span");
      var swatch = document.createElement("i");
      swatch.className = "swatch " + e.cls;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(e.name));
      box.appendChild(item);
    });
    return box;
  }

  global.RouteyardCharts = {
    lineChart: lineChart,
    columnChart: columnChart,
    barChart: barChart,
    legend: legend,
    ticks: ticks,
  };
})(window);
