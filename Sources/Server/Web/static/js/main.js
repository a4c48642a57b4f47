// The entry point: loads the catalogue, finds out who is signed in, and starts the router.

import {App} from "./app.js";

const app = new App(document.getElementById("app"));
app.start();
