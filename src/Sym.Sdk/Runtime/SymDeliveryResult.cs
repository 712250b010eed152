namespace Sym.Sdk.Runtime;

/// <summary>Whether announcing a request reached its destination.</summary>
public sealed record SymDeliveryResult
{
    private static readonly SymDeliveryResult DeliveredWithoutReference = new() { Delivered = true };

    /// <summary>Whether the request reached the destination.</summary>
    public required bool Delivered { get; init; }

    /// <summary>A reference to the posted message (for example a Slack channel and timestamp), for later updates.</summary>
    public string? Reference { get; init; }

    /// <summary>Why delivery failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Delivered.</summary>
    /// <param name="reference">The message's reference, if any.</param>
    /// <returns>The result.</returns>
    public static SymDeliveryResult Success(string? reference = null) =>
        reference is null ? DeliveredWithoutReference : new() { Delivered = true, Reference = reference };

    /// <summary>Not delivered.</summary>
    /// <param name="error">Why.</param>
    /// <returns>The result.</returns>
    public static SymDeliveryResult Failure(string error) => new() { Delivered = false, Error = error };
}
