// routeyard's number and time formats for the dashboard and the demo's report.
(function (global) {
  "use strict";

  function usd(v) {
    if (v === null || v === undefined) return "–";
    var a = Math.abs(v);
    var digits = a >= 100 ? 0 : a >= 1 ? 2 : a >= 0.01 || a === 0 ? 4 : 6;
    return (v < 0 ? "−$" : "$") + a.toFixed(digits);
  }

  // An axis label: as few decimals as the value needs ($0.05, not $0.0500).
  function usdTick(v) {
    if (v === 0) return "$0";
    var text = usd(v);
    return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, "");
  }

  function pct(fraction, digits) {
    if (fraction === null || fraction === undefined) return "–";
    return (100 * fraction).toFixed(digits === undefined ? 1 : digits) + " %";
  }

  function micros(v) {
    if (v === null || v === undefined) return "–";
    return v >= 1000 ? (v / 1000).toFixed(2) + " ms" : v.toFixed(1) + " µs";
  }

  function millis(v) {
    if (v === null || v === undefined) return "–";
    return v >= 1000 ? (v / 1000).toFixed(2) + " s" : v.toFixed(0) + " ms";
  }

  function count(n) {
    return Number(n || 0).toLocaleString("en-US");
  }

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function clock(t, seconds) {
    var d = new Date(t * 1000);
    var text = pad(d.getHours()) + ":" + pad(d.getMinutes());
    return seconds === false ? text : text + ":" + pad(d.getSeconds());
  }

  function span(seconds) {
    if (seconds >= 86400 && seconds % 86400 === 0) return seconds / 86400 + " d";
    if (seconds >= 3600 && seconds % 3600 === 0) return seconds / 3600 + " h";
    if (seconds >= 60) return Math.round(seconds / 60) + " min";
    return Math.round(seconds) + " s";
  }

  global.RouteyardFormat = {
    usd: usd,
    usdTick: usdTick,
    pct: pct,
    micros: micros,
    millis: millis,
    count: count,
    clock: clock,
    span: span,
  };
})(window);
