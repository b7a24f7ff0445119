// The staff help page: sign-in, then the live list of kiosks' help requests.
// No inline code (the page's Content-Security-Policy forbids it); the session is an
// HttpOnly cookie this script never sees. Text is set with textContent only.
"use strict";

(function () {
  const REFRESH_MS = 5000;
  const errorLine = document.getElementById("error");

  function showError(body) {
    const e = body && body.error;
    errorLine.textContent = e ? e.message_zh + " / " + e.message : "网络错误，请稍后再试 / Network error; try again shortly";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function call(method, path, body, headers) {
    const response = await fetch(path, {
      method: method,
      credentials: "same-origin",
      headers: Object.assign({"Content-Type": "application/json"}, headers || {}),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {status: response.status, body: text ? JSON.parse(text) : null};
  }

  const form = document.getElementById("signin");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errorLine.textContent = "";
      const data = new FormData(form);
      try {
        const answer = await call("POST", "/staff/help/session",
          {staff_no: data.get("staff_no"), password: data.get("password")});
        if (answer.status === 201) { window.location.reload(); return; }
        showError(answer.body);
      } catch (err) {
        showError(null);
      }
      form.elements.password.value = "";
    });
    return;
  }

  const table = document.getElementById("requests");
  const rows = table.querySelector("tbody");
  const empty = document.getElementById("empty");
  const status = document.getElementById("status");
  const STATES = {open: "待响应 / Open", acknowledged: "已响应 / On the way"};

  function duration(seconds) {
    const m = Math.floor(seconds / 60), s = seconds % 60;
    return (m ? m + "分" : "") + s + "秒";
  }

  function button(text, secondary, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (secondary) b.className = "secondary";
    b.addEventListener("click", onClick);
    return b;
  }

  async function act(request, verb) {
    errorLine.textContent = "";
    try {
      const answer = await call("POST", "/staff/help/requests/" + request.request_id + "/" + verb,
        undefined, {"Idempotency-Key": newKey()});
      if (answer.status === 401) { window.location.reload(); return; }
      if (answer.status !== 200) showError(answer.body);
    } catch (err) {
      showError(null);
    }
    refresh();
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function render(list) {
    rows.replaceChildren();
    for (const request of list.requests) {
      const row = rows.insertRow();
      if (request.overdue) row.className = "overdue";
      cell(row, request.terminal_id);
      cell(row, request.screen);
      cell(row, duration(request.waiting_s));
      let state = STATES[request.status] || request.status;
      if (request.acknowledged_by) state += " · " + request.acknowledged_by;
      if (request.overdue) state = "超时 / Overdue · " + state;
      cell(row, state, "state");
      const actions = cell(row, "", "actions");
      if (request.status === "open") {
        actions.append(button("响应 / On my way", false, () => act(request, "acknowledge")));
      }
      actions.append(button("完成 / Close", true, () => act(request, "close")));
    }
    table.hidden = list.requests.length === 0;
    empty.hidden = list.requests.length !== 0;
    status.textContent = "待处理 " + list.requests.length + " 条，超时 " + list.overdue_count +
      " 条 / " + list.requests.length + " under way, " + list.overdue_count + " overdue";
  }

  async function refresh() {
    try {
      const answer = await call("GET", "/staff/help/requests");
      if (answer.status === 401) { window.location.reload(); return; }
      if (answer.status === 200) render(answer.body); else showError(answer.body);
    } catch (err) {
      showError(null);
    }
  }

  document.getElementById("sign-out").addEventListener("click", async () => {
    try { await call("DELETE", "/staff/help/session"); } finally { window.location.reload(); }
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
})();
