// Signing in and signing up. Log-in takes a username or an e-mail address; the server sets the session cookie
// because the request says `X-Requested-With: XMLHttpRequest`. Sign-up through an invite link (`?id=`) joins
// that team straight after.

import * as api from "../api.js";
import {h} from "../dom.js";
import {t} from "../i18n.js";
import {field, form, page} from "./form.js";

export function loginView(app) {
  const login = field("login-id", t("login.id"), {type: "text", autocomplete: "username", required: true, autofocus: true});
  const password = field("login-password", t("login.password"), {type: "password", autocomplete: "current-password", required: true});
  const {element} = form("login-form", [login.element, password.element], async () => {
    const user = await api.post("/users/login", {login_id: login.input.value.trim(), password: password.input.value});
    await app.signedIn(user);
    app.route();
  }, t("login.submit"));
  const query = location.search;
  const invite = new URLSearchParams(query).get("redirect_to") || "";
  return page(t("login.title"), element,
    h("p", {class: "aside"}, t("login.noAccount"), " ",
      h("a", {href: "/signup_user_complete" + (invite.includes("id=") ? invite.slice(invite.indexOf("?")) : ""),
        "data-testid": "signup-link", onclick: (e) => { e.preventDefault(); app.go(e.currentTarget.getAttribute("href")); }},
      t("login.signUp"))));
}

export function signupView(app, inviteId) {
  const email = field("signup-email", t("signup.email"), {type: "email", autocomplete: "email", required: true, autofocus: true});
  const username = field("signup-username", t("signup.username"), {type: "text", autocomplete: "username", required: true,
    maxlength: 22, pattern: "[a-z][a-z0-9._-]{2,21}"});
  const password = field("signup-password", t("signup.password"), {type: "password", autocomplete: "new-password", required: true});
  const hint = h("p", {class: "hint"}, t("signup.usernameHint"));
  const invite = h("p", {class: "hint", "data-testid": "signup-invite"});
  if (inviteId) {
    api.get(`/teams/invite/${api.enc(inviteId)}`)
      .then((team) => { invite.textContent = t("signup.joining", {team: team.display_name}); })
      .catch(() => { invite.textContent = t("signup.badInvite"); });
  }
  const {element} = form("signup-form", [invite, email.element, username.element, hint, password.element], async () => {
    const body = {email: email.input.value.trim(), username: username.input.value.trim().toLowerCase(), password: password.input.value};
    await api.post("/users" + (inviteId ? `?iid=${api.enc(inviteId)}` : ""), body);
    const user = await api.post("/users/login", {login_id: body.username, password: body.password});
    await app.signedIn(user);
    if (inviteId) return app.joinByInvite(inviteId);
    app.go("/");
  }, t("signup.submit"));
  return page(t("signup.title"), element,
    h("p", {class: "aside"}, t("signup.haveAccount"), " ",
      h("a", {href: "/login", "data-testid": "login-link", onclick: (e) => { e.preventDefault(); app.go("/login"); }}, t("signup.logIn"))));
}
