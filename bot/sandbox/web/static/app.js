// The sandbox's phone chat. Plain JavaScript, no build step: the state and each chat's history come from
// /api/*, every chat event arrives over /ws, and every action is a POST the server turns into what a
// Telegram user would do (bot/sandbox/web/server.py).
"use strict";

const I18N = {
  vi: {
    bot_sub: "bot · bản thử trên máy này", who: "Đồng chí là", tab_private: "Nhắn riêng", tab_group: "Nhóm khối",
    zalo: "Zalo", clock_now: "Giờ của bản thử:", plus_hour: "+1 giờ", plus_day: "+1 ngày", plus_week: "+7 ngày",
    clock_to: "Đến thời điểm", clock_go: "Chỉnh giờ",
    clock_note: "Thời gian trong bản thử chỉ trôi khi đồng chí chỉnh giờ; các hạn và lời nhắc đến hạn sẽ được gửi ngay.",
    lang: "English", reset: "Làm lại năm mẫu từ đầu", attach: "Gửi tệp", placeholder: "Nhắn tin…",
    send: "Gửi", commands: "Lệnh", reset_confirm: "Xóa mọi thao tác và bắt đầu lại năm mẫu từ đầu?",
    reset_done: "Đã làm lại năm mẫu từ đầu.", clock_moved: "Đã chỉnh giờ của bản thử: {t}.",
    invite: "Mã mời của {unit}:", use_code: "Dùng mã mời", rep_of: "đại diện {unit}",
    stranger: "người ngoài khối", stranger_hint: "Người chưa thuộc đơn vị nào: thử xem bot trả lời người lạ thế nào.",
    edited: "đã sửa", open: "Mở", download: "Tải về", poll_open: "Biểu quyết công khai",
    poll_anon: "Biểu quyết kín", poll_closed: "Đã kết thúc", votes: "{n} phiếu", no_commands: "Chưa có lệnh nào.",
    zalo_note: "Xem như Zalo: không có nút bấm, định dạng hay sửa tin; mỗi lựa chọn là một dòng đánh số, gõ số để chọn. Dựng lại từ cuộc trò chuyện Telegram.",
    zalo_group: "Trên Zalo, bot chỉ làm việc trong tin nhắn riêng; nhóm dưới đây là nhóm Telegram.",
    empty: "Chưa có tin nhắn. Gõ /start để bắt đầu.",
    offline: "Mất kết nối với bản thử; đang thử kết nối lại…",
  },
  en: {
    bot_sub: "bot · sandbox on this machine", who: "You are", tab_private: "Private", tab_group: "Bloc group",
    zalo: "Zalo", clock_now: "Sandbox time:", plus_hour: "+1 hour", plus_day: "+1 day", plus_week: "+7 days",
    clock_to: "Move to", clock_go: "Set time",
    clock_note: "Time in the sandbox only moves when you move it; deadlines and reminders that fall due go out at once.",
    lang: "Tiếng Việt", reset: "Start the sample year again", attach: "Send a file", placeholder: "Message…",
    send: "Send", commands: "Commands", reset_confirm: "Forget everything and start the sample year again?",
    reset_done: "The sample year starts again.", clock_moved: "Sandbox time moved to {t}.",
    invite: "Invite code of {unit}:", use_code: "Use the code", rep_of: "representative of {unit}",
    stranger: "outsider", stranger_hint: "Someone outside every unit: see how the bot answers a stranger.",
    edited: "edited", open: "Open", download: "Download", poll_open: "Open vote", poll_anon: "Secret vote",
    poll_closed: "Closed", votes: "{n} votes", no_commands: "No commands yet.",
    zalo_note: "As on Zalo: no buttons, formatting or edits; each choice is a numbered line, type its number. Rebuilt from the Telegram conversation.",
    zalo_group: "On Zalo the bot works in private chats only; the group below is the Telegram group.",
    empty: "No messages yet. Type /start to begin.",
    offline: "Lost the connection to the sandbox; reconnecting…",
  },
};

const S = {
  state: null, person: null, where: "private", zalo: false, lang: localStorage.getItem("ktd-lang") || "vi",
  chat: null, events: [], commands: [], unit: null, unread: {}, socket: null, recent: [],
};

