using System.Text;

namespace Sym.Sdk.Integrations.Aws.Lambda;

/// <summary>The outcome of a synchronous Lambda invocation.</summary>
public sealed record LambdaInvocationResult
{
    /// <summary>The HTTP status (200 for a completed invocation, even when the function failed).</summary>
    public required int StatusCode { get; init; }

    /// <summary>What the function returned, or its error document when <see cref="FunctionError"/> is set.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The function's error type (<c>X-Amz-Function-Error</c>, for example <c>Unhandled</c>), or <see langword="null"/>.</summary>
    public string? FunctionError { get; init; }

    /// <summary>The function version that ran (<c>X-Amz-Executed-Version</c>), if reported.</summary>
    public string? ExecutedVersion { get; init; }

    /// <summary>Whether the function itself failed.</summary>
    public bool IsFunctionError => FunctionError is not null;

    /// <summary>The payload as UTF-8 text.</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);
}
