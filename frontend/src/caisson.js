// Caisson dashboard behaviour that htmx attributes cannot express. No framework, no build step.
(function () {
  "use strict";

  // A form with bad input answers 4xx with the form and its messages: show it (htmx would not).
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "(400|404|409|422)", swap: true, error: false },
      { code: "[45]..", swap: false, error: true }
    ];
  }

  // CSRF: every htmx request carries the token the page was rendered with (Spring Security's header).
  document.addEventListener("htmx:configRequest", function (e) {
    var header = document.querySelector("meta[name=csrf-header]");
    var token = document.querySelector("meta[name=csrf-token]");
    if (header && token) e.detail.headers[header.content] = token.content;
  });

  // A session that expired answers htmx with a redirect to the login page: reload the whole page
  // instead of putting a login form into a table cell.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr && xhr.responseURL && /\/login(\?|$)/.test(xhr.responseURL)) {
      e.detail.shouldSwap = false;
      window.location.reload();
    }
  });

  // Toasts: actions answer with HX-Trigger {"toast": {"level": ..., "text": ...}}.
  document.body.addEventListener("toast", function (e) { toast(e.detail.text, e.detail.level); });
  document.addEventListener("htmx:responseError", function (e) {
    toast("Request failed: " + e.detail.xhr.status + " " + (e.detail.xhr.responseText || "").slice(0, 200), "error");
  });

  function toast(text, level) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var t = document.createElement("div");
    t.className = "toast" + (level === "error" ? " error" : "");
    t.setAttribute("role", level === "error" ? "alert" : "status");
    t.textContent = text;
    box.appendChild(t);
    setTimeout(function () { t.remove(); }, level === "error" ? 8000 : 3500);
  }
  window.caissonToast = toast;

  // "Select all" checkbox of a table.
  document.addEventListener("change", function (e) {
    if (!e.target.matches("[data-select-all]")) return;
    var table = e.target.closest("table");
    table.querySelectorAll("tbody input[type=checkbox]").forEach(function (b) { b.checked = e.target.checked; });
  });
})();

// CPU and memory of the running rows in the containers table, asked for every few seconds while
// the tab is visible. One request for the whole page; rows swapped in by htmx are picked up.
(function () {
  "use strict";
  var PERIOD = 3000;
  function mib(v) { return v >= 1073741824 ? (v / 1073741824).toFixed(2) + " GiB" : (v / 1048576).toFixed(1) + " MiB"; }
  function poll() {
    var rows = document.querySelectorAll("#containers tr[data-state=running]");
    if (!rows.length || document.hidden) return;
    var ids = Array.prototype.map.call(rows, function (r) { return r.dataset.id; });
    fetch("/ui/containers/usage?ids=" + ids.join(","), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (usage) {
        rows.forEach(function (r) {
          var u = usage[r.dataset.id];
          var cpu = r.querySelector("[data-usage=cpu]"), mem = r.querySelector("[data-usage=mem]");
          if (!u || !cpu || !mem) return;
          cpu.textContent = u.cpu == null ? "…" : u.cpu.toFixed(1) + " %";
          mem.textContent = mib(u.mem);
          mem.title = u.memLimit > 0 && u.memLimit < 9e18 ? "limit " + mib(u.memLimit) : "no limit";
        });
      })
      .catch(function () { /* the next round tries again */ });
  }
  var timer = null;
  function start() {
    if (!document.getElementById("containers")) return;
    poll();
    setTimeout(poll, 1200);   // the first answer has no CPU figure yet (it needs two readings)
    if (!timer) timer = setInterval(function () {
      if (document.getElementById("containers")) poll(); else { clearInterval(timer); timer = null; }
    }, PERIOD);
  }
  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSettle", start);
})();