const $ = (id) => document.getElementById(id);
function tr(key, params = {}) {
  let text = (I18N[S.lang] || I18N.vi)[key] || I18N.vi[key] || key;
  for (const [name, value] of Object.entries(params)) text = text.replace(`{${name}}`, value);
  return text;
}
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// --- talking to the server -------------------------------------------------------------------------------

let toastTimer = null;
function toast(text, kind = "") {
  const box = $("toast");
  box.textContent = text;
  box.className = "toast" + (kind ? " " + kind : "");
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, kind === "alert" ? 6000 : 3500);
}

async function failed(response) {
  let message = response.statusText;
  try {
    const body = await response.json();
    message = (S.lang === "en" && body.error_en) || body.error || message;
  } catch (_) { /* not JSON: keep the status text */ }
  toast(message, "error");
  throw new Error(message);
}

async function getJSON(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) await failed(response);
  return response.json();
}

async function post(path, body) {
  const isForm = body instanceof FormData;
  const response = await fetch(path, {
    method: "POST",
    headers: isForm ? { "X-Sandbox": "1" } : { "Content-Type": "application/json", "X-Sandbox": "1" },
    body: isForm ? body : JSON.stringify(body),
  });
  if (!response.ok) await failed(response);
  return response.json();
}

// --- state -----------------------------------------------------------------------------------------------

function persona(id = S.person) {
  return S.state && S.state.personas.find((p) => p.id === id);
}

function roleOf(p) {
  return S.lang === "en" && p.role_en ? p.role_en : p.role;
}

function personaLabel(p) {
  const role = p.kind === "rep" ? tr("rep_of", { unit: p.unit }) : p.kind === "stranger" ? tr("stranger") : roleOf(p);
  const unread = S.unread[p.id] ? `● (${S.unread[p.id]}) ` : "";
  return `${unread}${p.name} — ${role}`;
}

function fillPersonas() {
  const select = $("persona");
  select.replaceChildren(...S.state.personas.map((p) =>
    el("option", { value: String(p.id), text: personaLabel(p), selected: p.id === S.person })));
}

function showClock(clock) {
  $("clock-label").textContent = clock.label;
  $("clock-now").textContent = clock.label;
  $("clock-to").value = clock.label;
}

function showHint() {
  const p = persona();
  const hint = $("hint");
  hint.replaceChildren();
  if (!p || S.where !== "private") { hint.hidden = true; return; }
  if (S.unit && p.kind !== "admin" && p.kind !== "head") {
    hint.append(el("span", { text: `${p.name}: ${tr("rep_of", { unit: S.unit })}` }));
  } else if (p.kind === "rep" && p.code) {
    hint.append(el("span", { text: tr("invite", { unit: p.unit }) }), el("code", { text: p.code }),
      el("button", { type: "button", text: tr("use_code"), onclick: () => {
        $("text").value = `/start ${p.code}`;
        $("text").focus();
      } }));
  } else if (p.kind === "stranger") {
    hint.append(el("span", { text: tr("stranger_hint") }));
  } else {
    hint.append(el("span", { text: `${p.name}: ${roleOf(p)}` }));
  }
  hint.hidden = false;
}

async function loadState(keepPerson = true) {
  S.state = await getJSON("/api/state");
  const previous = keepPerson ? persona() : null;
  if (!previous) {
    // a newcomer holding an invite code is where a visitor starts: the first step of every representative
    const start = S.state.personas.find((p) => p.kind === "rep") || S.state.personas[0];
    S.person = start.id;
  }
  S.unread = {};
  $("chat-title").textContent = S.state.bot.name;
  showClock(S.state.clock);
  fillPersonas();
  await openChat();
  document.body.dataset.ready = String(S.state.generation);
}

