import ArgumentParser
import OrderMail

/// `--templates`, shared by the subcommands that render a message from templates.
struct TemplatesOption: ParsableArguments {
    @Option(
        name: .customLong("templates"),
        help:
            "Folder of order templates (default: \(TemplateLocator.environmentVariable), then the installed or source-tree Templates)."
    )
    var folder: String?
}
