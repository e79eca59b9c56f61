@main
enum MaxBridgeMain {
    static func main() {}
}