let chatRequest = 0;
async function openChat() {
  // quick switches overlap: only the answer to the latest request may fill the view
  const mine = ++chatRequest;
  const data = await getJSON(`/api/chat?person=${S.person}&where=${S.where}`);
  if (mine !== chatRequest) return;
  S.chat = data.chat;
  S.events = data.events;
  // events that came over the socket while the history was on its way
  for (const ev of S.recent) if (ev.chat === S.chat && ev.seq === S.events.length) S.events.push(ev);
  S.commands = data.commands;
  S.unit = data.unit;
  delete S.unread[S.person];
  fillPersonas();
  showHint();
  $("tab-private").setAttribute("aria-selected", String(S.where === "private"));
  $("tab-group").setAttribute("aria-selected", String(S.where === "group"));
  $("chat-title").textContent = S.where === "group" && S.state.group ? S.state.group.title : S.state.bot.name;
  render(true);
}

// --- rendering -------------------------------------------------------------------------------------------

const TAGS = { bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote" };

function safeUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : null;
}

function entityNode(entity, inner) {
  if (entity.type === "text_link" || entity.type === "url") {
    const href = safeUrl(entity.type === "url" ? inner : entity.url);
    if (href) return el("a", { href, target: "_blank", rel: "noopener noreferrer" });
  }
  if (entity.type === "bot_command") {
    return el("a", { href: "#", onclick: (e) => { e.preventDefault(); sendText(inner); } });
  }
  if (entity.type === "spoiler") return el("span", { class: "spoiler" });
  return el(TAGS[entity.type] || "span");
}

// Telegram's entities use UTF-16 offsets, which are JavaScript's string indexes.
function formatted(text, entities) {
  const sorted = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  function build(start, end, list, parent) {
    let pos = start;
    let i = 0;
    while (i < list.length) {
      const entity = list[i];
      const eEnd = Math.min(entity.offset + entity.length, end);
      const inside = [];
      let j = i + 1;
      while (j < list.length && list[j].offset < eEnd) { inside.push(list[j]); j++; }
      if (entity.offset > pos) parent.append(text.slice(pos, entity.offset));
      const node = entityNode(entity, text.slice(entity.offset, eEnd));
      build(Math.max(entity.offset, pos), eEnd, inside, node);
      parent.append(node);
      pos = Math.max(pos, eEnd);
      i = j;
    }
    if (pos < end) parent.append(text.slice(pos, end));
  }
  const box = document.createDocumentFragment();
  build(0, text.length, sorted.filter((e) => e.offset < text.length), box);
  return box;
}

