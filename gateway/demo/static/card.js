// Keeps the dynamic code fresh: count down, fetch a new code shortly before expiry.
(function () {
  const card = window.EHC_CARD;
  if (!card.active) return;
  const codeEl = document.getElementById("code");
  const hintEl = document.getElementById("hint");
  // Refresh a little early so the code on screen is never already expired when scanned.
  const lead = Math.min(5, card.expiresIn / 4) * 1000;
  let deadline = Date.now() + card.expiresIn * 1000;
  let refreshAt = deadline - lead;
  let busy = false;

  async function refresh() {
    busy = true;
    try {
      const res = await fetch(card.url, {cache: "no-store"});
      if (!res.ok) throw new Error(String(res.status));
      const body = await res.json();
      codeEl.innerHTML = body.svg;
      deadline = Date.now() + body.expires_in_s * 1000;
      refreshAt = deadline - lead;
    } catch (err) {
      hintEl.textContent = "网络异常，正在重试… / network error, retrying";
      refreshAt = Date.now() + 3000;
    } finally {
      busy = false;
    }
  }

  function tick() {
    if (busy) return;
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    hintEl.textContent = left + " 秒后自动刷新 / refreshes in " + left + " s";
    if (Date.now() >= refreshAt) refresh();
  }
  setInterval(tick, 1000);
  tick();
})();
