// Starts the app. A file of its own, not an inline script, so that the content security policy
// needs no 'unsafe-inline' and no hash (see index.html and crates/proxy CONTENT_SECURITY_POLICY).
import init from "./cloudreq-app.js";
init();
