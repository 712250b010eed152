namespace Sym.Sdk.Runtime;

/// <summary>An error recorded on a run: what failed, at which step, when. Secrets are redacted from the message.</summary>
public sealed record SymRunError
{
    /// <summary>The step during which the error happened, for example <c>escalate</c>.</summary>
    public required string Step { get; init; }

    /// <summary>The error code: the <see cref="SymException.ErrorCode"/>, else <c>SymSDK:USER_CODE_FAILED</c>.</summary>
    public required string Code { get; init; }

    /// <summary>
    /// What went wrong, for a person: the exception's message followed by its <see cref="SymException.Hint"/> (never its
    /// type name), secrets redacted. The code is in <see cref="Code"/>.
    /// </summary>
    public required string Message { get; init; }

    /// <summary>What threw: <c>hook</c>, <c>reducer</c>, <c>strategy</c>, <c>notifier</c> or <c>sdk</c>.</summary>
    public required string Source { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
