// The planner's month grid (an anywidget module: no build step, works offline).
// Python sends `payload` (everything to draw); the page sends back what the planner did:
// select_day, select_item, move (drag and drop), nav, and a light `tick` so that items
// saved by someone else appear without a reload.

function h(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "style") node.setAttribute("style", value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children || []) if (child) node.appendChild(child);
  return node;
}

function navButton(model, to, label, extra) {
  return h("button", {
    class: "planner-cal-nav",
    "data-nav": to,
    type: "button",
    text: label,
    onclick: () => model.send({ kind: "nav", to, ...(extra || {}) }),
  });
}

function header(model, payload) {
  const labels = payload.labels || {};
  const month = payload.mode === "month";
  return h("div", { class: "planner-cal-header" }, [
    navButton(model, "prev_year", labels.prev_year),
    month ? navButton(model, "prev", labels.prev_month) : null,
    h("span", { class: "planner-cal-title", text: payload.title }),
    month ? navButton(model, "next", labels.next_month) : null,
    navButton(model, "next_year", labels.next_year),
    navButton(model, "today", labels.today),
    month
      ? navButton(model, "year", labels.year_view)
      : navButton(model, "month", labels.month_view, { month: payload.month || 1 }),
    h("span", { class: "planner-cal-total", text: payload.total }),
  ]);
}

function legend(payload) {
  return h(
    "div",
    { class: "planner-cal-legend" },
    (payload.legend || []).map((entry) =>
      h("span", { class: "planner-cal-legend-entry" }, [
        h("span", { class: "planner-cal-swatch", style: `background:${entry.colour}` }),
        h("span", { text: entry.label }),
      ]),
    ),
  );
}

function chip(model, item, unitShown, labels) {
  const node = h("div", {
    class: `planner-cal-chip status-${item.status}` + (item.errors ? " has-errors" : "") + (item.movable ? "" : " locked"),
    draggable: item.movable ? "true" : "false",
    "data-item-id": item.id,
    "data-version": item.version,
    title: `${item.title}\n${item.unit} · ${item.format_label} · ${item.status_label}` +
      (item.movable ? "" : `\n${labels.locked}`),
    style: `background:${item.colour}`,
    // the title first (what the item is); the unit after it, unless the colours already say which unit
    text: unitShown ? item.title : `${item.title} · ${item.unit}`,
    onclick: (event) => {
      event.stopPropagation();
      model.send({ kind: "select_item", item_id: item.id });
    },
    ondragstart: (event) => {
      event.dataTransfer.setData("text/plain", JSON.stringify({ id: item.id, version: item.version }));
      event.dataTransfer.effectAllowed = "move";
      node.classList.add("dragging");
    },
    ondragend: () => node.classList.remove("dragging"),
  });
  return node;
}

function dayCell(model, cell, labels, unitShown) {
  if (cell.outside) {
    // a day past the supported years: drawn empty, nothing to click or drop on
    return h("div", { class: "planner-cal-cell outside", "data-date": cell.date, title: labels.outside });
  }
  const classes = ["planner-cal-cell"];
  if (!cell.in_month) classes.push("other-month");
  if (cell.today) classes.push("today");
  if (cell.selected) classes.push("selected");
  if (cell.weekend) classes.push("weekend");
  if (cell.holiday) classes.push("holiday");
  if (cell.occurrences.some((o) => o.round)) classes.push("round-year");
  const items = h("div", { class: "planner-cal-items" }, cell.items.map((item) => chip(model, item, unitShown, labels)));
  const node = h(
    "div",
    {
      class: classes.join(" "),
      "data-date": cell.date,
      "data-count": cell.count,
      onclick: () => model.send({ kind: "select_day", date: cell.date }),
      ondragover: (event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        node.classList.add("drop-target");
      },
      ondragleave: () => node.classList.remove("drop-target"),
      ondrop: (event) => {
        event.preventDefault();
        node.classList.remove("drop-target");
        let data;
        try {
          data = JSON.parse(event.dataTransfer.getData("text/plain"));
        } catch (error) {
          return; // something else was dropped here: not an item of ours
        }
        const dragged = document.querySelector(`.planner-cal-chip[data-item-id="${data.id}"]`);
        if (dragged) {
          dragged.classList.add("pending"); // shown at once; a refused move redraws it where it was
          items.appendChild(dragged);
        }
        model.send({ kind: "move", item_id: data.id, version: data.version, date: cell.date });
      },
    },
    [
      h("div", { class: "planner-cal-daybar" }, [
        h("span", { class: "planner-cal-day", text: String(cell.day) }),
        h("span", { class: "planner-cal-lunar", title: labels.lunar, text: cell.lunar }),
      ]),
      cell.holiday ? h("div", { class: "planner-cal-holiday", text: cell.holiday }) : null,
      ...cell.occurrences.map((o) =>
        h("div", {
          class: "planner-cal-occurrence" + (o.round ? " round" : "") + (o.tier ? ` tier-${o.tier}` : ""),
          title: o.title,
          text: o.number ? `${o.number} năm ${o.name}` : o.name,
        }),
      ),
      items,
      cell.more ? h("div", { class: "planner-cal-more", text: cell.more }) : null,
    ],
  );
  return node;
}