function sizeLabel(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function attachments(view, bubble) {
  if (view.photo) {
    bubble.append(el("a", { class: "photo", href: view.photo.url, target: "_blank" },
      el("img", { src: view.photo.url, alt: "", width: view.photo.width, height: view.photo.height })));
  }
  if (view.document) {
    const doc = view.document;
    bubble.append(el("div", { class: "file" },
      el("div", { class: "icon-doc", text: "📄" }),
      el("div", {},
        el("div", { class: "fname", text: doc.name }),
        el("div", { class: "fsize", text: sizeLabel(doc.size) }),
        el("div", { class: "flinks" },
          el("a", { href: doc.url, target: "_blank", text: tr("open") }),
          el("a", { href: `${doc.url}?download=1`, download: doc.name, class: "download", text: tr("download") })))));
  }
}

function pollNode(view) {
  const poll = view.poll;
  const box = el("div", { class: "poll" }, el("div", { class: "q", text: poll.question }),
    el("div", { class: "kind", text: `${poll.closed ? tr("poll_closed") + " · " : ""}${
      poll.anonymous ? tr("poll_anon") : tr("poll_open")} · ${tr("votes", { n: poll.total })}` }));
  poll.options.forEach((option, index) => {
    box.append(el("button", { type: "button", disabled: poll.closed, onclick: () => vote(view.id, index) },
      el("span", { text: option.text }), el("span", { class: "count", text: String(option.count) })));
  });
  return box;
}

function keyboardNode(view) {
  const box = el("div", { class: "keyboard" });
  let index = 0;
  for (const row of view.buttons) {
    const line = el("div", { class: "row" });
    for (const button of row) {
      const at = index++;
      line.append(el("button", { type: "button", text: button.text, onclick: () => {
        if (button.url) { const href = safeUrl(button.url); if (href) window.open(href, "_blank", "noopener"); }
        else press(view.id, at);
      } }));
    }
    box.append(line);
  }
  return box;
}

function messageNode(view, { edited = false, zalo = false } = {}) {
  const mine = view.sender_id === S.person;
  const wrap = el("div", { class: `msg ${mine ? "out" : "in"}`, "data-id": view.id });
  const bubble = el("div", { class: "bubble" });
  if (S.where === "group" && !mine) bubble.append(el("div", { class: "who-line", text: view.sender }));
  attachments(view, bubble);
  if (view.poll) bubble.append(pollNode(view));
  if (zalo && view.from_bot) {
    bubble.append(document.createTextNode(view.zalo));
  } else if (view.text) {
    bubble.append(el("div", { class: "text" }, formatted(view.text, view.entities || [])));
  }
  bubble.append(el("div", { class: "meta", text: `${edited && !zalo ? tr("edited") + " · " : ""}${view.time}` }));
  wrap.append(bubble);
  if (!zalo && view.buttons.length) wrap.append(keyboardNode(view));
  return wrap;
}

function render(scroll) {
  const box = $("messages");
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const nodes = [];
  const zalo = S.zalo && S.where === "private";
  if (S.zalo) nodes.push(el("div", { class: "zalo-note", text: tr(S.where === "group" ? "zalo_group" : "zalo_note") }));
  if (zalo) {
    // Zalo cannot edit a message: each edit Telegram shows in place arrives there as a new message
    for (const ev of S.events) {
      if ((ev.kind === "new" || ev.kind === "edit") && ev.message) nodes.push(messageNode(ev.message, { zalo: true }));
    }
  } else {
    const shown = new Map();
    for (const ev of S.events) {
      if (!ev.message) continue;
      if (ev.kind === "new") shown.set(ev.message.id, { view: ev.message, edited: false });
      else if (ev.kind === "edit") shown.set(ev.message.id, { view: ev.message, edited: true });
      else if (ev.kind === "delete") shown.delete(ev.message.id);
    }
    for (const { view, edited } of shown.values()) nodes.push(messageNode(view, { edited }));
  }
  if (!S.events.some((ev) => ev.message)) nodes.push(el("div", { class: "day-note", text: tr("empty") }));
  box.replaceChildren(...nodes);
  if (scroll || nearBottom) box.scrollTop = box.scrollHeight;
}

function applyLanguage() {
  document.documentElement.lang = S.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = tr(node.dataset.i18n);
  $("text").placeholder = tr("placeholder");
  $("text").setAttribute("aria-label", tr("placeholder"));
  $("send").setAttribute("aria-label", tr("send"));
  $("persona").setAttribute("aria-label", tr("who"));
  $("commands-btn").title = tr("commands");
  if (S.state) { fillPersonas(); showHint(); render(false); }
}

// a newcomer who just joined now represents a unit: the hint stops offering the invite code
let unitTimer = null;
function refreshUnit() {
  clearTimeout(unitTimer);
  const asked = S.person;
  unitTimer = setTimeout(async () => {
    try {
      const info = await getJSON(`/api/person?person=${asked}`);
      if (asked === S.person && info.unit !== S.unit) { S.unit = info.unit; showHint(); }
    } catch (_) { /* told in the toast */ }
  }, 150);
}

// --- live events -----------------------------------------------------------------------------------------

function onEvent(ev) {
  S.recent.push(ev);
  if (S.recent.length > 200) S.recent.shift();
  if (ev.chat === S.chat) {
    if (ev.seq < S.events.length) return; // already fetched with the history
    if (ev.seq > S.events.length) { openChat(); return; } // missed some: fetch the history again
    S.events.push(ev);
    if (ev.kind === "answer") {
      if (ev.user_id === S.person && ev.answer && ev.answer.text) toast(ev.answer.text, ev.answer.alert ? "alert" : "");
      return;
    }
    render(ev.kind === "new");
    if (ev.from_bot && S.where === "private") refreshUnit();
    return;
  }
  // a bot message in another test user's private chat (a reminder, a notice): count it as unread
  const other = persona(ev.chat);
  if (other && ev.kind === "new" && ev.from_bot) {
    S.unread[other.id] = (S.unread[other.id] || 0) + 1;
    fillPersonas();
  }
}

function onPoll(update) {
  if (update.chat !== S.chat) return;
  for (const ev of S.events) {
    if (ev.message && ev.message.id === update.message.id) ev.message = { ...ev.message, poll: update.message.poll };
  }
  render(false);
}

function connect() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  S.socket = socket;
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.type === "event") onEvent(data);
    else if (data.type === "poll") onPoll(data);
    else if (data.type === "clock") showClock(data);
    else if (data.type === "reset") { S.recent = []; loadState(true).catch(() => {}); }
  };
  socket.onopen = () => {
    document.body.dataset.live = "1";
    if (S.state) openChat().catch(() => {}); // what happened while the socket was down
  };
  socket.onclose = () => {
    document.body.dataset.live = "0";
    if (S.state) toast(tr("offline"), "error");
    setTimeout(connect, 1000);
  };
}

