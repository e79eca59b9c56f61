// swift-format-ignore-file
/// The pages the web channel serves, shipped inside the binary.
///
/// Plain HTML, CSS and JavaScript: no framework, no build step, nothing loaded from elsewhere, no inline script or
/// style (the pages work under `Content-Security-Policy: default-src 'self'`). The pages hold no words of their own:
/// every text comes from the session call's `texts` (`WebText` in Dialogs), and data is only ever set as text
/// (`textContent`), never as HTML. The DOM ids and classes are the contract of docs/web.md.
public enum WebAssets {
    /// The widget's page: `GET /`.
    public static let widgetHTML: String = widgetPage
    /// The widget's style: `GET /widget.css`.
    public static let widgetCSS: String = widgetStyle
    /// The widget's script: `GET /widget.js`.
    public static let widgetJS: String = widgetScriptHead + "\n" + widgetScriptTail
    /// The script other sites include to embed the widget: `GET /embed.js`.
    public static let embedJS: String = embedScript
    /// The support console's page: `GET /agent`.
    public static let consoleHTML: String = consolePage
    /// The console's style: `GET /agent.css`.
    public static let consoleCSS: String = consoleStyle
    /// The console's script: `GET /agent.js`.
    public static let consoleJS: String = consoleScriptHead + "\n" + consoleScriptTail
}
