fn main() -> std::process::ExitCode {
    cloud::run()
}
