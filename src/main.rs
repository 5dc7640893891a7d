//! cloudreq web app: client-side rendered Leptos, mounted on `<body>`. Thin: it draws the
//! catalog (fetched in pieces from `catalog/`) and calls the core.

mod api_page;
mod app;
mod browser;
mod catalog_client;
mod credentials_panel;
mod draft_bar;
mod field_input;
mod findings_summary;
mod history_panel;
mod import_panel;
mod navigator;
mod op_loader;
mod output_panel;
mod persist;
mod saved_panel;
mod secret_note;
mod send_panel;
mod state;
mod storage_notice;
mod theme;

fn main() {
    browser::install_panic_hook();
    leptos::mount::mount_to_body(app::App);
}