// The images page's upload: the file goes as the request body (the server streams it into the
// image store), with the upload's progress shown; the answer is the images page, swapped in.
(function () {
  "use strict";
  function start() {
    var form = document.querySelector("form[data-upload]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var bar = form.querySelector("progress"), status = form.querySelector("[data-upload-status]");
    function importFields() {
      form.querySelectorAll("[data-import-only]").forEach(function (l) { l.hidden = form.mode.value !== "import"; });
    }
    form.mode.addEventListener("change", importFields);
    importFields();
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var file = form.file.files[0];
      if (!file) return;
      var q = new URLSearchParams({ mode: form.mode.value, repo: form.repo.value, tag: form.tag.value });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") + "?" + q.toString());
      xhr.setRequestHeader("Content-Type", "application/x-tar");
      var header = document.querySelector("meta[name=csrf-header]"), token = document.querySelector("meta[name=csrf-token]");
      if (header && token) xhr.setRequestHeader(header.content, token.content);
      xhr.upload.onprogress = function (p) {
        if (!p.lengthComputable) return;
        bar.value = Math.round(p.loaded * 100 / p.total);
        status.textContent = bar.value < 100 ? "Uploading " + bar.value + " %" : "Unpacking…";
      };
      xhr.onload = function () {
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var main = doc.getElementById("main");
        if (main) {
          document.getElementById("main").replaceWith(main);
          if (window.htmx) htmx.process(main);
          start();
        } else {
          status.textContent = "Upload failed: " + xhr.status;
        }
      };
      xhr.onerror = function () { status.textContent = "Upload failed: the connection was lost"; bar.hidden = true; };
      bar.hidden = false;
      bar.value = 0;
      form.querySelector("button[type=submit]").disabled = true;
      xhr.send(file);
    });
  }
  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
})();

