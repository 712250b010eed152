namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>How a caller handles an AWS error: which <see cref="SymException"/> subtype it becomes.</summary>
internal enum AwsErrorKind
{
    Other = 0,
    NotFound = 1,
    Authentication = 2,
    Throttling = 3,
}
