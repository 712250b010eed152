namespace Sym.Sdk.Runtime;

/// <summary>What <see cref="ISymNotifier.DeliverAsync"/> answers: delivered (with a reference to the posted message), or a failure that trying again will not fix.</summary>
public sealed record SymDeliveryResult
{
    private static readonly SymDeliveryResult DeliveredWithoutReference = new() { Delivered = true };

    /// <summary>Whether the message reached its destination.</summary>
    public required bool Delivered { get; init; }

    /// <summary>
    /// A reference to the posted message (for example a Slack channel and timestamp). For an announcement it is recorded
    /// on the run (<see cref="SymRun.MessageReference"/>) so later updates change the same message.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>Why delivery failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Delivered.</summary>
    /// <param name="reference">The message's reference, if any.</param>
    /// <returns>The result.</returns>
    public static SymDeliveryResult Success(string? reference = null) =>
        reference is null ? DeliveredWithoutReference : new() { Delivered = true, Reference = reference };

    /// <summary>Not delivered, and trying again will not help (an announcement moves on to the next destination).</summary>
    /// <param name="error">Why.</param>
    /// <returns>The result.</returns>
    public static SymDeliveryResult Failure(string error) => new() { Delivered = false, Error = error };
}
