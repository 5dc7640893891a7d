//! cloudreq web app: client-side rendered Leptos, mounted on `<body>`.

mod api_list;
mod app;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