function monthGrid(model, payload) {
  const head = h(
    "div",
    { class: "planner-cal-weekdays" },
    payload.weekdays.map((name) => h("div", { class: "planner-cal-weekday", text: name })),
  );
  const body = h(
    "div",
    { class: "planner-cal-grid" },
    payload.weeks.flat().map((cell) => dayCell(model, cell, payload.labels || {}, payload.colour_by === "unit")),
  );
  return h("div", { class: "planner-cal-month" }, [head, body]);
}

function yearGrid(model, payload) {
  return h(
    "div",
    { class: "planner-cal-year" },
    payload.months.map((month) =>
      h(
        "div",
        {
          class: "planner-cal-mini",
          "data-month": month.month,
          onclick: () => model.send({ kind: "nav", to: "month", month: month.month }),
        },
        [
          h("div", { class: "planner-cal-mini-title" }, [
            h("span", { text: month.title }),
            h("span", { class: "planner-cal-mini-total", text: month.total }),
          ]),
          h(
            "div",
            { class: "planner-cal-mini-grid" },
            [
              ...payload.weekdays.map((name) => h("div", { class: "planner-cal-mini-weekday", text: name })),
              ...month.weeks.flat().map((cell) =>
                h("div", {
                  class:
                    "planner-cal-mini-day" +
                    (cell.round ? " round-year" : "") +
                    (cell.holiday ? " holiday" : "") +
                    (cell.count ? " busy" : ""),
                  "data-date": cell.day ? cell.date : null,
                  "data-count": cell.count,
                  title: cell.tip || null,
                  text: String(cell.day),
                  onclick: cell.day
                    ? (event) => {
                        event.stopPropagation();
                        model.send({ kind: "select_day", date: cell.date });
                      }
                    : null,
                }),
              ),
            ],
          ),
        ],
      ),
    ),
  );
}

function draw(model, el) {
  const payload = model.get("payload") || {};
  el.replaceChildren();
  if (!payload.mode) return;
  // the root's class names the mode without clashing with the grids' own classes (.planner-cal-year is the 4×3 grid)
  const root = h("div", { class: `planner-cal planner-cal-mode-${payload.mode}`, lang: "vi" }, [
    header(model, payload),
    payload.mode === "month" ? monthGrid(model, payload) : yearGrid(model, payload),
    payload.mode === "month" ? legend(payload) : null,
  ]);
  el.appendChild(root);
}

export default {
  render({ model, el }) {
    draw(model, el);
    const redraw = () => draw(model, el);
    model.on("change:payload", redraw);
    const onMessage = (message) => {
      if (message && message.kind === "rerender") redraw();
    };
    model.on("msg:custom", onMessage);
    // The light timer: ask Python whether anything changed, only while the page is visible.
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") model.send({ kind: "tick" });
    }, Math.max(1, model.get("poll_seconds") || 3) * 1000);
    return () => {
      clearInterval(timer);
      model.off("change:payload", redraw);
      model.off("msg:custom", onMessage);
    };
  },
};
