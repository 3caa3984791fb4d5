// The OrderMail product is the whole library: a dependent's `import OrderMail` sees the core
// values, the mail format and the compliance check too.
@_exported import OrderMailCompliance
@_exported import OrderMailCore
@_exported import OrderMailMailFormat