// --- actions ---------------------------------------------------------------------------------------------

async function sendText(text) {
  await post("/api/send", { person: S.person, where: S.where, text, zalo: S.zalo });
}

async function press(messageId, index) {
  await post("/api/press", { person: S.person, where: S.where, message: messageId, index });
}

async function vote(messageId, option) {
  await post("/api/vote", { person: S.person, where: S.where, message: messageId, options: [option] });
}

async function moveClock(body) {
  const clock = await post("/api/clock", body);
  showClock(clock);
  toast(tr("clock_moved", { t: clock.label }));
}

function showCommands() {
  const list = $("commands");
  if (!list.hidden) { list.hidden = true; return; }
  const items = S.commands.length ? S.commands.map((c) => el("li", {}, el("button", { type: "button", onclick: () => {
    list.hidden = true;
    sendText(`/${c.command}`).catch(() => {});
  } }, el("b", { text: `/${c.command}` }), document.createTextNode(` — ${c.description}`))))
    : [el("li", {}, el("span", { class: "note", text: tr("no_commands") }))];
  list.replaceChildren(...items);
  list.hidden = false;
}

function wire() {
  $("persona").addEventListener("change", (e) => {
    S.person = Number(e.target.value);
    openChat().catch(() => {});
  });
  $("tab-private").addEventListener("click", () => { S.where = "private"; openChat().catch(() => {}); });
  $("tab-group").addEventListener("click", () => { S.where = "group"; openChat().catch(() => {}); });
  $("zalo").addEventListener("change", (e) => {
    S.zalo = e.target.checked;
    document.body.classList.toggle("zalo", S.zalo);
    render(true);
  });
  $("clock-chip").addEventListener("click", () => {
    const tools = $("tools");
    tools.hidden = !tools.hidden;
    $("clock-chip").setAttribute("aria-expanded", String(!tools.hidden));
  });
  for (const button of document.querySelectorAll("button.step")) {
    button.addEventListener("click", () => moveClock({ minutes: Number(button.dataset.minutes) }).catch(() => {}));
  }
  $("clock-form").addEventListener("submit", (e) => {
    e.preventDefault();
    moveClock({ to: $("clock-to").value }).catch(() => {});
  });
  $("reset").addEventListener("click", async () => {
    if (!window.confirm(tr("reset_confirm"))) return;
    try {
      await post("/api/reset", {});
      await loadState(true);
      toast(tr("reset_done"));
    } catch (_) { /* told in the toast */ }
  });
  $("lang").addEventListener("click", () => {
    S.lang = S.lang === "vi" ? "en" : "vi";
    localStorage.setItem("ktd-lang", S.lang);
    applyLanguage();
  });
  $("composer").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("text");
    const text = input.value;
    try {
      await sendText(text);
      input.value = "";
    } catch (_) { /* told in the toast; the text stays to be fixed */ }
  });
  $("file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const form = new FormData();
    form.append("person", String(S.person));
    form.append("where", S.where);
    form.append("caption", $("text").value);
    form.append("file", file, file.name);
    try {
      await post("/api/upload", form);
      $("text").value = "";
    } catch (_) { /* told in the toast */ }
    e.target.value = "";
  });
  $("commands-btn").addEventListener("click", showCommands);
}

wire();
applyLanguage();
loadState(false).then(connect).catch(() => setTimeout(() => location.reload(), 2000));