// The logs tab: an EventSource feed of JSON batches, rendered into a bounded number of lines so a
// chatty container cannot make the tab slow or its memory grow. Changing a control restarts the feed.
(function () {
  "use strict";
  var MAX_LINES = 5000;

  function start() {
    var view = document.querySelector("[data-log-src]");
    var form = document.querySelector("[data-log-controls]");
    if (!view || !form || view.dataset.started) return;
    view.dataset.started = "1";
    var status = form.querySelector("[data-log-status]");
    var source = null;
    var count = 0;

    function connect() {
      if (source) source.close();
      view.textContent = "";
      count = 0;
      var p = new URLSearchParams();
      p.set("tail", form.tail.value || "0");
      p.set("stdout", form.stdout.checked);
      p.set("stderr", form.stderr.checked);
      p.set("follow", form.follow.checked);
      if (form.q.value) p.set("q", form.q.value);
      source = new EventSource(view.dataset.logSrc + "?" + p.toString());
      status.textContent = "streaming";
      source.addEventListener("lines", function (e) { append(JSON.parse(e.data)); });
      source.addEventListener("end", function () { status.textContent = "end of log"; source.close(); });
      source.onerror = function () { status.textContent = "disconnected"; source.close(); };
    }

    function append(batch) {
      var stick = view.scrollTop + view.clientHeight >= view.scrollHeight - 20;
      var frag = document.createDocumentFragment();
      var stamps = form.timestamps.checked;
      batch.forEach(function (r) {
        var line = document.createElement("div");
        if (r[0] === 2) line.className = "err";
        if (stamps) {
          var ts = document.createElement("span");
          ts.className = "ts";
          ts.textContent = r[1] + " ";
          line.appendChild(ts);
        }
        line.appendChild(document.createTextNode(r[2].replace(/\n$/, "")));
        frag.appendChild(line);
      });
      view.appendChild(frag);
      count += batch.length;
      while (count > MAX_LINES) { view.removeChild(view.firstChild); count--; }
      if (stick) view.scrollTop = view.scrollHeight;
    }

    form.addEventListener("change", function (e) {
      if (e.target.name === "since" || e.target.name === "until") return updateDownload();
      connect();
    });
    var typing;
    form.q.addEventListener("input", function () { clearTimeout(typing); typing = setTimeout(connect, 400); });

    function updateDownload() {
      var a = form.querySelector("[data-log-download]");
      var url = new URL(a.href, location.href);
      ["since", "until"].forEach(function (k) {
        var v = form[k].value;
        if (v) url.searchParams.set(k, Math.floor(new Date(v).getTime() / 1000)); else url.searchParams.delete(k);
      });
      a.href = url.pathname + url.search;
    }

    // leaving the page (also through hx-boost) ends the feed
    document.addEventListener("htmx:beforeSwap", function () { if (source) source.close(); }, { once: true });
    connect();
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
})();

// The stats tab: one SSE sample per second into uPlot charts over a 5-minute window.
(function () {
  "use strict";
  var WINDOW = 300;

  function mib(v) { return (v / 1048576).toFixed(1) + " MiB"; }

  function start() {
    var box = document.querySelector("[data-stats-src]");
    if (!box || box.dataset.started || !window.uPlot) return;
    box.dataset.started = "1";
    var now = box.querySelector("[data-stats-now]");
    var data = { t: [], cpu: [], mem: [], memLimit: [], netRx: [], netTx: [], blkRead: [], blkWrite: [], pids: [] };
    var last = null;   // the previous sample: network figures are drawn as rates
    var width = Math.max(420, box.clientWidth / 2 - 30);
    function chart(name, title, series) {
      var opts = { title: title, width: width, height: 200, series: [{}].concat(series),
        axes: [{}, { size: 70 }], scales: { x: { time: true } } };
      return new uPlot(opts, [[]].concat(series.map(function () { return []; })), box.querySelector("[data-chart=" + name + "]"));
    }
    var charts = {
      cpu: chart("cpu", "CPU %", [{ label: "CPU %", stroke: "#1f6feb" }]),
      mem: chart("mem", "Memory (MiB)", [{ label: "usage", stroke: "#1a7f37" }, { label: "limit", stroke: "#cf222e", dash: [4, 4] }]),
      net: chart("net", "Network (KiB/s)", [{ label: "rx", stroke: "#1f883d" }, { label: "tx", stroke: "#bf3989" }]),
      blk: chart("blk", "Block I/O (MiB, total)", [{ label: "read", stroke: "#9a6700" }, { label: "write", stroke: "#8250df" }]),
      pids: chart("pids", "Processes", [{ label: "pids", stroke: "#0969da" }])
    };
    var source = new EventSource(box.dataset.statsSrc);
    source.addEventListener("stats", function (e) {
      var s = JSON.parse(e.data);
      var limit = s.memLimit > 0 && s.memLimit < 9e18 ? s.memLimit / 1048576 : null;
      data.t.push(s.t); data.cpu.push(s.cpu); data.mem.push(s.mem / 1048576); data.memLimit.push(limit);
      var dt = last ? s.t - last.t : 0;
      data.netRx.push(dt > 0 ? Math.max(0, s.netRx - last.netRx) / 1024 / dt : null);
      data.netTx.push(dt > 0 ? Math.max(0, s.netTx - last.netTx) / 1024 / dt : null);
      last = s;
      data.blkRead.push(s.blkRead / 1048576); data.blkWrite.push(s.blkWrite / 1048576); data.pids.push(s.pids);
      Object.keys(data).forEach(function (k) { if (data[k].length > WINDOW) data[k].shift(); });
      now.textContent = "CPU " + s.cpu.toFixed(2) + " %  ·  memory " + mib(s.mem) +
        (limit ? " of " + mib(s.memLimit) : "") + "  ·  network rx " + mib(s.netRx) + " / tx " + mib(s.netTx) +
        "  ·  " + s.pids + " processes";
      // a single sample would make uPlot's time axis a thousand days wide: draw from the second on
      if (data.t.length < 2) return;
      charts.cpu.setData([data.t, data.cpu]);
      charts.mem.setData([data.t, data.mem, data.memLimit]);
      charts.net.setData([data.t, data.netRx, data.netTx]);
      charts.blk.setData([data.t, data.blkRead, data.blkWrite]);
      charts.pids.setData([data.t, data.pids]);
    });
    source.addEventListener("end", function () { now.textContent = "The container stopped."; source.close(); });
    document.addEventListener("htmx:beforeSwap", function () { source.close(); }, { once: true });
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
  afterTabScripts(start);
})();

// The terminal tab: xterm.js over a WebSocket; the server runs an exec with a TTY in the container.
(function () {
  "use strict";

  function start() {
    var box = document.querySelector("[data-term-src]");
    var form = document.querySelector("[data-term-controls]");
    if (!box || !form || box.dataset.started || !window.Terminal || !window.FitAddon) return;
    box.dataset.started = "1";
    var status = form.querySelector("[data-term-status]");
    var term = new Terminal({ cursorBlink: true, fontSize: 14, convertEol: false });
    var fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(box);
    fit.fit();
    var ws = null;

    function send(obj) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(obj)); }

    form.addEventListener("submit", function () {
      if (ws) ws.close();
      term.reset();
      var url = new URL(box.dataset.termSrc, location.href);
      url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
      url.searchParams.set("cmd", form.cmd.value || "sh");
      if (form.user.value) url.searchParams.set("user", form.user.value);
      url.searchParams.set("rows", term.rows);
      url.searchParams.set("cols", term.cols);
      ws = new WebSocket(url.toString());
      ws.binaryType = "arraybuffer";
      status.textContent = "connecting…";
      ws.onopen = function () { status.textContent = "connected"; term.focus(); };
      ws.onmessage = function (e) {
        if (typeof e.data === "string") { status.textContent = e.data; return; }
        term.write(new Uint8Array(e.data));
      };
      ws.onclose = function (e) { status.textContent = "closed" + (e.reason ? ": " + e.reason : ""); };
    });
    term.onData(function (d) { send({ input: d }); });
    term.onResize(function (s) { send({ rows: s.rows, cols: s.cols }); });
    window.addEventListener("resize", function () { fit.fit(); });
    document.addEventListener("htmx:beforeSwap", function () { if (ws) ws.close(); }, { once: true });
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
  afterTabScripts(start);
})();

// A tab brings its library (xterm.js, uPlot) as a <script src> in its HTML. After an hx-boost swap
// that script is still loading when htmx:load fires, so a tab starts again once a script has loaded
// (load events do not bubble, but the document sees them while capturing).
function afterTabScripts(start) {
  document.addEventListener("load", function (e) { if (e.target.tagName === "SCRIPT") start(); }, true);
}
// The events page: Docker's events over SSE, newest first, at most data-events-max rows. Pause
// holds new events back (as many as the table keeps) and shows them on resume; changing a filter
// starts the feed again (history first) and puts the filter into the address.
(function () {
  "use strict";

  function pad(n, w) { return String(n).padStart(w || 2, "0"); }
  function when(ev) {
    var d = new Date(ev.timeNano ? Math.floor(ev.timeNano / 1e6) : ev.time * 1000);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  function shortId(id) { return (id || "").replace(/^sha256:/, "").slice(0, 12); }
  var PAGES = { container: "/ui/containers/", network: "/ui/networks/", volume: "/ui/volumes/" };

  function row(ev) {
    var tr = document.createElement("tr");
    var attrs = (ev.Actor && ev.Actor.Attributes) || {};
    var id = (ev.Actor && ev.Actor.ID) || "";
    function cell(text, cls) {
      var td = document.createElement("td");
      if (cls) td.className = cls;
      td.textContent = text;
      tr.appendChild(td);
      return td;
    }
    var t = cell(when(ev), "mono nowrap");
    t.title = new Date(Math.floor((ev.timeNano || ev.time * 1e9) / 1e6)).toISOString();
    cell(ev.Type);
    cell(ev.Action, "mono");
    var actor = cell("");
    var name = attrs.name || (ev.Type === "volume" ? id : "");
    var label = name || shortId(id) || "—";
    if (PAGES[ev.Type] && id && ev.Action !== "destroy") {
      var a = document.createElement("a");
      a.href = PAGES[ev.Type] + encodeURIComponent(ev.Type === "volume" ? id : shortId(id));
      a.textContent = label;
      actor.appendChild(a);
    } else {
      actor.appendChild(document.createTextNode(label));
    }
    if (name && id && name !== id) {
      var small = document.createElement("div");
      small.className = "muted mono";
      small.textContent = shortId(id);
      actor.appendChild(small);
    }
    var rest = Object.keys(attrs).filter(function (k) { return k !== "name"; }).sort()
      .map(function (k) { return k + "=" + attrs[k]; }).join(", ");
    var at = cell(rest, "mono attrs");
    at.title = rest;
    return tr;
  }

  function start() {
    var form = document.querySelector("[data-events-controls]");
    var body = document.querySelector("[data-events]");
    if (!form || !body || form.dataset.started) return;
    form.dataset.started = "1";
    var max = parseInt(form.dataset.eventsMax, 10) || 500;
    var status = document.querySelector("[data-events-status]");
    var pause = form.querySelector("[data-events-pause]");
    var source = null, paused = false, held = [];

    function add(events) {
      var placeholder = body.querySelector(".placeholder");
      if (placeholder && events.length) placeholder.remove();
      var frag = document.createDocumentFragment();
      for (var i = events.length - 1; i >= 0; i--) frag.appendChild(row(events[i]));
      body.insertBefore(frag, body.firstChild);
      while (body.rows.length > max) body.deleteRow(body.rows.length - 1);
    }
    function showPaused() {
      pause.textContent = paused ? "Resume" + (held.length ? " (" + held.length + " new)" : "") : "Pause";
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      status.textContent = paused ? "paused" : (source && source.readyState === 1 ? "live" : status.textContent);
    }
    function connect() {
      if (source) source.close();
      body.textContent = "";
      held = [];
      var p = new URLSearchParams();
      if (form.type.value) p.set("type", form.type.value);
      if (form.container.value.trim()) p.set("container", form.container.value.trim());
      var q = p.toString();
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : ""));
      source = new EventSource(form.dataset.eventsSrc + (q ? "?" + q : ""));
      status.textContent = "loading history…";
      source.addEventListener("events", function (e) {
        var batch = JSON.parse(e.data);
        if (paused) {
          held = held.concat(batch).slice(-max);
          showPaused();
        } else {
          add(batch);
        }
      });
      source.addEventListener("live", function () { status.textContent = paused ? "paused" : "live"; });
      source.onerror = function () { status.textContent = "disconnected: change a filter or reload to reconnect"; source.close(); };
    }

    pause.addEventListener("click", function () {
      paused = !paused;
      if (!paused && held.length) { add(held); held = []; }
      showPaused();
    });
    form.querySelector("[data-events-clear]").addEventListener("click", function () { body.textContent = ""; held = []; showPaused(); });
    form.type.addEventListener("change", connect);
    var typing;
    form.container.addEventListener("input", function () { clearTimeout(typing); typing = setTimeout(connect, 400); });
    document.addEventListener("htmx:beforeSwap", function () { if (source) source.close(); }, { once: true });
    connect();
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
})();

// A secret shown once (a new API token): focusing its field selects it, the Copy button copies it.
(function () {
  "use strict";
  document.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("[data-select-on-focus]")) e.target.select();
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.dataset.copy);
    if (!field) return;
    field.focus();
    field.select();
    var done = function () { window.caissonToast && window.caissonToast("Copied to the clipboard"); };
    // the Clipboard API needs a secure context (https or localhost); elsewhere the selection is copied the old way
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { if (document.execCommand("copy")) done(); });
    } else if (document.execCommand("copy")) {
      done();
    }
  });
})();
