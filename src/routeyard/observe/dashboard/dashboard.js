// routeyard's dashboard: draws the JSON of /routeyard/dashboard.json into #app.
// The gateway's page adds live.js (polling, client key); the demo's report (data-mode="report")
// draws the data embedded in the page, once, with this same code.
// Text from the data is only ever set with textContent or createTextNode, never as markup.
(function () {
  "use strict";

  var C = window.RouteyardCharts;
  var F = window.RouteyardFormat;
  var usd = F.usd, usdTick = F.usdTick, pct = F.pct, micros = F.micros, millis = F.millis;
  var count = F.count, clock = F.clock, span = F.span;
  var mode = document.body.getAttribute("data-mode") === "report" ? "report" : "live";
  var app = document.getElementById("app");
  var statusEl = document.getElementById("status");

  // -- building blocks -------------------------------------------------------------------------

  function h(tag, opts, children) {
    var node = document.createElement(tag);
    opts = opts || {};
    if (opts.cls) node.className = opts.cls;
    if (opts.id) node.id = opts.id;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    if (opts.title) node.title = String(opts.title);
    Object.keys(opts.attrs || {}).forEach(function (k) {
      node.setAttribute(k, String(opts.attrs[k]));
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  function panel(id, title, cls, children) {
    return h("section", { cls: "panel " + (cls || ""), id: id },
      [h("h2", { text: title })].concat(children));
  }

  function table(id, headers, rows, empty) {
    var head = h("tr", {}, headers.map(function (t) { return h("th", { text: t }); }));
    var body = h("tbody", {}, rows.map(function (cells) {
      return h("tr", {}, cells.map(function (c) {
        return c !== null && typeof c === "object" && c.nodeType ? h("td", {}, [c])
          : h("td", { text: c === null || c === undefined ? "–" : c });
      }));
    }));
    if (!rows.length) {
      body.appendChild(h("tr", {}, [h("td", { cls: "empty", text: empty || "nothing yet",
        attrs: { colspan: headers.length } })]));
    }
    return h("table", { id: id }, [h("thead", {}, [head]), body]);
  }

  // A box a chart is drawn into once the page is laid out, at the box's own width, so text in
  // the SVG keeps its size on any screen. `draw(width)` returns the SVG element.
  var drawQueue = [];

  function chartBox(id, heading, draw) {
    var box = h("div", { cls: "chart-box", id: id }, [heading ? h("h3", { text: heading }) : null]);
    drawQueue.push(function () {
      box.appendChild(draw(Math.max(300, Math.floor(box.clientWidth) || 640)));
    });
    return box;
  }

  function badge(text, cls) {
    return h("span", { cls: "badge " + cls, text: text });
  }

  function rateClass(rate) {
    return rate >= 0.99 ? "good" : rate >= 0.9 ? "warn" : "bad";
  }

  // -- sections --------------------------------------------------------------------------------

  function notices(data) {
    var out = [];
    var state = data.request_log || {};
    if (!state.enabled) {
      out.push(h("p", { cls: "notice", id: "notice-log-off",
        text: "The request log is off (observe.request_log.backend: off), so there is no " +
          "history: cost over time, cost by model and recent decisions need it. Below are the " +
          "counters since the gateway started and the live breaker states." }));
    } else if (!state.readable) {
      out.push(h("p", { cls: "notice bad", id: "notice-log-error",
        text: (state.error || "The request log cannot be read now") +
          ". Live counters and breaker states are shown; history returns with the database." }));
    }
    var writer = state.writer;
    if (writer && (writer.dropped > 0 || writer.backend_down)) {
      out.push(h("p", { cls: "notice warn", text: "Request log writer: " +
        (writer.backend_down ? "database unavailable, records are spilling to disk; " : "") +
        count(writer.dropped) + " dropped, " + count(writer.queue_depth) + " queued." }));
    }
    return out;
  }

  function card(id, label, value, sub, cls) {
    return h("div", { cls: "card " + (cls || ""), id: id }, [
      h("div", { cls: "label", text: label }),
      h("div", { cls: "value", text: value }),
      h("div", { cls: "sub", text: sub || "" }),
    ]);
  }

  function cards(data) {
    var log = data.log;
    var t, overhead, source;
    if (log) {
      t = log.totals;
      overhead = log.routing_overhead_us;
      source = "in the last " + span(data.window.seconds);
      if (mode === "report") source = "in this run";
    } else {
      var live = data.live;
      t = {
        requests: live.requests, ok: live.ok, cost_usd: live.cost_usd,
        baseline_cost_usd: data.baseline_model ? live.baseline_cost_usd : null,
        success_rate: live.requests ? live.ok / live.requests : 0,
      };
      t.savings_usd = t.baseline_cost_usd === null ? null : t.baseline_cost_usd - t.cost_usd;
      t.saved_pct = t.baseline_cost_usd ? (100 * t.savings_usd) / t.baseline_cost_usd : null;
      overhead = live.decision_us;
      source = "since the gateway started";
    }
    var baselineName = data.baseline_model ? "all on " + data.baseline_model : "no baseline set";
    return h("div", { cls: "cards", id: "cards" }, [
      card("card-requests", "Requests", count(t.requests), source),
      card("card-success", "Success rate", t.requests ? pct(t.success_rate) : "–",
        count(t.ok) + " ok", t.requests ? rateClass(t.success_rate) : ""),
      card("card-cost", "Cost on routeyard", usd(t.cost_usd), "real, summed over attempts"),
      card("card-baseline", "Baseline cost", usd(t.baseline_cost_usd), baselineName),
      card("card-saved", "Saved", usd(t.savings_usd),
        t.saved_pct === null || t.saved_pct === undefined ? "" : t.saved_pct.toFixed(1) +
          " % less than the baseline", "good"),
      card("card-overhead", "Routing overhead", micros(overhead.p50) + " p50",
        micros(overhead.p99) + " p99 (classify + decide)"),
    ]);
  }

  function costPanel(data) {
    var series = data.log.series;
    var points = series.points;
    // Running totals at the end of each bucket, from zero at the start of the first.
    var cost = 0, base = 0;
    var costs = [0], bases = [0];
    var xs = [points.length ? points[0].t : data.window.since];
    points.forEach(function (p) {
      cost += p.cost_usd;
      base += p.baseline_cost_usd;
      costs.push(cost);
      bases.push(base);
      xs.push(Math.min(p.t + series.step_s, data.window.until));
    });
    var showSeconds = series.step_s < 60;
    var chart = chartBox("chart-cost", "", function (width) {
      return C.lineChart({
        width: width,
        xs: xs,
        series: [
          { name: "baseline", cls: "s-baseline", values: bases },
          { name: "routeyard", cls: "s-cost", values: costs },
        ],
        band: [0, 1, "s-saved"],
        xFormat: function (t) { return clock(t, showSeconds); },
        yFormat: usdTick,
        label: "cumulative cost on routeyard against the baseline",
      });
    });
    var baselineName = data.baseline_model ? "baseline (" + data.baseline_model + ")" : "baseline";
    return panel("panel-cost", "Cost vs baseline over time (cumulative)", "wide", [
      C.legend([
        { name: "cost on routeyard", cls: "s-cost" },
        { name: baselineName, cls: "s-baseline" },
        { name: "saved", cls: "s-saved" },
      ]),
      chart,
    ]);
  }

  function requestsPanel(data) {
    var s = data.log.series;
    var showSeconds = s.step_s < 60;
    var chart = chartBox("chart-requests", "", function (width) {
      return C.columnChart({
        width: width,
        xs: s.points.map(function (p) { return p.t; }),
        stacks: [
          { name: "ok", cls: "s-ok", values: s.points.map(function (p) { return p.ok; }) },
          { name: "not ok", cls: "s-fail",
            values: s.points.map(function (p) { return p.requests - p.ok; }) },
        ],
        xFormat: function (t) { return clock(t, showSeconds); },
        yFormat: function (v) { return count(v); },
        label: "requests per time bucket",
      });
    });
    return panel("panel-requests", "Requests per " + span(s.step_s), "", [
      C.legend([{ name: "ok", cls: "s-ok" }, { name: "not ok", cls: "s-fail" }]),
      chart,
    ]);
  }

  function modelsPanel(data) {
    var models = data.log.models;
    var body = models.length ? chartBox("chart-models", "", function (width) {
      return C.barChart({
        width: width,
        items: models.map(function (m) {
          return { label: m.model, value: m.cost_usd, cls: "s-cost",
            text: usd(m.cost_usd) + " · " + count(m.requests) + " req" };
        }),
        valueWidth: 150,
        label: "cost by serving model",
      });
    }) : h("p", { cls: "empty", id: "chart-models", text: "No requests in this window yet." });
    return panel("panel-models", "Cost by model", "", [body]);
  }

  function routeRows(data) {
    if (data.log) return data.log.routes;
    var routes = data.live.routes || {};
    return Object.keys(routes).map(function (name) {
      var r = routes[name];
      return { route: name, requests: r.requests, ok: r.ok, models: r.models,
        success_rate: r.requests ? r.ok / r.requests : 0 };
    });
  }

  function modelsText(models) {
    return Object.keys(models || {}).map(function (m) { return m + " × " + models[m]; })
      .join(", ");
  }

  function routesPanel(data) {
    var routes = routeRows(data);
    var charts = [chartBox("chart-success", "Success rate", function (width) {
      return C.barChart({
        width: width,
        items: routes.map(function (r) {
          return { label: r.route, value: r.success_rate, cls: rateClass(r.success_rate),
            text: pct(r.success_rate) + " of " + count(r.requests) };
        }),
        max: 1,
        label: "success rate per route",
      });
    })];
    var rows;
    if (data.log) {
      var slowest = Math.max.apply(null, routes.map(function (r) {
        return r.routing_overhead_us.p99;
      }).concat([0]));
      charts.push(chartBox("chart-overhead", "Routing overhead: p50 / p99 (bar = p99)",
        function (width) {
          return C.barChart({
            width: width,
            items: routes.map(function (r) {
              var o = r.routing_overhead_us;
              return { label: r.route, value: o.p99, cls: "s-overhead",
                text: micros(o.p50) + " / " + micros(o.p99) };
            }),
            max: slowest,
            valueWidth: 150,
            label: "routing overhead per route",
          });
        }));
      rows = routes.map(function (r) {
        return [r.route, count(r.requests), badge(pct(r.success_rate), rateClass(r.success_rate)),
          millis(r.latency_ms.p50) + " / " + millis(r.latency_ms.p99),
          micros(r.routing_overhead_us.p50) + " / " + micros(r.routing_overhead_us.p99),
          usd(r.cost_usd), usd(r.savings_usd), modelsText(r.models)];
      });
      return panel("panel-routes", "Routes", "wide", [
        h("div", { cls: "pair" }, charts),
        table("table-routes", ["route", "requests", "success", "latency p50 / p99",
          "routing p50 / p99", "cost", "saved", "models"], rows, "No requests in this window."),
      ]);
    }
    rows = routes.map(function (r) {
      return [r.route, count(r.requests), badge(pct(r.success_rate), rateClass(r.success_rate)),
        modelsText(r.models)];
    });
    return panel("panel-routes", "Routes (since the gateway started)", "wide", [
      h("div", { cls: "pair" }, charts),
      table("table-routes", ["route", "requests", "success", "models"], rows, "No requests yet."),
    ]);
  }

  function stateBadge(state) {
    var cls = state === "closed" ? "good" : state === "open" ? "bad" : "warn";
    return badge(state.replace("_", "-"), cls);
  }

  function breakersPanel(data) {
    var rows = data.breakers.map(function (b) {
      return [b.deployment, stateBadge(b.state),
        b.error_rate === null || b.error_rate === undefined ? "–" : pct(b.error_rate),
        millis(b.latency_ms), count(b.samples)];
    });
    var transitions = (data.breaker_transitions || []).slice(0, 6).map(function (t) {
      return h("li", {}, [h("span", { cls: "muted", text: clock(t.at_unix) + " " }),
        t.deployment + " ", stateBadge(t.from), " → ", stateBadge(t.to),
        h("span", { cls: "muted", text: " " + t.reason })]);
    });
    var title = mode === "report" ? "Circuit breakers (at the end of the run)"
      : "Circuit breakers (live)";
    return panel("panel-breakers", title, "", [
      table("table-breakers", ["deployment", "state", "error rate", "latency", "samples"], rows,
        "No deployments."),
      transitions.length ? h("h3", { text: "Recent transitions" }) : null,
      transitions.length ? h("ul", { cls: "transitions" }, transitions) : null,
    ]);
  }

  function fallbacksPanel(data) {
    var rows = data.log.fallback_reasons.map(function (f) {
      return [f.reason, f.model, count(f.count)];
    });
    return panel("panel-fallbacks", "Fallback reasons", "", [
      table("table-fallbacks", ["reason", "from model", "times"], rows,
        "No fallbacks in this window."),
    ]);
  }

  function candidatesCell(r) {
    var list = h("ol", { cls: "cands" }, (r.candidates || []).map(function (c) {
      var chosen = c.model === r.model;
      return h("li", { cls: chosen ? "chosen" : "" }, [
        h("span", { cls: "model", text: c.model }),
        h("span", { cls: "why", text: c.reason }),
      ]);
    }));
    (r.skipped || []).forEach(function (s) {
      list.appendChild(h("li", { cls: "skipped" }, [
        h("span", { cls: "model", text: s.model }),
        h("span", { cls: "why", text: "skipped: " + s.reason }),
      ]));
    });
    return list;
  }

  function attemptsCell(r) {
    return h("ol", { cls: "attempts" }, (r.attempts || []).map(function (a) {
      var what = a.ok ? "ok" : (a.error || "failed") + (a.http_status ? " " + a.http_status : "");
      return h("li", { cls: a.ok ? "ok" : "fail" }, [
        h("span", { cls: "model", text: a.model }),
        h("span", { cls: "why", text: what + " · " + millis(a.latency_ms) }),
      ]);
    }));
  }

  function routeCell(r) {
    return h("div", {}, [h("div", { cls: "route", text: r.route }),
      h("div", { cls: "why", text: r.route_reason || "" })]);
  }

  function labelsCell(r) {
    return h("div", { cls: "chips" }, (r.labels || []).map(function (l) {
      return h("span", { cls: "chip", text: l });
    }));
  }

  function statusBadge(r) {
    return badge(r.status + (r.status === "ok" ? "" : " " + r.http_status),
      r.status === "ok" ? "good" : r.status === "partial" ? "warn" : "bad");
  }

  function recentPanel(data) {
    var rows = data.log.recent.map(function (r) {
      return [clock(r.started_at), routeCell(r), labelsCell(r), candidatesCell(r),
        attemptsCell(r), r.model || "–", statusBadge(r), millis(r.latency_ms),
        micros(r.decision_us)];
    });
    return panel("panel-recent", "Recent decisions", "wide", [
      table("table-recent", ["time", "route", "labels", "candidates (in order, with reasons)",
        "attempts", "served by", "status", "latency", "routing"], rows,
        "No requests in this window yet."),
    ]);
  }

  var lastData = null;

  function render(data) {
    lastData = data;
    drawQueue = [];
    var root = h("div", { cls: "dash" }, notices(data));
    root.appendChild(cards(data));
    var grid = h("div", { cls: "grid" });
    if (data.log) {
      grid.appendChild(costPanel(data));
      grid.appendChild(requestsPanel(data));
      grid.appendChild(modelsPanel(data));
    }
    grid.appendChild(routesPanel(data));
    grid.appendChild(breakersPanel(data));
    if (data.log) {
      grid.appendChild(fallbacksPanel(data));
      grid.appendChild(recentPanel(data));
    }
    root.appendChild(grid);
    var note = document.getElementById("report-note");
    while (app.firstChild) app.removeChild(app.firstChild);
    if (note) app.appendChild(note);
    app.appendChild(root);
    drawQueue.forEach(function (draw) { draw(); });
    drawQueue = [];
    document.body.setAttribute("data-loaded", "true");
  }

  function setStatus(text, cls) {
    statusEl.textContent = text;
    statusEl.className = "status " + (cls || "");
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (lastData) render(lastData); }, 150);
  });

  window.RouteyardDashboard = { h: h, render: render, setStatus: setStatus, clock: clock };

  if (mode === "report") {
    var data = JSON.parse(document.getElementById("routeyard-data").textContent);
    render(data);
    setStatus("report · " + clock(data.window.since) + " – " + clock(data.window.until) + " · " +
      new Date(data.generated_at * 1000).toDateString(), "ok");
  }
})();
