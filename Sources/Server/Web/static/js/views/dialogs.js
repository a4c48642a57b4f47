// The sidebar's dialogs: create a public or private channel, browse and join public channels, and start a
// direct or group message with up to seven others.

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t} from "../i18n.js";
import {field, form} from "./form.js";
import {modal} from "./modal.js";
import {slug} from "./teams.js";

export function createChannelDialog(shell, type) {
  const name = field("channel-display-name", t("channels.name"), {type: "text", required: true, maxlength: 64, autofocus: true});
  const url = field("channel-url", t("channels.url"), {type: "text", required: true, maxlength: 64});
  const purpose = field("channel-purpose", t("channels.purpose"), {type: "text", maxlength: 250});
  const privacy = h("select", {id: "channel-type", "data-testid": "channel-type"},
    h("option", {value: "O", selected: type === "O"}, t("channels.public")),
    h("option", {value: "P", selected: type === "P"}, t("channels.private")));
  let edited = false;
  name.input.addEventListener("input", () => { if (!edited) url.input.value = slug(name.input.value); });
  url.input.addEventListener("input", () => { edited = true; });
  let dialog;
  const {element} = form("create-channel-form", [name.element, url.element, purpose.element,
    h("div", {class: "field"}, h("label", {for: "channel-type"}, t("channels.type")), privacy)], async () => {
    const channel = await api.post("/channels", {team_id: shell.team.id, name: url.input.value.trim(),
      display_name: name.input.value.trim(), purpose: purpose.input.value.trim(), type: privacy.value});
    await shell.app.loadTeamChannels(shell.team.id);
    dialog.close();
    shell.app.go(shell.channelPath(channel));
  }, t("channels.create"));
  dialog = modal("create-channel", type === "P" ? t("channels.newPrivate") : t("channels.newPublic"), element);
}

export function browseChannelsDialog(shell) {
  const list = h("ul", {class: "browse-list", "data-testid": "browse-list"});
  const search = h("input", {type: "search", "aria-label": t("channels.search"), placeholder: t("channels.search"), "data-testid": "browse-search"});
  let all = [];
  const render = () => {
    const q = search.value.trim().toLowerCase();
    const shown = all.filter((c) => !q || c.display_name.toLowerCase().includes(q) || c.name.includes(q));
    replace(list, shown.length ? shown.map((channel) => {
      const joined = shell.store.members.has(channel.id);
      return h("li", {class: "browse-row"},
        h("div", {}, h("strong", {}, channel.display_name), channel.purpose ? h("p", {class: "hint"}, channel.purpose) : null),
        h("button", {class: joined ? "" : "primary", "data-testid": `browse-join-${channel.name}`, onclick: async () => {
          try {
            if (!joined) await api.post(`/channels/${channel.id}/members`, {user_id: shell.store.me.id});
            await shell.app.loadTeamChannels(shell.team.id);
            dialog.close();
            shell.app.go(shell.channelPath(channel));
          } catch (error) {
            shell.app.toast(error.message);
          }
        }}, joined ? t("channels.view") : t("channels.join")));
    }) : h("li", {class: "hint"}, t("channels.noneToJoin")));
  };
  search.addEventListener("input", render);
  const dialog = modal("browse-channels", t("channels.browse"), search, list);
  api.get(`/teams/${shell.team.id}/channels?page=0&per_page=200`).then((channels) => {
    all = channels.filter((c) => c.delete_at === 0).sort((a, b) => a.display_name.localeCompare(b.display_name));
    render();
  }).catch((error) => shell.app.toast(error.message));
}

const othersMax = 7;

export function directMessageDialog(shell) {
  const chosen = new Map();
  const search = h("input", {type: "search", "aria-label": t("dm.search"), placeholder: t("dm.search"), "data-testid": "dm-search", autofocus: true});
  const chips = h("div", {class: "chips", "data-testid": "dm-chosen"});
  const results = h("ul", {class: "browse-list", "data-testid": "dm-results"});
  const go = h("button", {class: "primary", disabled: true, "data-testid": "dm-go"}, t("dm.go"));
  const limit = h("p", {class: "hint"}, t("dm.limit", {count: othersMax}));
  const renderChips = () => {
    replace(chips, [...chosen.values()].map((u) => h("span", {class: "chip"}, u.username,
      h("button", {class: "icon", "aria-label": t("dm.remove", {name: u.username}), onclick: () => { chosen.delete(u.id); renderChips(); }}, "×"))));
    go.disabled = chosen.size === 0;
  };
  let timer;
  const lookup = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = search.value.trim();
      // Across teams unless the server restricts direct messages to the team (TeamSettings.RestrictDirectMessage).
      const scope = shell.store.config.RestrictDirectMessage === "team" ? `&team_id=${shell.team.id}` : "";
      const users = await api.get(`/users/autocomplete?name=${api.enc(q)}${scope}`)
        .then((r) => r.users || []).catch(() => []);
      replace(results, users.filter((u) => u.id !== shell.store.me.id).map((u) => h("li", {}, h("button", {
        class: "browse-row user-row", "data-testid": `dm-user-${u.username}`, disabled: chosen.size >= othersMax && !chosen.has(u.id),
        onclick: () => { if (chosen.size < othersMax) chosen.set(u.id, u); search.value = ""; renderChips(); lookup(); },
      }, h("strong", {}, `@${u.username}`), " ", [u.first_name, u.last_name].filter(Boolean).join(" ")))));
    }, 150);
  };
  search.addEventListener("input", lookup);
  go.addEventListener("click", async () => {
    try {
      const ids = [shell.store.me.id, ...chosen.keys()];
      const channel = ids.length === 2 ? await api.post("/channels/direct", ids) : await api.post("/channels/group", ids.slice(1).concat(ids[0]));
      shell.store.putUsers([...chosen.values()]);
      await shell.app.loadTeamChannels(shell.team.id);
      dialog.close();
      shell.app.go(shell.channelPath(channel));
    } catch (error) {
      shell.app.toast(error.message);
    }
  });
  const dialog = modal("direct-message", t("dm.title"), chips, search, limit, results, h("div", {class: "modal-actions"}, go));
  lookup();
}
